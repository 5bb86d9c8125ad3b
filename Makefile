# The two commands of the contract: `make site` and `make test`. Everything else is a convenience.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-data check serve bench schema goldens clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

## site: check the data, then build the site into site/ (atomically: a failed build keeps the old site/)
# More options for the build, e.g. SITE_FLAGS="--summary FILE" (CI: the job summary)
SITE_FLAGS ?=
site: $(STAMP)
	$(BIN)/tradebriefs build --data data --site site $(SITE_FLAGS)

## test: the whole test suite (loader, checks, a real mkdocs build --strict, Chromium, validators)
test: $(STAMP)
	$(BIN)/python -m pytest

## test-data: the data tier, what a change to data/ alone can break (check, build, links, search, feeds,
## accessibility on the editors' data; CI runs it for a data-only change, `make test` runs it with the rest)
test-data: $(STAMP)
	$(BIN)/python -m pytest tests/test_live_data.py

## check: only check the data
check: $(STAMP)
	$(BIN)/tradebriefs check --data data

## serve: preview at http://127.0.0.1:8000, rebuilt when a file in data/ changes (--dirty: a rebuild writes only the files that changed)
serve: $(STAMP)
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

## bench: synthetic sites of 10 to 3,000 briefs, cold and warm builds; JSON in bench-results/ (takes many minutes)
BENCH_BRIEFS ?= 10 100 300 1000 3000
bench: $(STAMP)
	mkdir -p bench-results
	for n in $(BENCH_BRIEFS); do $(BIN)/tradebriefs bench --briefs $$n --out bench-results/$$n.json || exit 1; done

## schema: rewrite data/schema/*.json from the models
schema: $(STAMP)
	$(BIN)/tradebriefs schema --out data/schema

## goldens: rewrite tests/golden/ (the seed site as rendered) and tests/diff/ (expected diffs) after an intended change; review git diff
goldens: $(STAMP)
	UPDATE_GOLDENS=1 $(BIN)/python -m pytest -q tests/test_golden.py tests/test_diff.py

clean:
	rm -rf site .site-* .cache
