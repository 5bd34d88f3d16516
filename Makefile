# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

## Load the demo municipality into var/ (idempotent) and serve API + portal on 127.0.0.1:8000.
demo: $(STAMP)
	WIJKDOSSIER_DEMO=1 $(BIN)/wijkdossier demo
	WIJKDOSSIER_DEMO=1 $(BIN)/wijkdossier serve --host 127.0.0.1 --port 8000

## Run the whole suite (PostgreSQL tests skip locally without a server; under CI=true they must run).
test: $(STAMP)
	$(BIN)/python -m pytest

## Benchmarks: print figures beside a raw baseline measured in the same run.
bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache
