# hireflow — the two set-up commands are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Installs go through uv (fast, with a progress display), bootstrapped from pip when missing;
# plain pip is the fallback where uv cannot be had.
UV := $(shell if command -v uv >/dev/null 2>&1; then echo uv; \
	elif $(PYTHON) -m uv --version >/dev/null 2>&1 || { $(PYTHON) -m pip install -q uv >/dev/null 2>&1 \
	&& $(PYTHON) -m uv --version >/dev/null 2>&1; }; then echo "$(PYTHON) -m uv"; fi)
ifneq ($(UV),)
# --python names the target: run as `python -m uv`, uv would otherwise install into that python.
INSTALL := $(UV) pip install --python $(BIN)/python
else
INSTALL := $(BIN)/python -m pip --disable-pip-version-check install --progress-bar on
endif

.PHONY: run test lint format bench clean

$(BIN)/python:
	@echo "==> Creating the virtual environment $(VENV) ($(if $(UV),uv,python -m venv))"
ifneq ($(UV),)
	$(UV) venv -q --python $(PYTHON) $(VENV)
else
	$(PYTHON) -m venv $(VENV)
endif

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	@echo "==> Installing hireflow and its dependencies into $(VENV)"
	$(INSTALL) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo "==> Installing hireflow with the test dependencies into $(VENV)"
	$(INSTALL) -e '.[test]'
	@touch $@ $(VENV)/.installed

## run: install, start the embedded PostgreSQL, migrate, load demo data, serve on :8000
run: $(VENV)/.installed
	$(BIN)/hireflow serve

## test: install the test dependencies and run the whole suite, one worker per core
## (pytest-xdist, a test file per worker at a time; each worker has its own embedded
## PostgreSQL). Against an external server (HIREFLOW_TEST_DATABASE_URL) it runs in one
## process: the workers would share its roles and database. PYTEST_WORKERS=0 runs serially.
PYTEST_WORKERS ?= $(if $(HIREFLOW_TEST_DATABASE_URL),0,auto)
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

## lint: ruff (check and format), mypy (strict on src/) and the import contracts
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
