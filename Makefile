# make demo: the embedded default (SQLite, database search, django-q2 on the ORM) at http://127.0.0.1:$(PORT)
# make test: the whole suite on PostgreSQL, with headless Chromium
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PORT ?= 8000

.PHONY: demo test lint format

$(VENV)/.installed-%: requirements/%.txt requirements/base.txt
	test -x $(VENV)/bin/python || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r $<
	touch $@

demo: $(VENV)/.installed-base
	DJANGO_SETTINGS_MODULE=cluster.settings.dev $(VENV)/bin/python manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=cluster.settings.dev $(VENV)/bin/python manage.py demo_cluster --port $(PORT)
	PORT=$(PORT) scripts/serve-demo.sh

test: $(VENV)/.installed-test
	scripts/test.sh

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-test
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
