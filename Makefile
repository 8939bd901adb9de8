# Two commands do all set-up on a fresh machine:  make run  |  make test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= outputs

.PHONY: run test bench score browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

## ingest the bundled sample corpus into outputs/
run: $(STAMP)
	$(BIN)/python flows.py ingest corpora --out $(OUT)

## run the test suite (installs Debian's chromium for the report's browser test when root)
test: $(STAMP) browser
	$(BIN)/python -m pytest -q

browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; } || echo "chromium not installed: the report's browser tests will be skipped"

## score the devset (needs ../shared)
score: $(STAMP)
	$(BIN)/python flows.py ingest ../shared/devset/docs --out /tmp/devset_out --force --quiet; \
	python3 ../shared/devset/score.py --gold ../shared/devset/gold --table /tmp/devset_out/commitments.csv

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
