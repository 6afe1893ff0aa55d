# Two entry points: `make run` (the app with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV := $(BIN)/uv
APP_STAMP := $(VENV)/.installed-app
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test lint install install-app

# uv (a PyPI package, pinned in constraints.txt) installs in seconds what pip takes minutes for,
# and shows what it is doing. constraints.txt pins every package to the versions the suite last
# passed with.
$(UV):
	@echo "==> Creating $(VENV) and installing uv"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt uv

# What the app needs to run.
$(APP_STAMP): pyproject.toml constraints.txt package.json | $(UV)
	@echo "==> Installing the app's Python packages"
	$(UV) pip install --python $(BIN)/python -c constraints.txt -e .
	@echo "==> Installing htmx (npm)"
	npm install --no-audit --no-fund --no-progress
	touch $(APP_STAMP)

# Plus what the tests need.
$(STAMP): $(APP_STAMP)
	@echo "==> Installing the test tools"
	$(UV) pip install --python $(BIN)/python -c constraints.txt -e ".[test]"
	touch $(STAMP)

install-app: $(APP_STAMP)

install: $(STAMP)

run: install-app
	@echo "==> Preparing the database and the demo"
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --no-pdfs
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	bash scripts/test.sh

lint: install
	$(BIN)/ruff check .
