# One entry point for docs work. Every target sets up its own virtual
# environment, so `make serve` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
NODE_DEPS := node_modules/.installed
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test bench check-pages clean

serve: $(VENV)/.runtime $(NODE_DEPS)  ## serve the site at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(VENV)/.runtime $(NODE_DEPS)  ## strict build into site/
	$(BIN)/mkdocs build --strict

test: $(VENV)/.dev $(NODE_DEPS)  ## the whole test suite: unit, build, examples, browser
	bash scripts/ensure-test-tools.sh
	$(BIN)/python -m pytest

bench: $(VENV)/.dev $(NODE_DEPS)  ## ours vs plain Material: build, bytes, Lighthouse, search
	bash scripts/ensure-test-tools.sh
	$(BIN)/python scripts/bench.py

# npm packages pinned in package-lock.json: esbuild (the build minifies our
# scripts with it), Lighthouse (make bench) and Pyodide 3.14 and 3.15 (the tests
# run newer-Python examples on it; the build copies it into the site for "Run").
# Node.js and Graphviz (the build draws diagrams with it) come from apt if missing.
$(NODE_DEPS): package.json package-lock.json
	bash scripts/ensure-test-tools.sh build
	npm ci --no-audit --no-fund --silent
	touch $@

check-pages: $(VENV)/.dev  ## format + examples of the given pages: make check-pages PAGES=docs/topics/01-*.md
	$(BIN)/python scripts/check_page.py $(PAGES)

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.runtime $@

clean:
	rm -rf $(VENV) site .pytest_cache
