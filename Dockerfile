FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# Exactly the locked versions, checked against their hashes (README, Dependencies). The lock
# comes in alone, so that a change to the code reuses this layer.
COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --require-hashes --no-deps -r requirements/base.txt
# The code is not installed as a package but runs from /app: PYTHONPATH lets every process
# (gunicorn, celery) import it whatever its working directory.
ENV PYTHONPATH=/app
# .dockerignore keeps secrets, local data, test output and caches out.
COPY . .
# collectstatic needs settings that load; the real secret comes from the environment at run
# time. BENCHMARK_APP=False: production's apps, although DEBUG is on for this one command.
RUN DEBUG=True BENCHMARK_APP=False python manage.py collectstatic --noinput
RUN useradd --system --home /app buurtpreventie && mkdir -p /data/media && chown buurtpreventie /data/media
USER buurtpreventie
EXPOSE 8000
# The web server; workers and beat give their own command (docker-compose.yml), and
# migrations run once per deployment as a step of their own (`python manage.py migrate`).
CMD ["sh", "-c", "exec gunicorn buurtpreventie.wsgi --bind 0.0.0.0:${PORT:-8000} --workers 3 --timeout 30 --access-logfile -"]
