# Everyday commands: `make run` (the demo desk), `make test`, `make lint`.
# The virtualenv lives in .venv; packages are reinstalled only when pyproject.toml changes
# (stamp files inside .venv record the last install).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PORT ?= 5000

LOWEST := .venv-lowest

.PHONY: run serve test test-lowest lint chromium axe translations

# honcho runs the Procfile's web server and worker side by side with their output prefixed;
# Ctrl-C stops both, and so does either one exiting.
run: $(VENV)/.installed
	$(FLASK) db upgrade
	$(FLASK) demo load
	FACTCHECK_SITE_URL="$${FACTCHECK_SITE_URL:-http://127.0.0.1:$(PORT)}" \
		PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --procfile Procfile --port $(PORT)

# Production-style: gunicorn with gunicorn.conf.py (workers from the CPU count) on
# 127.0.0.1:$(PORT), behind the proxy the README's "Deploying" section describes.
serve: $(VENV)/.installed
	$(FLASK) db upgrade
	PORT=$(PORT) $(BIN)/gunicorn -c gunicorn.conf.py

test: $(VENV)/.installed-dev chromium axe
	$(BIN)/pytest
	$(MAKE) test-lowest

# The lower bounds in pyproject.toml are real: the fast part of the suite (no browser, SQLite)
# runs again with every dependency at its lowest allowed version.
test-lowest: $(LOWEST)/.installed
	FACTCHECK_TEST_DATABASES=sqlite $(LOWEST)/bin/pytest -q -m "not browser and not slow" -p no:cacheprovider

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy factcheck

# After marking new strings: refresh the template and every catalogue (then translate the new
# entries; tests/test_translations.py lists what is missing). The .po files are read at run
# time (factcheck/i18n.py), so nothing needs compiling.
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 \
		--width 100 --project factcheck --version 0.1.0 -o factcheck/translations/messages.pot .
	$(BIN)/pybabel update -i factcheck/translations/messages.pot -d factcheck/translations \
		--no-fuzzy-matching --width 100

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

# The accessibility test runs axe-core in the page; it comes from the npm registry at a pinned
# version (never a CDN) and lives in the git-ignored .cache/axe. Debian's npm if there is none.
AXE_VERSION := 4.10.2
AXE := .cache/axe/axe-core-$(AXE_VERSION)/axe.min.js

axe: $(AXE)

$(AXE):
	@if ! command -v npm >/dev/null; then \
		if [ "$$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi; \
		$$sudo apt-get update && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y npm; \
	fi
	mkdir -p .cache/axe
	cd .cache/axe && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null
	rm -rf .cache/axe/axe-core-$(AXE_VERSION)
	mkdir -p .cache/axe/axe-core-$(AXE_VERSION)
	tar -xzf .cache/axe/axe-core-$(AXE_VERSION).tgz -C .cache/axe/axe-core-$(AXE_VERSION) --strip-components=1
	touch $@
