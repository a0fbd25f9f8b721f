# interlist — make targets. `make demo` and `make test` each set up .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
INTERLIST_LISTS ?= ../shared/data/lists
INTERLIST_PORT ?= 8000
INTERLIST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
INTERLIST_PG_SOAK_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/interlist_soak

.PHONY: install demo test test-sqlite test-postgres lint bench stress soak clean

# The matcher's hot modules compiled by mypyc beside their sources (about twice as
# fast, the same results; interlist/matching/native.py lists them), and the candidate
# index's ranking core compiled from rank.c (interlist/screening/ranking.py), rebuilt
# when their sources change.
COMPILED := src/interlist/matching/compiled.sha256

install: $(STAMP) $(COMPILED)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev,bench]'
	touch $(STAMP)

$(COMPILED): $(STAMP) tools/compile_matcher.py $(wildcard src/interlist/matching/*.py) src/interlist/screening/rank.c
	$(BIN)/python tools/compile_matcher.py

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
	$(BIN)/python benchmarks/recognition.py
	$(BIN)/python benchmarks/statistics.py

# Long runs kept out of `make test` (docs/reliability.md): the crash harness with 20 kills
# per write path on both databases, and a 10-minute soak of 32 clients driven by wrk
# (Debian's package, installed here when missing) on each database.
stress: install
	$(BIN)/python benchmarks/crash.py --points 20 --db sqlite
	$(BIN)/python benchmarks/crash.py --points 20 --db $(INTERLIST_PG_URL)
	$(MAKE) soak

# The soak alone: 32 clients for 10 minutes on SQLite, then on PostgreSQL.
soak: install
	command -v wrk >/dev/null || apt-get install -y wrk
	$(BIN)/python benchmarks/soak.py --seconds 600 --clients 32
	$(BIN)/python benchmarks/soak.py --seconds 600 --clients 32 --db $(INTERLIST_PG_SOAK_URL)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache src/build $(COMPILED) src/interlist/screening/_rank_*.so
	rm -f src/*.so src/interlist/matching/*.so
