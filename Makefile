# Fieldbook: `make demo` runs it, `make test` tests it. `make help` lists every target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FIELDBOOK_DATABASE_URL ?= sqlite:///$(CURDIR)/instance/demo.sqlite
DEMO_SEED ?= 7

.PHONY: help venv install install-test demo test test-fast lint format bench bench-sync bench-coverage bench-pwa hypothesis-long clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

venv: $(BIN)/python ## Create the virtual environment

install: venv ## Install Fieldbook into .venv
	$(BIN)/pip install --quiet -e .

install-test: venv ## Install Fieldbook with the test extras
	$(BIN)/pip install --quiet -e '.[test,postgres]'

demo: install ## Make a demo region in instance/demo.sqlite and serve it on http://127.0.0.1:5000
	mkdir -p instance
	rm -f instance/demo.sqlite instance/demo.sqlite-wal instance/demo.sqlite-shm
	$(BIN)/fieldbook init-db
	$(BIN)/fieldbook seed-demo --seed $(DEMO_SEED)
	FIELDBOOK_SECRET_KEY=$${FIELDBOOK_SECRET_KEY:-demo-only-secret} $(BIN)/fieldbook serve --host 127.0.0.1 --port 5000

test: install-test ## Run the whole suite (PostgreSQL too when FIELDBOOK_TEST_POSTGRES_URL is set)
	$(BIN)/pytest -n 2 --dist loadgroup

test-fast: install-test ## Run the suite without the browser and slow tests
	$(BIN)/pytest -n 2 -m "not browser and not slow"

lint: install-test ## Check style with ruff
	$(BIN)/ruff check server sync tests benchmarks
	$(BIN)/ruff format --check server sync tests benchmarks

format: install-test ## Format with ruff
	$(BIN)/ruff format server sync tests benchmarks
	$(BIN)/ruff check --fix server sync tests benchmarks

hypothesis-long: install-test ## The sync state machine with 1,000 examples
	FIELDBOOK_HYPOTHESIS_EXAMPLES=1000 $(BIN)/pytest tests/test_sync_stateful.py -p no:xdist

bench: bench-sync bench-coverage bench-pwa ## Run every benchmark (prints tables)

bench-sync: install-test ## Sync push/pull throughput
	$(BIN)/python benchmarks/sync_throughput.py

bench-coverage: install-test ## Coverage report speed
	$(BIN)/python benchmarks/coverage.py

bench-pwa: install-test ## PWA size, save latency, first sync
	$(BIN)/python benchmarks/pwa.py

clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache *.egg-info
