# The two commands: `make run` starts the whole helpline on embedded defaults; `make test` runs
# the suite (installing what it needs: .venv, requirements, a PostgreSQL server, Chromium).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
PORT ?= 5000

.PHONY: run test test-production lint bench venv clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/flask --app helpline db upgrade
	$(BIN)/flask --app helpline demo seed
	$(BIN)/flask --app helpline dev --port $(PORT)

test: $(STAMP)
	@scripts/ensure-postgres >/dev/null
	@scripts/ensure-chromium >/dev/null
	HELPLINE_REQUIRE_POSTGRES=1 HELPLINE_REQUIRE_BROWSER=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

# The Procfile's own processes on PostgreSQL and Redis, with a worker killed and the database
# stopped for 20 s (tests/test_production.py, about 90 s): .ci/run runs it after `make test`.
test-production: $(STAMP)
	@scripts/ensure-postgres >/dev/null
	HELPLINE_PRODUCTION_TEST=1 HELPLINE_REQUIRE_POSTGRES=1 $(BIN)/python -m pytest tests/test_production.py $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	@scripts/ensure-postgres >/dev/null
	@scripts/ensure-wrk
	@for b in $(filter-out bench/common.py bench/load_apps.py,$(wildcard bench/*.py)); do \
		echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache build
