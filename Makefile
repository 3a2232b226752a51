# Parcours — the commands a newcomer and CI use. See README.md.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
# The test suite runs on this many processes (pytest-xdist); 0 for one.
TEST_PROCESSES ?= 2
CONSTRAINTS := requirements/constraints.txt
# gunicorn in the foreground and the background-task worker (report exports)
# beside it; Ctrl+C (or gunicorn stopping) stops the worker too.
SERVE_WITH_WORKER = trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/parcours db_worker --no-startup-delay & worker=$$!; \
	$(BIN)/gunicorn parcours.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile -

.PHONY: help install install-dev demo serve test lint typecheck imports pytest bench messages clean

help:
	@echo "make demo      set up, load the demo network and serve it on http://$(HOST):$(PORT)"
	@echo "make test      lint, type-check, check the import contracts and migrations, run the whole test suite"
	@echo "make install   create $(VENV) and install Parcours with pinned dependencies"
	@echo "make bench     run the benchmarks under bench/"
	@echo "make messages  update and compile the French/English message catalogues"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Parcours needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(CONSTRAINTS)
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(CONSTRAINTS) -e ".[dev,spark]"
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

demo: install
	$(BIN)/parcours migrate --noinput
	$(BIN)/parcours seed_demo
	$(BIN)/parcours collectstatic --noinput --verbosity 0
	@echo ""
	@echo "Parcours is served on http://$(HOST):$(PORT)/ with its task worker — Ctrl+C to stop both."
	$(SERVE_WITH_WORKER) --graceful-timeout 5

serve: install
	$(BIN)/parcours migrate --noinput
	$(BIN)/parcours collectstatic --noinput --verbosity 0
	$(SERVE_WITH_WORKER)

lint: install-dev
	$(BIN)/ruff check parcours tests bench docs/screens
	$(BIN)/ruff format --check parcours tests bench docs/screens

typecheck: install-dev
	$(BIN)/mypy parcours

imports: install-dev
	$(BIN)/lint-imports --no-cache

pytest: install-dev
	$(BIN)/pytest $(PYTEST_ARGS)

test: install-dev
	$(BIN)/ruff check parcours tests bench docs/screens
	$(BIN)/ruff format --check parcours tests bench docs/screens
	$(BIN)/mypy parcours
	$(BIN)/lint-imports --no-cache
	@# bandit: B608 (SQL built from strings) is ruff's S608 above, with a reason at each exception.
	$(BIN)/bandit -q -r parcours -x parcours/locale,parcours/static --severity-level medium --confidence-level medium --skip B608
	PARCOURS_DATA_DIR=$$(mktemp -d) $(BIN)/parcours makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_PROCESSES) $(PYTEST_ARGS)

bench: install-dev
	@set -e; found=0; for f in bench/bench_*.py; do \
	  [ -e "$$f" ] || continue; found=1; echo "== $$f"; $(BIN)/python "$$f"; done; \
	  [ $$found = 1 ] || echo "No benchmark under bench/ yet."

messages: install-dev
	cd parcours && ../$(BIN)/parcours makemessages --locale fr --no-obsolete --add-location file --ignore 'static/*'
	cd parcours && ../$(BIN)/parcours compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
