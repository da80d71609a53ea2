# Travault: `make run` serves the app on the embedded defaults; `make test` runs the whole suite
# on PostgreSQL and Redis. Both create .venv and install the pinned requirements first.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/travault
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/travault_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/12
TEST_ENV := DEBUG=1 DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) CELERY_TASK_ALWAYS_EAGER=1 \
	CACHE_KEY_PREFIX=travault-test EMAIL_HOST= STRIPE_SECRET_KEY= DIFFBOT_TOKEN=

.PHONY: run test lint format migrations-check unit browser bench clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@python=""; \
	for candidate in python3.13 python3.12; do \
		if command -v $$candidate >/dev/null 2>&1 && $$candidate -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then python=$$(command -v $$candidate); break; fi; \
	done; \
	if [ -z "$$python" ] && command -v pyenv >/dev/null 2>&1; then \
		python=$$(ls -d "$$(pyenv root)"/versions/3.1[2-9]*/bin/python 2>/dev/null | sort -V | head -n 1); \
	fi; \
	if [ -z "$$python" ]; then echo "Travault needs Python 3.12 or newer (python3.12/python3.13 on PATH, or pyenv)." >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

run: $(VENV)/.installed
	mkdir -p var
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

migrations-check: $(VENV)/.installed
	$(TEST_ENV) DATABASE_URL=sqlite://:memory: $(PY) manage.py makemigrations --check --dry-run

unit: $(VENV)/.installed
	$(TEST_ENV) $(VENV)/bin/pytest -m "not browser" $(PYTEST_ARGS)

browser: $(VENV)/.installed
	$(TEST_ENV) $(VENV)/bin/pytest -m browser $(PYTEST_ARGS)

test: lint migrations-check unit browser

# Page timings, query counts and HTTP throughput for the largest agency of the benchmark dataset
# (loaded first into an empty BENCH_DATABASE_URL); BENCH_HTTP_SECONDS=5 for a quick run.
bench: $(VENV)/.installed
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL) $(PY) -m bench.run

clean:
	rm -rf var/staticfiles test-results
