# Klartext: `make` sets up .venv and cleans seeds/ into output/; `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EVAL   := ../shared/eval/score.py

.PHONY: all setup bytecode output test check lint fuzz eval eval-realmt eval-quality bench bench-large review clean

all: output

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -c 'from pipeline.resources.tables import open_tables; open_tables()'
	touch $(STAMP)

setup: $(STAMP) bytecode

# every klartext start imports some 70 modules: where the environment keeps
# Python from writing their bytecode (PYTHONDONTWRITEBYTECODE, as many
# containers set it), each start compiled them from source again, a fifth of
# the start-up; written here once (a module changed since is compiled again)
bytecode: $(STAMP)
	$(BIN)/python -m compileall -q pipeline

output: $(STAMP) bytecode
	$(BIN)/klartext clean seeds --out output

test: $(STAMP) bytecode
	$(BIN)/python -m pytest

# the structured-document fuzz of issue 12: 100,000 larger documents with fresh seeds
# (the suite runs the same 10,000 smaller ones every time); about 8 minutes
fuzz: $(STAMP) bytecode
	$(BIN)/python -m pytest tests/test_onepass.py -k fuzz --hypothesis-profile=fuzz -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests
	$(BIN)/mypy pipeline

check: lint test

eval: $(STAMP) bytecode
	$(PYTHON) $(EVAL) --cmd '$(BIN)/klartext clean --jsonl'

eval-realmt: $(STAMP) bytecode
	$(BIN)/python -m pipeline.tools.realmt

eval-quality: $(STAMP) bytecode
	$(BIN)/python -m pipeline.tools.evalquality --cmd '$(BIN)/klartext clean --jsonl'

review: $(STAMP) bytecode
	$(BIN)/klartext review --base HEAD seeds --html build/review.html

bench: $(STAMP) bytecode
	$(BIN)/python -m pipeline.tools.bench

bench-large: $(STAMP) bytecode
	$(BIN)/python -m pipeline.tools.stress

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
