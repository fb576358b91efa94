# The two commands of the README: `make run` and `make test`.
# Both create .venv when it is missing and install the locked dependencies.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

# Settings for a local archive; .env (see .env.example) overrides them.
export DJANGO_DEBUG ?= 1
-include .env
export

.PHONY: run test install lock clean-db manage

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements-dev.lock | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.lock
	touch $(STAMP)

install: $(STAMP)

run: install
	PORT=$(PORT) $(PY) manage.py serve

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Any management command with the settings `make run` uses (.env, DJANGO_DEBUG=1 by default):
# make manage ARGS="createcurator maria"
manage: install
	$(PY) manage.py $(ARGS)

# Regenerate the locks from pyproject.toml (needs network access to PyPI): requirements.lock
# what the archive runs on (the docker image), requirements-dev.lock that and the tests' tools
# (make run, make test).
lock: install
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
		--python-platform x86_64-manylinux_2_28 -o requirements-dev.lock

# Stop nothing, delete the embedded database (var/postgres). Asks first.
clean-db:
	@read -p "Delete var/postgres and every article in it? [y/N] " a && [ "$$a" = y ] && rm -rf var/postgres
