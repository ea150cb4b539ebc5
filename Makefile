# The two commands of the README: `make run` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
TEST_ENV := DJANGO_SETTINGS_MODULE=scn_wagtail.settings.test
# `make run PORT=8001` serves there; links in the emails it sends follow (settings/dev.py).
PORT ?= 8000
export PORT

.PHONY: run test install lint format pytest demo bench bench-office worker clean messages checkers \
	screenshots lighthouse fonts icons

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# The current Nu HTML Checker, from the npm registry (the tests' HTML validation; needs Java).
VNU_VERSION := 26.9.27
VNU := $(VENV)/npm/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-audit --no-fund --prefix $(VENV)/npm vnu-jar@$(VNU_VERSION); \
	else echo "npm not found: the tests' HTML validation will be skipped"; fi

## The checkers the tests run (the Nu HTML Checker; axe-core comes with its Python package).
checkers: $(VNU)

## The interface translations (locale/*/LC_MESSAGES/django.po) compiled for Django.
install: $(STAMP)
	$(BIN)/python manage.py compile_catalogues

## After changing interface strings: add new ones to the French and Arabic catalogues,
## translate them, and `make install` compiles them (tests fail while one is missing).
messages: install
	$(BIN)/python manage.py makemessages -l fr -l ar --add-location=file --no-wrap \
		--ignore=.venv --ignore=bench --ignore=tests --ignore=docs --ignore=deploy \
		--ignore=staticfiles --ignore=media

## Set up everything and serve the demo site on http://127.0.0.1:$(PORT) (admin at /admin/).
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content
	$(BIN)/python manage.py ensure_admin
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## Lint, system checks, migration check and the whole test suite.
test: install checkers lint
	$(TEST_ENV) $(BIN)/python manage.py check --fail-level WARNING
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

## The test suite alone (CI runs it again on PostgreSQL).
pytest: install checkers
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_content

## Issue 8's benchmark: the production stack on loopback, one table of req/s and ratios
## (docs/performance.md). Options: make bench BENCH_ARGS="--help".
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

## The membership office at 100, 10,000 and 100,000 enquiries on PostgreSQL (needs the server
## on 127.0.0.1:5432 and Redis; figures in docs/performance.md).
bench-office: install
	$(BIN)/python bench/office.py $(BENCH_OFFICE_ARGS)

## The background worker for a database task queue (start the server with the same setting).
worker: install
	TASKS_BACKEND=database $(BIN)/python manage.py db_worker

## Issue 12's pictures of the look: every page type at 1280 and 390 px, English and Arabic,
## from the demo site served by `make run` on $(PORT), into docs/images/look/ (docs/look.md).
screenshots: install
	$(BIN)/python -m bench.screenshots --base-url http://127.0.0.1:$(PORT)

# Lighthouse from the npm registry, run in Debian's Chromium (never a browser of its own).
LIGHTHOUSE_VERSION := 12.8.2
LIGHTHOUSE_PREFIX ?= $(VENV)/lighthouse
LIGHTHOUSE := $(LIGHTHOUSE_PREFIX)/node_modules/.bin/lighthouse

$(LIGHTHOUSE):
	npm install --silent --no-audit --no-fund --prefix $(LIGHTHOUSE_PREFIX) lighthouse@$(LIGHTHOUSE_VERSION)

## Lighthouse's four scores for the home page, the FAQ, the news index and /join/ on the
## production stack (PostgreSQL on 127.0.0.1:5432, Redis, gunicorn; figures in docs/look.md).
lighthouse: install $(LIGHTHOUSE)
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python -m bench.lighthouse --lighthouse $(LIGHTHOUSE)

## How the Latin font files and the logo's PNG and ICO files were made (developer tools:
## fonts need `pip install fonttools brotli` and Debian's fonts-noto-core).
fonts:
	python3 bench/make_fonts.py

icons: install
	$(BIN)/python -m bench.make_icons

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
