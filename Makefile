# Cornerstone: `make demo` runs the service with demo data, `make test` runs every test.

PORT ?= 8000
# The first Python 3.11 or newer on this machine.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; \
	then echo $$p; break; fi; done)
VENV := .venv
PY := $(VENV)/bin/python
DEMO := CORNERSTONE_DEMO_MODE=1

.PHONY: demo demo-code test test-fast lint assets check-assets check-deploy install

$(VENV)/.runtime-installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Cornerstone needs Python 3.11 or newer: none found on PATH." >&2; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: $(VENV)/.runtime-installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

install: $(VENV)/.dev-installed

demo: $(VENV)/.runtime-installed
	$(DEMO) $(PY) manage.py migrate --noinput
	$(DEMO) $(PY) manage.py seed_demo
	@echo
	@echo "Cornerstone is at http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"
	$(DEMO) $(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

demo-code: $(VENV)/.runtime-installed
	@$(DEMO) $(PY) manage.py demo_totp $(EMAIL)

test: $(VENV)/.dev-installed
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(DEMO) $(PY) -m mypy cornerstone
	$(DEMO) $(PY) manage.py makemigrations --check --dry-run

# Production-like settings: the deploy checks must pass with no warnings.
check-deploy: $(VENV)/.runtime-installed
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))')" \
	DJANGO_ALLOWED_HOSTS=cornerstone.example.org \
	DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend \
	$(PY) manage.py check --deploy --fail-level WARNING

assets:
	bash scripts/build-assets.sh

check-assets:
	bash scripts/check-assets.sh
