# Everyday commands: `make run` (the demo desk), `make test`, `make lint`.
# The virtualenv lives in .venv; packages are reinstalled only when pyproject.toml changes
# (stamp files inside .venv record the last install).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000

.PHONY: run test lint chromium

# honcho runs the Procfile's web server and worker side by side with their output prefixed;
# Ctrl-C stops both, and so does either one exiting.
run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo load
	FACTCHECK_SITE_URL="$${FACTCHECK_SITE_URL:-http://127.0.0.1:$(PORT)}" \
		PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --procfile Procfile --port $(PORT)

test: $(VENV)/.installed-dev chromium
	$(BIN)/pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy factcheck

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

# The browser tests drive Debian's Chromium through Playwright.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
		$$sudo apt-get update && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y chromium; \
	fi
