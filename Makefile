# Two commands on a fresh machine: `make run` (the demo) and `make test` (the whole suite).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
# Every install comes from the hash-locked files in requirements/ (see README, Dependencies).
# Copy mode: the cache and the project may sit on different disks, and uv would warn.
UV_ENV := VIRTUAL_ENV=$(VENV) UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
UV_INSTALL := $(UV_ENV) $(UV) pip install --quiet --require-hashes --no-deps --python $(PY)
UV_COMPILE := $(UV_ENV) $(UV) pip compile --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock"

# The demo: SQLite, tasks in-process, e-mail printed to the console, and two-factor
# authentication not enforced, so every demo login works without an authenticator app.
DEMO_ENV := DEBUG=True MFA_REQUIRED=False
# The seed's own e-mails to the fictional people (new signals, training invitations and
# self-assessments) go to sent-mail/ rather than the terminal, so it prints little more than
# the logins, last.
SEED_ENV := $(DEMO_ENV) LOG_LEVEL=WARNING \
	EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend

.PHONY: install install-dev run test test-faults test-dates lock upgrade bench bench-xl lint hooks messages clean

$(VENV)/.uv: requirements/uv.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -qq --disable-pip-version-check --require-hashes --no-deps \
		-r requirements/uv.txt
	touch $@

# What the application needs to run: the demo and production.
$(VENV)/.base: $(VENV)/.uv requirements/base.txt
	$(UV_INSTALL) -r requirements/base.txt
	touch $@

# Plus the test, type and lint tools.
$(VENV)/.dev: $(VENV)/.base requirements/dev.txt
	$(UV_INSTALL) -r requirements/dev.txt
	touch $@

install: $(VENV)/.base

install-dev: $(VENV)/.dev

# Lighthouse for the phone pages (tests/browser/test_lighthouse.py), from package-lock.json;
# without npm the test is skipped here and fails in CI.
node_modules/.package-lock.json: package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error; fi

# Where the demo serves (`make run RUN_PORT=8001` for another port). Links in its e-mails and
# calendar files (SITE_URL) point to the same address, whatever a .env file says.
RUN_PORT ?= 8000
RUN_URL := http://127.0.0.1:$(RUN_PORT)

run: install
	@SITE_URL=$(RUN_URL) $(DEMO_ENV) $(PY) manage.py migrate --noinput --verbosity 0
	@SITE_URL=$(RUN_URL) $(SEED_ENV) $(PY) manage.py seed_demo
	@echo "Open $(RUN_URL) and log in with one of the demo logins above."
	@echo "(Two-factor authentication is switched off in the demo: MFA_REQUIRED=False.)"
	@SITE_URL=$(RUN_URL) $(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(RUN_PORT)

test: install-dev node_modules/.package-lock.json
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=True $(VENV)/bin/mypy
	$(VENV)/bin/pytest -n auto --ignore=tests/faults -m "not lighthouse" $(PYTEST_ARGS)
	# Lighthouse measures speed: alone, once the rest no longer shares the CPUs with it.
	$(VENV)/bin/pytest -m lighthouse tests/browser/test_lighthouse.py

# The fault-injection suite (tests/faults/, issue 17), not part of `make test`: three stacks
# side by side, each with its own PostgreSQL cluster, Redis, gunicorn, Celery worker and beat
# and a counting mail server, under real HTTP traffic while Redis, the worker, PostgreSQL,
# the mail server and beat fail. About nine minutes; needs root (pg_createcluster) and
# redis-server. Prints each scenario's figures at the end. FAULT_SCALE=0.25 shortens the
# faults for a quick look (the default is the issue's durations).
test-faults: install-dev
	$(VENV)/bin/pytest -n 3 --dist loadfile -m faults --durations=12 tests/faults $(PYTEST_ARGS)

# The date-sensitive tests at each moment of tests/support/clock.py (about a minute each).
test-dates: install-dev
	for moment in $$($(PY) -m tests.support.clock --names); do \
		echo "== TEST_NOW=$$moment"; \
		TEST_NOW=$$moment $(VENV)/bin/pytest -n auto -q -m dates || exit 1; \
	done

# Write the locks again from pyproject.toml, keeping every version that still fits.
lock: $(VENV)/.uv
	$(UV_COMPILE) requirements/uv.in -o requirements/uv.txt
	$(UV_COMPILE) pyproject.toml -o requirements/base.txt
	$(UV_COMPILE) pyproject.toml --extra dev -c requirements/base.txt -o requirements/dev.txt

# A deliberate upgrade: the newest versions pyproject.toml allows, then the whole suite.
# Commit requirements/ only when it passes.
upgrade: $(VENV)/.uv
	$(UV_COMPILE) --upgrade requirements/uv.in -o requirements/uv.txt
	$(UV_COMPILE) --upgrade pyproject.toml -o requirements/base.txt
	$(UV_COMPILE) --upgrade pyproject.toml --extra dev -c requirements/base.txt \
		-o requirements/dev.txt
	git diff --stat -- requirements/
	$(MAKE) test

# The benchmark: a large region in its own PostgreSQL database (created if missing), gunicorn
# on 127.0.0.1, every main page measured against the trivial view. See docs/performance.md.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/buurtpreventie_bench
BENCH_ENV := DEBUG=True DATABASE_URL=$(BENCH_DATABASE_URL) \
	EMAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
bench: install-dev
	$(BENCH_ENV) $(PY) manage.py bench_database
	$(BENCH_ENV) $(PY) manage.py bench $(BENCH_ARGS)

# The same on the whole region (a million signals, five years) in a database of its own;
# seeding it once takes some ten minutes.
bench-xl:
	$(MAKE) bench BENCH_DATABASE_URL=$(BENCH_DATABASE_URL)_xl BENCH_ARGS="--size xl $(BENCH_ARGS)"

lint: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Run ruff, mypy and the whitespace checks before every commit (.pre-commit-config.yaml).
hooks: install-dev
	$(VENV)/bin/pre-commit install

# Refresh the Dutch translations after changing source strings (needs GNU gettext).
messages: install
	DEBUG=True $(PY) manage.py makemessages -l nl --no-obsolete --no-location --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=node_modules
	DEBUG=True $(PY) manage.py compilemessages -l nl --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 sent-mail
