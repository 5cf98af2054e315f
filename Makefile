# Pulse: `make run` starts the demo (server + background worker), `make test` runs the checks.
# Nothing else is needed.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install install-dev migrate bench chromium messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.txt
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Links in the demo's emails point at this server; the emails are printed here by the worker
# (Django's console backend; SMTP when EMAIL_HOST is set).
run: export PUBLIC_URL ?= http://$(HOST):$(PORT)
run: migrate
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Pulse dashboard: http://$(HOST):$(PORT)/   (log in with the demo login above)"
	@echo "  Public API:      http://$(HOST):$(PORT)/api/v1/projects/demo/changelog"
	@echo "  Public portal:   http://$(HOST):$(PORT)/portal/demo/   (changelog, roadmap, idea board, feeds)"
	@echo "  Background work: a Celery worker with its beat, on a broker in var/celery/ (no service)"
	@echo "  Emails:          printed below as the worker sends them (SMTP when EMAIL_HOST is set)"
	@echo ""
	@mkdir -p var
	@$(BIN)/celery -A pulse worker --beat --schedule var/celerybeat-schedule -P threads -c 4 -l WARNING & \
	  WORKER=$$!; trap 'kill $$WORKER 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

bench: install-dev
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/run.py

# The portal's translations (locale/): refresh the catalogues after changing a portal string,
# translate the new entries, and compile; the .mo files are committed (nothing needs gettext to run).
messages: install
	$(BIN)/python manage.py makemessages -l fr -l de -l es --no-location --no-wrap \
	  --ignore=.venv --ignore=staticfiles --ignore=var --ignore=artifacts
	$(BIN)/python manage.py compilemessages --ignore=.venv

# The browser tests drive Debian's chromium; install it when it is missing.
chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

test: install-dev chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest
