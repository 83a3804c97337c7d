# Everything runs inside .venv in the repo root, created from python3.11.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: example test test-dates test-all test-transformers lint bench clean system-packages notebook

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[collectors,dev,triage]'
	touch $(STAMP)

## example: run the whole pipeline on the bundled example data
example: $(STAMP)
	bash scripts/run_example.sh

# The clock the date-independence pass moves to (any instant works; see tests/README.md).
FAKE_NOW ?= 2031-06-15T03:00:00Z
DEFAULT_MARKERS := not slow and not network and not transformers

## test: the default test suite (slow tests excluded), then the tests that handle
## time once more with the clock moved years ahead (proves date independence)
test: $(STAMP)
	$(BIN)/python -m pytest -m "$(DEFAULT_MARKERS)" -q
	$(BIN)/python -m pytest -m "clock and $(DEFAULT_MARKERS)" -q -p no:cacheprovider --fake-now $(FAKE_NOW)

## test-dates: the whole default suite at the start of 2027 and the end of 2031
test-dates: $(STAMP)
	$(BIN)/python -m pytest -m "$(DEFAULT_MARKERS)" -q --fake-now 2027-01-01T00:30:00Z
	$(BIN)/python -m pytest -m "$(DEFAULT_MARKERS)" -q --fake-now 2031-12-31T23:30:00Z

## test-all: every test except network ones, slow included
test-all: $(STAMP)
	$(BIN)/python -m pytest -m "not network and not transformers" -q

## test-transformers: the transformer tests on a tiny random model (installs the
## transformers extra; torch pinned to the CPU build 2.13.0)
test-transformers: $(STAMP)
	$(BIN)/python -m pip install --quiet 'torch==2.13.0' 'transformers>=4.40' 'datasets>=2.18'
	OMP_NUM_THREADS=1 $(BIN)/python -m pytest -m transformers -q

## notebook: open the example notebook in JupyterLab (installs the notebook extra)
NOTEBOOK_STAMP := $(VENV)/.notebook
$(NOTEBOOK_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[collectors,dev,notebook]'
	touch $(NOTEBOOK_STAMP)

notebook: $(NOTEBOOK_STAMP)
	$(BIN)/jupyter lab notebooks/exposure_by_gender_and_office.ipynb

## system-packages: Debian's chromium and chromium-driver for the browser tests (root)
system-packages:
	bash scripts/ci/system_packages.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

clean:
	rm -rf $(VENV) out
