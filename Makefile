# The front door: `make run` serves the demo, `make test` runs every test on both databases.
VENV   ?= .venv
PYTHON := $(VENV)/bin/python
FLASK  := FLASK_APP=wsgi.py $(VENV)/bin/flask
PORT   ?= 5000
HOST   ?= 127.0.0.1
# pytest-xdist processes for `make test`, each with its own scratch folder, databases and PostgreSQL cluster
TEST_WORKERS ?= 2

.PHONY: help install system-deps translations messages db demo run gallery test test-system-deps prod-check lint format bench bench-load clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt requirements-dev.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed ## Create the virtual environment and install the pinned dependencies

translations: install ## Compile the message catalogues (Vietnamese source, English translation)
	$(VENV)/bin/pybabel compile -d casework/translations -l en --statistics

messages: install ## Re-extract the Vietnamese strings and merge them into the English catalogue
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --omit-header -o casework/translations/messages.pot .
	$(VENV)/bin/pybabel update -i casework/translations/messages.pot -d casework/translations -l en

db: translations ## Migrate the database (SQLite in instance/ unless DATABASE_URL is set) and load the unit list
	$(FLASK) db upgrade
	$(FLASK) units load

demo: db ## Seed the demo commune and print the demo logins
	$(FLASK) seed-demo
	$(FLASK) signing demo-ca

run: system-deps demo ## Serve the demo on http://$(HOST):$(PORT)
	CASEWORK_JOBS_IN_PROCESS=1 $(FLASK) run --host $(HOST) --port $(PORT)

gallery: translations system-deps ## Walk a fresh demo campaign and write every issued document (PDF, PNG pages, index.html) into ./gallery/
	@if ! command -v pdftoppm >/dev/null; then \
		echo "Installing poppler-utils"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; fi
	$(FLASK) documents gallery gallery

system-deps: ## Pango for WeasyPrint's PDFs, installed with apt when missing
	@if ! ldconfig -p | grep -q libpangoft2-1.0; then \
		echo "Installing Pango"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; fi

test-system-deps: system-deps ## PostgreSQL server binaries, Redis, Debian's chromium, poppler-utils and SoftHSM, installed with apt when missing
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then \
		echo "Installing PostgreSQL"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; fi
	@if ! command -v redis-server >/dev/null && ! test -x /usr/bin/redis-server; then \
		echo "Installing Redis"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; fi
	@if ! command -v pdftotext >/dev/null; then \
		echo "Installing poppler-utils"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; fi
	@if ! command -v softhsm2-util >/dev/null; then \
		echo "Installing SoftHSM"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq softhsm2 >/dev/null; fi
	@if ! command -v chromium >/dev/null; then \
		echo "Installing chromium"; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi

test: translations test-system-deps ## Run the whole suite against SQLite and a throwaway PostgreSQL cluster
	$(PYTHON) -m pytest -n $(TEST_WORKERS) --dist loadgroup

prod-check: translations test-system-deps ## Start PostgreSQL, Redis, gunicorn (2 workers) and a Huey consumer; walk a posting and a decision through them
	CI=$${CI:-1} $(PYTHON) -m pytest tests/production -q -p no:cacheprovider

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## Apply ruff's formatting and safe fixes
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install test-system-deps ## Run every benchmark (the load test too); each prints lines `BENCH <name> <value> <unit>`
	@for script in bench/bench_*.py; do echo "# $$script"; $(PYTHON) $$script || exit 1; done

bench-load: install test-system-deps ## The load test alone: a generated province (BENCH_LOAD_HOUSEHOLDS, 300,000) under gunicorn, Locust users for BENCH_LOAD_SECONDS (60)
	$(PYTHON) bench/bench_load.py

clean: ## Remove the virtual environment and the development database
	rm -rf $(VENV) instance
