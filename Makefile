# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

CHROMIUM := /usr/bin/chromium
# `make demo PORT=8080` (or PORT=8080 make demo) serves elsewhere.
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: demo test bench install clean browser api-lint-tools constraints

# Every package (and pip, and the build backend) at the version in constraints.txt.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	PIP_CONSTRAINT=$(CURDIR)/constraints.txt $(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel
	PIP_CONSTRAINT=$(CURDIR)/constraints.txt $(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Load the demo municipality into var/ (idempotent) and serve API + portal on $(HOST):$(PORT) (default 127.0.0.1:8000).
demo: $(STAMP)
	WIJKDOSSIER_DEMO=1 $(BIN)/wijkdossier demo
	WIJKDOSSIER_DEMO=1 $(BIN)/wijkdossier serve --host $(HOST) --port $(PORT)

## Debian's chromium for the browser tests (Playwright drives it; its own browser downloads are not used).
browser:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
	  || echo "chromium could not be installed: browser tests will be skipped (under CI=true they fail)"

## Spectral for the NL API Design Rules lint (tests/e2e/test_api_design_rules_lint.py), from npm, pinned by its lockfile.
API_LINT := tools/api-lint
$(API_LINT)/node_modules/.installed: $(API_LINT)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix $(API_LINT) --no-audit --no-fund --silent && touch $@; \
	else echo "npm is absent: the NL API Design Rules lint will be skipped (under CI=true it fails)"; fi

api-lint-tools: $(API_LINT)/node_modules/.installed

## Run the whole suite (PostgreSQL and browser tests skip locally without them; under CI=true they must run).
test: $(STAMP) browser api-lint-tools
	$(BIN)/python -m pytest

## Benchmarks: print figures beside a raw baseline measured in the same run.
bench: $(STAMP)
	$(BIN)/python -m bench

## Re-pin constraints.txt to what a fresh install of pyproject.toml resolves today (then commit it).
constraints:
	rm -rf .venv-pin && $(PYTHON) -m venv .venv-pin
	.venv-pin/bin/python -m pip install --quiet --upgrade pip setuptools wheel && .venv-pin/bin/python -m pip install --quiet -e '.[test]'
	{ sed -n '1,3p' constraints.txt; .venv-pin/bin/python -m pip freeze --all --exclude-editable | grep -v '^wijkdossier'; } > constraints.new
	mv constraints.new constraints.txt && rm -rf .venv-pin

clean:
	rm -rf $(VENV) var .pytest_cache $(API_LINT)/node_modules
