# The two commands: `make run` (app with demo data, worker and beat) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
URL := http://127.0.0.1:$(PORT)/

.PHONY: run test install lint format clean

# Reinstalls whenever a requirements file changes.
$(BIN)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(BIN)/.installed

# Web server, Celery worker and beat in one terminal (honcho, Procfile.dev); Ctrl-C stops all three.
run: install
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_demo
	@echo ""
	@echo "  ================================================================================"
	@echo "  FOIA Tracker: open $(URL) and log in with a demo user listed above."
	@echo "  Starting the web server, a Celery worker and beat; press Ctrl-C to stop all three."
	@echo "  ================================================================================"
	@echo ""
	DEBUG=true WEB_PORT=$(PORT) SITE_URL=$(URL) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile.dev

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

# ruff, and the import-linter contract that keeps the app layers one-way (pyproject.toml [tool.importlinter]).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var/db.sqlite3* var/celery-broker var/celerybeat-schedule* var/mail
