# Two commands: `make run` serves the API on the built graph; `make test` runs the tests.
# Both create .venv and install what they need on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
# API processes (uvicorn --workers), each opening the one store read-only
WORKERS ?= 1

.PHONY: run test build install install-test lint bench clean browser system-deps assets

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Browser assets from the npm registry (Swagger UI, ReDoc …), pinned by package-lock.json;
# the service serves them itself (no CDN).
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Debian packages the service itself needs: Voikko (Finnish morphology for name matching)
# and its Finnish dictionary; libseccomp2, with which the SPARQL workers deny themselves the
# network (pyseccomp loads it). Installed with apt-get when missing (needs root, as in CI).
system-deps:
	@if ! ldconfig -p | grep -q 'libvoikko\.so\.1' || [ ! -d /usr/lib/voikko ]; then \
	  echo "installing Debian's libvoikko1 and voikko-fi (Finnish morphology)"; \
	  apt-get update -qq && apt-get install -y -qq libvoikko1 voikko-fi >/dev/null; fi
	@if ! ldconfig -p | grep -q 'libseccomp\.so\.2'; then \
	  echo "installing Debian's libseccomp2 (the SPARQL workers' network wall)"; \
	  apt-get update -qq && apt-get install -y -qq libseccomp2 >/dev/null; fi

build: install system-deps assets
	$(BIN)/kg build

# the address absolute URLs are written with: HOST and PORT unless YP_PUBLIC_URL is set.
# With several processes each has its own SPARQL workers: 2 each unless YP_QUERY_WORKERS is
# set (one process keeps the default 4), so that N processes do not start 4N workers.
run: build
	YP_PUBLIC_URL="$${YP_PUBLIC_URL:-http://$(HOST):$(PORT)/}" \
	  YP_QUERY_WORKERS="$${YP_QUERY_WORKERS:-$$(( $(WORKERS) > 1 ? 2 : 4 ))}" \
	  $(BIN)/uvicorn api.main:app --host $(HOST) --port $(PORT) --workers $(WORKERS)

# The browser tests drive Debian's Chromium (Playwright downloads no browser here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

test: install-test system-deps assets lint browser
	$(BIN)/python -m pytest

lint: install-test
	$(BIN)/ruff check kg api tests bench scripts
	$(BIN)/ruff format --check kg api tests bench scripts
	$(BIN)/mypy kg api
	$(BIN)/lint-imports --no-cache

bench: install-test
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python -m bench

clean:
	rm -rf var .pytest_cache
