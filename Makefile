# The two commands of the contract: `make site` and `make test`. Everything else is a convenience.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test test-data check serve bench bench-edits bench-shapes schema goldens messages clean screenshots

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
## EDITION=ru previews that edition (one at a time; `make site` builds them all)
EDITION ?=
serve: $(STAMP)
	$(if $(EDITION),TRADEBRIEFS_EDITION=$(EDITION) )$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000

## bench: synthetic sites of 10 to 3,000 briefs, cold and warm builds; JSON in bench-results/ (takes many minutes)
BENCH_BRIEFS ?= 10 100 300 1000 3000
bench: $(STAMP)
	mkdir -p bench-results
	for n in $(BENCH_BRIEFS); do $(BIN)/python -m bench --briefs $$n --out bench-results/$$n.json || exit 1; done
	$(MAKE) bench-edits

## bench-edits: the long version of the incremental property test: BENCH_EDITS random edits (figures, texts,
## templates, docs/, mkdocs.yml, damaged store entries, midnight, git), each build compared with a clean one
BENCH_EDITS ?= 60
BENCH_SEED ?= 1
bench-edits: $(STAMP)
	$(BIN)/python -m bench --edits $(BENCH_EDITS) --seed $(BENCH_SEED)

## bench-shapes: `check` and the render of one brief per hostile body shape (unclosed `[` and `{{`, ...) at the
## body limit, each timed against a budget (BENCH_BUDGET seconds); JSON in bench-results/shapes.json
BENCH_BUDGET ?= 5
bench-shapes: $(STAMP)
	mkdir -p bench-results
	$(BIN)/python -m bench --shapes --budget $(BENCH_BUDGET) --out bench-results/shapes.json

## screenshots: each page kind of the built site (SITE) at 360 and 1280 px, light and dark, as PNGs in OUT, for review
SITE_DIR ?= site
OUT ?= screenshots
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py $(SITE_DIR) $(OUT)

## schema: rewrite data/schema/*.json from the models
schema: $(STAMP)
	$(BIN)/tradebriefs schema --out data/schema

## goldens: rewrite tests/golden/ (the seed site as rendered) and tests/diff/ (expected diffs) after an intended change; review git diff
goldens: $(STAMP)
	UPDATE_GOLDENS=1 $(BIN)/python -m pytest -q tests/test_golden.py tests/test_diff.py

## messages: collect the site's words from the code and templates into the catalogs (handbook/editions.md);
## a new message appears untranslated in each scripts/tradebriefs/locale/<lang>/LC_MESSAGES/messages.po
LOCALES := scripts/tradebriefs/locale
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k _ -k gettext -k phrase --no-location --sort-output \
		--omit-header -w 10000 -o $(LOCALES)/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -w 10000 -i $(LOCALES)/messages.pot -d $(LOCALES)

clean:
	rm -rf site .site-* .cache

## mutation: mutation testing (mutmut; [tool.mutmut] in pyproject.toml) of the modules that decide a published number, a
## label or a refusal, against the fast unit tests; prints the score per module (about 10 minutes on 2 cores; handbook/mutation.md)
# mutmut 3 imports mutated code only from mutants/src/: it runs in MUTATION_DIR, where src/ is a link to scripts/.
# It also reads pytest's item._nodeid, which pytest 9 renamed: MUTMUT gives it back, for this run only.
MUTATION_DIR := .cache/mutation
MUTATION_JOBS ?= 2
MUTMUT := $(CURDIR)/$(BIN)/python -c "import _pytest.nodes as n; n.Node._nodeid = property(lambda self: self.nodeid); from mutmut.__main__ import cli; cli()"
.PHONY: mutation
mutation: $(STAMP)
	rm -rf $(MUTATION_DIR) && mkdir -p $(MUTATION_DIR)
	for name in pyproject.toml mkdocs.yml docs overrides data README.md scripts tests; do ln -s $(CURDIR)/$$name $(MUTATION_DIR)/$$name; done
	ln -s $(CURDIR)/scripts $(MUTATION_DIR)/src
	@echo "started $$(date -u +%FT%TZ), load average $$(cut -d' ' -f1-3 /proc/loadavg); log: $(MUTATION_DIR)/run.log"
	cd $(MUTATION_DIR) && $(MUTMUT) run --max-children $(MUTATION_JOBS) > run.log 2>&1 || { tail -c 3000 run.log; exit 1; }
	@echo "finished $$(date -u +%FT%TZ), load average $$(cut -d' ' -f1-3 /proc/loadavg)"
	cd $(MUTATION_DIR) && $(CURDIR)/$(BIN)/mutmut results --all true > results.txt && grep -v ': killed$$' results.txt > survivors.txt || true
	@awk -F': ' '{ split($$1, p, "."); m = p[1] "." p[2]; sub(/^ +/, "", m); total[m]++; all++; \
	  if ($$2 == "killed" || $$2 == "timeout") { killed[m]++; dead++ } } \
	  END { printf "%-24s %7s %9s %6s %7s\n", "module", "killed", "survived", "total", "score"; \
	  for (m in total) printf "%-24s %7d %9d %6d %6.1f%%\n", m, killed[m], total[m] - killed[m], total[m], 100 * killed[m] / total[m] | "sort"; \
	  close("sort"); printf "%-24s %7d %9d %6d %6.1f%%\n", "all", dead, all - dead, all, 100 * dead / all }' $(MUTATION_DIR)/results.txt
	@echo "not killed: $(MUTATION_DIR)/survivors.txt; the change a mutant made: cd $(MUTATION_DIR) && $(CURDIR)/$(BIN)/mutmut show NAME"
