# Joined Up: `make run` serves the demo partnership, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Serving locally over plain HTTP: production settings, minus the HTTPS-only ones.
RUN_ENV := DEBUG=0 SECRET_KEY_FILE=var/secret-key ALLOWED_HOSTS=127.0.0.1,localhost \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
# Tests run with DEBUG off, as in production.
TEST_ENV := DEBUG=0 SECRET_KEY=test-only-not-a-secret ALLOWED_HOSTS=* JOINEDUP_VAR=var/test \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 STATIC_MANIFEST=0

.PHONY: run test install install-test browser lint format bench load fuzz audit vendor clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(BIN)/.installed-test: $(BIN)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/.installed
install-test: $(BIN)/.installed-test

var/secret-key:
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

run: install var/secret-key
	$(RUN_ENV) $(BIN)/joinedup migrate --noinput
	$(RUN_ENV) $(BIN)/joinedup collectstatic --noinput --verbosity 0
	$(RUN_ENV) $(BIN)/joinedup demo
	@echo
	@echo "Sign in at http://127.0.0.1:8000/sign-in/ as any demo persona:"
	@column -t -s "$$(printf '\t')" var/demo-logins.txt 2>/dev/null || cat var/demo-logins.txt
	@echo
	$(RUN_ENV) $(BIN)/joinedup serve --bind 127.0.0.1:8000

# Debian's Chromium drives the browser tests; install it when it is missing.
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; \
	else \
		echo "The browser tests need Debian's chromium: run 'sudo apt-get install chromium' and try again." >&2; \
		exit 1; \
	fi

test: install-test browser
	mkdir -p var/test/static
	$(TEST_ENV) $(BIN)/ruff check src tests bench scripts
	$(TEST_ENV) $(BIN)/ruff format --check src tests bench scripts
	$(TEST_ENV) $(BIN)/joinedup makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest
	$(MAKE) --no-print-directory audit

lint: install-test
	$(BIN)/ruff check src tests bench scripts

format: install-test
	$(BIN)/ruff check --fix src tests bench scripts
	$(BIN)/ruff format src tests bench scripts

bench: install-test
	$(BIN)/python bench/run.py

# A mixed public and signed-in workload against gunicorn, on SQLite and PostgreSQL
# (figures into docs/performance.md).
load: install-test
	$(BIN)/python -m bench.workload

# The long schemathesis run over the whole API (figures into docs/security.md).
fuzz: install-test
	mkdir -p var/test/static
	$(TEST_ENV) $(BIN)/python -m bench.fuzz

# Bandit over the source (configured in pyproject.toml), and known vulnerabilities in every
# installed dependency (scripts/audit_dependencies.py: fails on any found, and says how many of
# them the vulnerability service could check).
audit: install-test
	$(BIN)/bandit --quiet --configfile pyproject.toml --recursive src
	$(BIN)/python scripts/audit_dependencies.py

# Rebuild the vendored GOV.UK Frontend and axe-core from npm (needs Node; outputs are committed).
vendor:
	bash scripts/vendor-frontend.sh

clean:
	rm -rf $(VENV) var
