# Next2Met portal: the commands a developer, CI and an operator use.
# `make run` serves the portal with demo content; `make test` runs every check and test.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
E2E_NODE := tests/e2e/node_modules/axe-core/axe.min.js

# Development defaults; production settings come from the environment (see .env.example).
export DJANGO_DEBUG ?= 1
export PYTHONDONTWRITEBYTECODE := 1
# A project-local PostgreSQL cluster, when `make db` had to create one, listens on a socket here.
ifneq ($(wildcard .pgdata/PG_VERSION),)
export PGHOST ?= $(CURDIR)/.pgdata
endif

.PHONY: help install system-packages db migrate messages compilemessages demo run serve test test-fast \
        migrations-check lint format bench loadtest clean map

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "} {printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

$(E2E_NODE): tests/e2e/package.json tests/e2e/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error && touch $@; \
	else \
		echo "npm is missing: accessibility checks in tests/e2e will be skipped" \
		     "(install Node.js, e.g. 'apt-get install nodejs npm')."; \
	fi

install: system-packages $(VENV)/.installed $(E2E_NODE) ## Create .venv and install the project with its test tools

# PDF fact sheets are laid out by WeasyPrint, which needs Pango and a font with Polish and
# German letters from the system. Installed here when missing and allowed (root with apt-get).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
system-packages: ## Install the Debian packages the PDF fact sheets need, when missing and allowed
	@missing=""; \
	/sbin/ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || missing="libpango-1.0-0 libpangoft2-1.0-0"; \
	[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing$$missing"; apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
		else \
			echo "PDF fact sheets need$$missing: sudo apt-get install $(SYSTEM_PACKAGES)"; \
		fi; \
	fi

db: $(VENV)/.installed ## Make sure PostgreSQL answers and the database exists
	@$(BIN)/python -m tools.dbsetup

migrate: install db ## Apply database migrations and create the cache table
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

compilemessages: $(VENV)/.installed ## Compile the translation catalogues
	@$(MANAGE) compilemessages --ignore=$(VENV) --ignore=node_modules -v 0

messages: $(VENV)/.installed ## Update the de, en and pl catalogues, then compile them
	$(MANAGE) makemessages -l de -l en -l pl --no-location --no-obsolete \
		--ignore=$(VENV) --ignore=tests --ignore=staticfiles --ignore=node_modules
	$(BIN)/python -m tools.catalogues fill-english
	$(MAKE) compilemessages

demo: migrate ## Load the demo content (idempotent)
	$(MANAGE) load_demo

# `rundev` is runserver plus a sender loop that prints queued e-mail on the console within
# seconds; the demo accounts are printed last, just before the server's address.
run: migrate compilemessages ## Install, prepare the database, load demo content and serve on :8000
	@$(MANAGE) load_demo --quiet
	@$(MANAGE) load_demo --accounts
	@$(MANAGE) rundev 127.0.0.1:8000

serve: migrate compilemessages ## Serve with gunicorn and production-like settings on :8000
	@export DJANGO_DEBUG=0 \
	  SECRET_KEY="$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	  DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-0}" \
	  DJANGO_SECURE_COOKIES="$${DJANGO_SECURE_COOKIES:-0}" \
	  DJANGO_HSTS_SECONDS="$${DJANGO_HSTS_SECONDS:-0}"; \
	$(MANAGE) collectstatic --noinput -v 0 && \
	exec $(BIN)/gunicorn next2met.wsgi --config next2met/gunicorn.conf.py \
	  --bind 127.0.0.1:8000 --workers 3 --access-logfile -

migrations-check: $(VENV)/.installed db ## Fail when a model change has no migration
	$(MANAGE) makemigrations --check --dry-run

# The suite runs in parallel processes (pytest-xdist): one per CPU core, at most four, each with
# its own test database (test_next2met_gw0, …; TEST_DATABASE_NAME=x gives x_gw0, …).
# PYTEST_WORKERS=0 runs it in one process; PYTEST_ARGS adds options (e.g. a path, -x, -k).
PYTEST_WORKERS ?= auto
PYTEST := $(BIN)/pytest -n $(PYTEST_WORKERS) --maxprocesses=4

test: install db ## Run checks and the whole test suite (unit, integration, end-to-end) on PostgreSQL
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(MAKE) compilemessages
	$(PYTEST) $(PYTEST_ARGS)

test-fast: install db ## Run the tests without the browser
	$(PYTEST) -m "not e2e" $(PYTEST_ARGS)

lint: $(VENV)/.installed ## ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed ## Reformat and fix what ruff can
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The benchmark fills its own database (BENCH_DATABASE_URL) with synthetic measures, kept between
# runs so that a second run only measures; drop it with `dropdb next2met_bench` to start over.
# It measures the pages with the page cache off, then the page cache apart; the cache is the
# database's, or Redis when REDIS_URL is set (README, Speed).
BENCH_DATABASE_URL ?= postgres:///next2met_bench

bench: install db ## Benchmark the public pages at 10,000 and 100,000 measures, page cache off and on (own database)
	@export DATABASE_URL="$(BENCH_DATABASE_URL)" DJANGO_DEBUG=0 DJANGO_SECURE_SSL_REDIRECT=0 \
	  SECRET_KEY="$${SECRET_KEY:-$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"; \
	$(BIN)/python -m tools.dbsetup && \
	$(MANAGE) migrate --noinput -v 0 && \
	$(MANAGE) createcachetable && \
	$(MANAGE) bench_measures --sizes 10000 100000 $(BENCH_ARGS)

# The map's boundaries: Natural Earth (public domain) through npm's world-atlas (ISC), projected,
# clipped and simplified into partners/mapdata/europe.json, which is committed.
map: $(VENV)/.installed ## Prepare the map's boundary data from world-atlas
	npm ci --prefix tools/map --no-audit --no-fund --loglevel=error
	$(BIN)/python -m tools.build_map

clean: ## Remove the virtual environment and build artefacts (keeps .pgdata)
	rm -rf $(VENV) staticfiles tests/e2e/node_modules *.egg-info

loadtest: install db ## Drive gunicorn (production-like) with 32 concurrent visitors; prints latency per page
	$(BIN)/python -m pip install --quiet -e '.[load]'
	$(BIN)/python tests/load/run.py
