# interlist — make targets. `make demo` and `make test` each set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INTERLIST_LISTS ?= ../shared/data/lists
INTERLIST_PORT ?= 8000
INTERLIST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: install demo test test-sqlite test-postgres lint bench clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,bench]'
	touch $(STAMP)

demo: install
	$(BIN)/interlist demo --lists $(INTERLIST_LISTS) --host 127.0.0.1 --port $(INTERLIST_PORT)

lint: install
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy

test-sqlite: install
	INTERLIST_TEST_DB=sqlite $(BIN)/pytest -n 2 -q

test-postgres: install
	INTERLIST_TEST_DB=$(INTERLIST_PG_URL) $(BIN)/pytest -n 2 -q

test: lint test-sqlite test-postgres

bench: install
	$(BIN)/python benchmarks/ingest.py
	$(BIN)/python benchmarks/matching.py
	$(BIN)/python benchmarks/screening.py
	$(BIN)/python benchmarks/xref.py
	$(BIN)/python benchmarks/web_pages.py --db var/bench/screening.sqlite

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
