# ICMS: two commands. `make run` starts the whole local stack with demo data; `make test` runs
# every test. Both install what they need first, and only when their inputs changed.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test install static lint package bench clean

run: install static
	$(PY) -m local.stack

# Tests run in parallel, one moto server, stack and browser per worker (pytest-xdist): two on a
# 2-core machine, at most four; TEST_WORKERS=0 runs them in this process.
TEST_WORKERS ?= auto
test: install static
	$(PY) -m pytest -n $(TEST_WORKERS) --maxprocesses 4 --dist loadgroup

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required (looked for $(PYTHON))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static: install
	$(PY) -m local.build_static

lint:
	$(BIN)/cfn-lint infra/resources.yaml

# `make package STAGE=prod` builds build/prod/{deployment.zip,sam.json}; docs/deploy.md deploys it.
STAGE ?= dev
package: install static
	$(PY) -m local.package --stage $(STAGE)

# docs/performance.md (and docs/bench-round-trips.md): round trips against budget, the reminder job at
# 1,000 and 20,000 cases, the case list, cold-start import ratio, package size, 50 users' load.
bench: install static
	$(PY) -m bench.performance

clean:
	rm -rf $(VENV) node_modules build static/vendor .pytest_cache
