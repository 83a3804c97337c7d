# Everything runs inside .venv in the repo root, created from python3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: example test test-all test-transformers lint bench clean system-packages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[collectors,dev,triage]'
	touch $(STAMP)

## example: run the whole pipeline on the bundled example data
example: $(STAMP)
	bash scripts/run_example.sh

## test: the default test suite (slow tests excluded)
test: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not network and not transformers" -q

## test-all: every test except network ones, slow included
test-all: $(STAMP)
	$(BIN)/python -m pytest -m "not network and not transformers" -q

## test-transformers: the transformer tests on a tiny random model (installs the
## transformers extra; torch pinned to the CPU build 2.13.0)
test-transformers: $(STAMP)
	$(BIN)/python -m pip install --quiet 'torch==2.13.0' 'transformers>=4.40' 'datasets>=2.18'
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest -m transformers -q

## system-packages: Debian's chromium and chromium-driver for the browser tests (root)
system-packages:
	bash scripts/ci/system_packages.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

clean:
	rm -rf $(VENV) out
