# Yavar: `make run` serves the demo at http://127.0.0.1:$(PORT); `make test` runs the whole suite.
# Both set everything up themselves on a fresh clone (Python 3.11+ and Node/npm needed).

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9

.PHONY: run test bench setup lint typecheck importlint check-migrations ci clean

$(VENV)/.synced: pyproject.toml uv.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	@# --inexact keeps uv itself, which pip put in the same environment.
	@$(VENV)/bin/uv sync --frozen --inexact --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	@npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static/vendor/.copied: node_modules/.installed scripts/vendor_assets.py
	@$(PYTHON) scripts/vendor_assets.py
	@touch $@

setup: $(VENV)/.synced static/vendor/.copied
	@$(PY) manage.py compile_translations

run: setup
	@mkdir -p var
	@$(PY) manage.py migrate --no-input -v 0
	@$(PY) manage.py seed_demo
	@$(PY) scripts/serve.py --port $(PORT)

test: setup
	@bash scripts/ensure_chromium.sh
	@YAVAR_TESTING=1 $(VENV)/bin/pytest -q -n 2 $(PYTEST_ARGS)

# Benchmarks on SQLite, then on PostgreSQL when a server answers (BENCH_DATABASE_URL: where
# temporary databases are made); figures go to bench/RESULTS.md. The donation spike (gunicorn,
# simulators, pgbench) runs on PostgreSQL only.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/postgres
bench: setup
	@$(PY) bench/search_people.py
	@$(PY) bench/import_people.py
	@if pg_isready -q -h 127.0.0.1 2>/dev/null; then \
		DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/search_people.py && \
		DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/import_people.py && \
		DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) bench/donation_spike.py; \
	else echo "PostgreSQL not reachable: skipped its runs"; fi

lint: setup
	@$(VENV)/bin/ruff check .

typecheck: setup
	@$(VENV)/bin/mypy yavar config

importlint: setup
	@$(VENV)/bin/lint-imports

check-migrations: setup
	@$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) node_modules static/vendor var
