# Everyday commands: `make run` (the demo desk), `make test`, `make lint`.
# The virtualenv lives in .venv; packages are reinstalled only when pyproject.toml changes
# (stamp files inside .venv record the last install).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000

LOWEST := .venv-lowest

.PHONY: run test test-lowest lint chromium

# honcho runs the Procfile's web server and worker side by side with their output prefixed;
# Ctrl-C stops both, and so does either one exiting.
run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo load
	FACTCHECK_SITE_URL="$${FACTCHECK_SITE_URL:-http://127.0.0.1:$(PORT)}" \
		PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --procfile Procfile --port $(PORT)

test: $(VENV)/.installed-dev chromium
	$(BIN)/pytest
	$(MAKE) test-lowest

# The lower bounds in pyproject.toml are real: the fast part of the suite (no browser, SQLite)
# runs again with every dependency at its lowest allowed version.
test-lowest: $(LOWEST)/.installed
	FACTCHECK_TEST_DATABASES=sqlite $(LOWEST)/bin/pytest -q -m "not browser and not slow" -p no:cacheprovider

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

# Rebuilt from scratch when pyproject.toml changes, so no newer version lingers from before;
# the constraints are generated from pyproject.toml each time (.ci/lowest_constraints.py).
$(LOWEST)/.installed: pyproject.toml .ci/lowest_constraints.py
	rm -rf $(LOWEST)
	$(PYTHON) -m venv $(LOWEST)
	$(PYTHON) .ci/lowest_constraints.py pyproject.toml > $(LOWEST)/constraints.txt
	$(LOWEST)/bin/pip install --quiet -c $(LOWEST)/constraints.txt -e '.[dev]'
	touch $@

# The browser tests drive Debian's Chromium through Playwright.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
		$$sudo apt-get update && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y chromium; \
	fi
