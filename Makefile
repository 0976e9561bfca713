# Two commands on a fresh machine: `make run` (the demo) and `make test` (the whole suite).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# The demo: SQLite, tasks in-process, e-mail printed to the console, and two-factor
# authentication not enforced, so every demo login works without an authenticator app.
DEMO_ENV := DEBUG=True MFA_REQUIRED=False

.PHONY: install run test bench lint format messages clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: install
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py seed_demo
	@echo "Open http://127.0.0.1:8000 and log in with one of the demo logins above."
	@echo "(Two-factor authentication is switched off in the demo: MFA_REQUIRED=False.)"
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/pytest -n auto

# The benchmark: a large region in its own PostgreSQL database (created if missing), gunicorn
# on 127.0.0.1, every main page measured against the trivial view. See docs/performance.md.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/buurtpreventie_bench
BENCH_ENV := DEBUG=True DATABASE_URL=$(BENCH_DATABASE_URL) \
	EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
bench: install
	$(BENCH_ENV) $(PY) manage.py bench_database
	$(BENCH_ENV) $(PY) manage.py bench $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the Dutch translations after changing source strings (needs GNU gettext).
messages: install
	DEBUG=True $(PY) manage.py makemessages -l nl --no-obsolete --no-location --ignore=.venv --ignore=staticfiles --ignore=tests
	DEBUG=True $(PY) manage.py compilemessages -l nl --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 sent-mail
