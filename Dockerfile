FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY buurtpreventie buurtpreventie
COPY teams teams
COPY signalen signalen
COPY trainingen trainingen
RUN pip install --no-cache-dir .
COPY . .
# collectstatic needs settings that load; the real secret comes from the environment at run time.
RUN DEBUG=True python manage.py collectstatic --noinput
RUN useradd --system --home /app buurtpreventie && mkdir -p /data/media && chown buurtpreventie /data/media
USER buurtpreventie
EXPOSE 8000
