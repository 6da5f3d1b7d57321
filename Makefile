# Chancery — run `make help` for the list of targets.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN     = $(VENV)/bin
PY      = $(BIN)/python
HOST   ?= 127.0.0.1
PORT   ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
TEST_WORKERS ?= auto

.DEFAULT_GOAL := help
.PHONY: help setup messages screenshots prepare prepare-pages run serve serve-edge dev fault-test probe bench-load backup restore bench-mirror migrate import test test-postgres lighthouse lint format bench openapi clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c "import sys; assert sys.version_info >= (3, 11), sys.version" || { echo "Python 3.11+ is needed; set PYTHON=/path/to/python3.11"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	@# uv resolves and installs in seconds what pip takes minutes for; pip if uv is unavailable.
	{ $(PY) -m pip install --quiet uv && $(BIN)/uv pip install --quiet --python $(PY) -e '.[dev]'; } \
		|| $(PY) -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed for the map library (apt-get install npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(VENV)/.installed node_modules/.package-lock.json ## Create the virtual environment, install everything (PyPI, npm), compile the translations
	@if [ -d locale ]; then $(BIN)/pybabel -q compile --domain django --directory locale; fi

messages: setup ## Extract the translatable strings into locale/*/LC_MESSAGES/django.po (needs GNU gettext)
	mkdir -p locale
	$(PY) manage.py makemessages --no-obsolete --add-location=file --ignore '.venv/*' --ignore 'node_modules/*' -l fr -l es -l de -l ru -l ar

migrate: setup ## Apply database migrations
	$(PY) manage.py migrate --noinput

import: migrate ## Import the missions file (CHANCERY_MISSIONS_CSV, default: the shared snapshot)
	$(PY) manage.py ingest_missions

SHARED_DATA ?= ../shared/data

prepare: prepare-pages ## Everything `make run` serves: the data, the static files and the export files
	$(PY) manage.py build_exports --base-url http://$(HOST):$(PORT)

prepare-pages: migrate ## The data and the static files the pages need (no export files)
	$(PY) manage.py ingest_missions --if-empty
	@# The shared samples of the contact sources (idempotent: a second run changes nothing).
	-@test ! -f $(SHARED_DATA)/osm-embassies-singapore-sample/embassies-sg-20241120-1.geojson || $(PY) manage.py ingest_osm --file $(SHARED_DATA)/osm-embassies-singapore-sample/embassies-sg-20241120-1.geojson 2>/dev/null | tail -1
	-@test ! -f $(SHARED_DATA)/govuk-fcdo-content-samples/worldwide_office-british-embassy-manila.json || $(PY) manage.py ingest_govuk_offices --file $(SHARED_DATA)/govuk-fcdo-content-samples/worldwide_office-british-embassy-manila.json 2>/dev/null | tail -1
	$(PY) manage.py news_feeds_default
	-$(PY) manage.py ingest_advisories --issuer us --if-empty
	$(PY) manage.py collectstatic --noinput --verbosity 0

run: prepare ## Set up, import the real data if the database is empty, and serve on http://127.0.0.1:8000 (gunicorn, threaded workers)
	DJANGO_SETTINGS_MODULE=config.settings.dev $(BIN)/gunicorn --config config/gunicorn.conf.py --bind $(HOST):$(PORT) config.wsgi

serve: prepare ## Serve the production way on SQLite: production settings, gunicorn, whitenoise
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" \
	DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	DJANGO_SECURE_SSL_REDIRECT="$${DJANGO_SECURE_SSL_REDIRECT:-0}" \
	DJANGO_SECURE_COOKIES="$${DJANGO_SECURE_COOKIES:-0}" \
	$(BIN)/gunicorn --config config/gunicorn.conf.py --bind $(HOST):$(PORT) config.wsgi

serve-edge: prepare ## Crisis mode: nginx cache (and the static mirror in var/mirror, if made) in front of gunicorn
	DJANGO_SETTINGS_MODULE=config.settings.dev CHANCERY_PROXY_COUNT=1 $(PY) deploy/serve_edge.py

dev: prepare ## Like run, with Django's auto-reloading development server
	$(PY) manage.py runserver $(HOST):$(PORT)

README_SHOTS = pickers_lead_to_the_pair_page_and_a_mission_with_tap_to_call-home \
	pickers_lead_to_the_pair_page_and_a_mission_with_tap_to_call-mission \
	search_from_the_header-results help_with_the_location_shared-answer \
	switching_language_arabic_included-arabic a_host_hub_map_clusters_its_missions-clustered

screenshots: setup ## The screenshots in docs/pages.md (docs/screenshots), from the browser journeys
	rm -rf $(VENV)/shots && mkdir -p docs/screenshots
	CHANCERY_SCREENSHOTS=$(VENV)/shots CHANCERY_SCREENSHOT_TYPE=jpeg $(BIN)/pytest -q -p no:cacheprovider tests/browser -k "journeys or clusters"
	for shot in $(README_SHOTS); do cp $(VENV)/shots/$$shot-phone.jpg $(VENV)/shots/$$shot-desktop.jpg docs/screenshots/; done

test: setup ## Run the test suite (SQLite): one process per core, then the browser tests (one site per process)
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal --ignore=tests/browser
	$(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal tests/browser

LIGHTHOUSE_DB ?= $(CURDIR)/var/lighthouse.sqlite3

lighthouse: setup ## Lighthouse CI (mobile) on eight pages served the production way, on their own database (needs chromium): each category ≥ 0.95
	@# The audited pages need no export files: the data and the static files only.
	DATABASE_URL=sqlite:///$(LIGHTHOUSE_DB) $(MAKE) --no-print-directory prepare-pages
	DATABASE_URL=sqlite:///$(LIGHTHOUSE_DB) $(PY) ci/lighthouse.py

test-postgres: setup ## Run the test suite on PostgreSQL ($(PG_URL)); the browser tests run on SQLite only
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal --ignore=tests/browser

lint: setup ## Lint: ruff, template indentation (djhtml), the floors (import-linter), types (mypy), migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

format: setup ## Format the code and indent the templates
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

$(VENV)/.bench-installed: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	touch $@

bench-load: prepare $(VENV)/.bench-installed ## Requests/s and latency under wrk, with the Python, nginx and Datasette references
	$(PY) -m benchmarks.load

fault-test: setup ## Faults on PostgreSQL: wrk, database stopped mid-run, SIGTERM drain, slow clients, start without a database (FAULTS= to pick parts)
	$(PY) -m benchmarks.faults $(FAULTS)

probe: prepare ## Attacker's probes against `make serve` on a copy of the database: redirects, confusable URLs, CSV formulas, slow clients, rate limit, page cache, internal fetches, schemathesis (PROBES= to pick some)
	$(PY) -m benchmarks.probes $(PROBES)

bench-mirror: prepare ## Time the static mirror of the whole site (export_site into a temporary folder)
	rm -rf $(VENV)/mirror-bench && $(PY) manage.py export_site $(VENV)/mirror-bench --no-progress && rm -rf $(VENV)/mirror-bench

backup: setup ## Back up the whole database to var/backups/ (FILE=path to choose)
	$(PY) manage.py backup_db $(FILE)

restore: setup ## Restore the database from FILE=path (made by make backup)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=var/backups/…"; exit 2; }
	$(PY) manage.py restore_db $(FILE)

openapi: setup ## Write the OpenAPI schema to docs/openapi.json
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py export_openapi_schema --api chancery.api.api.api --indent 2 --sorted --output docs/openapi.json

bench: setup ## Benchmarks: import, page, search figures on the real data, then the load rows (bench-load)
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) -m benchmarks.run
	$(MAKE) bench-load

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var
