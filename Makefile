# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
# Set-up = a virtualenv with the pinned dependencies + the pinned Pulumi CLI (built once, cached
# in ~/.cache/activity-schemas; see scripts/install-pulumi-cli.sh).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTEST_WORKERS ?= 2

.PHONY: setup engine demo test lint typecheck unit contract e2e sandbox bench reliability clean

setup: $(STAMP) engine

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[dev]"
	touch $(STAMP)

engine:
	@bash scripts/install-pulumi-cli.sh >/dev/null

demo: setup
	$(PY) -m activity_schemas.cli demo

test: setup lint typecheck
	$(PY) -m pytest -n $(PYTEST_WORKERS) -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(PY) -m pytest -q tests/unit

contract: $(STAMP)
	$(PY) -m pytest -q tests/contract

e2e: setup
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) tests/e2e

bench: setup
	$(PY) -m bench.run

# the fault matrix: run its tests, then write docs/reliability.md from their recorded results
reliability: setup
	rm -f build/reliability/results.jsonl
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) tests/unit/reliability tests/e2e/reliability
	$(PY) scripts/reliability_matrix.py

sandbox: $(STAMP)
	$(PY) -m activity_schemas.cli sandbox start

clean:
	-$(PY) -m activity_schemas.cli sandbox stop
	rm -rf .pulumi-state .pulumi-home .sandbox
