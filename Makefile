# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test install install-dev lint typecheck format messages makemessages worker clean-venv

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

# What production runs (requirements.txt), reinstalled whenever it changes. xstatic-bootstrap
# ships only an sdist whose build needs pkg_resources, hence the build constraint on setuptools.
$(STAMP): requirements.txt constraints-build.txt | $(PY)
	$(PY) -m pip install --quiet --upgrade "pip>=25.3"
	$(PY) -m pip install --quiet --build-constraint constraints-build.txt -r requirements.txt
	touch $(STAMP)

# Tests and tooling on top (requirements-dev.txt includes requirements.txt): reinstalled whenever
# either file changes, since a newer runtime stamp is newer than this one too.
$(DEV_STAMP): requirements-dev.txt $(STAMP)
	$(PY) -m pip install --quiet --build-constraint constraints-build.txt -r requirements-dev.txt
	touch $(DEV_STAMP)

# The front-end libraries (package.json: Tabulator) install into node_modules/, reinstalled whenever
# the lock file changes; outsourcing/staticfinders.py serves the few files the pages use.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

install: $(STAMP) $(NODE_STAMP)

install-dev: $(DEV_STAMP)

# Pure-Python compile of locale/*/LC_MESSAGES/*.po (no GNU gettext needed).
messages: install
	$(PY) -m outsourcing.catalogues

# Re-extract strings after changing user-facing text (needs GNU gettext's xgettext).
makemessages: install
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l id --no-obsolete --ignore=.venv --ignore=staticfiles
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -d djangojs -l id --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=static/vendor

run: install messages
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py seed_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(PY) manage.py runserver 127.0.0.1:8000

# One worker with the beat scheduler, which re-sends roadmaps a broker outage left queued (run -B on
# one worker only). Without REDIS_URL there is no broker: `make run` computes roadmaps in-process.
worker: install
	@test -n "$$REDIS_URL" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) and the DATABASE_URL of the web process."; exit 1; }
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} $(BIN)/celery -A outsourcing worker -l info -B --schedule=$(VENV)/celerybeat-schedule

# pytest-randomly shuffles the order on every run and prints the seed in the header; replay an
# order with PYTEST_ARGS="--randomly-seed=N", or keep file order with PYTEST_ARGS="-p no:randomly".
test: install-dev messages
	DJANGO_TESTING=1 $(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MAKE) --no-print-directory typecheck

# mypy with django-stubs; its configuration (strict on the engine) is in pyproject.toml.
typecheck: install-dev
	DJANGO_TESTING=1 $(BIN)/mypy

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean-venv:
	rm -rf $(VENV)
