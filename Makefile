# Steward — the two commands of the README: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install system-deps browser-deps uv migrate demo run worker beat test lint format check-migrations \
        check-deploy check-schema schema test-backend test-frontend typecheck clean

include frontend/frontend.mk

help:
	@echo "make run   install everything, migrate, load demo data once, start Django, the frontend (and localstripe)"
	@echo "make test  the whole suite: lint, checks, schema drift, tests"

uv:
	@command -v uv >/dev/null 2>&1 || test -x $(HOME)/.local/bin/uv || python3 -m pip install --quiet --user uv \
		|| python3 -m pip install --quiet --break-system-packages --user uv

system-deps:
	@scripts/system-deps.sh

browser-deps:
	@scripts/system-deps.sh --browser

install: uv system-deps
	@$(UV) sync --frozen --quiet --python python3

migrate: install
	@$(MANAGE) migrate --no-input -v0

demo: migrate
	@$(MANAGE) seed_demo

run: demo frontend-install
	@$(MANAGE) collectstatic --no-input -v0 >/dev/null 2>&1 || true
	@HOST=$(HOST) PORT=$(PORT) scripts/run-dev.sh

worker: install
	@$(PY) -m celery -A steward worker -l info

beat: install
	@$(PY) -m celery -A steward beat -l info

# ---------------------------------------------------------------------------------------------------------
# Tests and checks. DATABASE_URL set: PostgreSQL; unset: SQLite.
# ---------------------------------------------------------------------------------------------------------
test: install lint check-migrations check-deploy check-schema typecheck test-backend test-frontend

# The frontend: its install, generated-types check, type check, lint and unit tests, then the browser tests
# (a live Django, the built frontend and Debian's Chromium).
test-frontend: install browser-deps frontend-install frontend-check frontend-e2e

lint:
	@.venv/bin/ruff check steward tests bench
	@.venv/bin/lint-imports --no-cache > /tmp/steward-lint-imports.log || { cat /tmp/steward-lint-imports.log; exit 1; }
	@.venv/bin/ruff format --check steward tests bench

format:
	@.venv/bin/ruff check --fix steward tests bench
	@.venv/bin/ruff format steward tests bench

check-migrations:
	@DJANGO_SETTINGS_MODULE=steward.site.settings.test $(MANAGE) makemigrations --check --dry-run

check-deploy:
	@DJANGO_SETTINGS_MODULE=steward.site.settings.production SECRET_KEY=check-deploy-$$RANDOM-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ \
		ALLOWED_HOSTS=steward.example.org $(MANAGE) check --deploy --fail-level WARNING

check-schema:
	@DJANGO_SETTINGS_MODULE=steward.site.settings.test $(MANAGE) export_schema --check

schema:
	@DJANGO_SETTINGS_MODULE=steward.site.settings.test $(MANAGE) export_schema

typecheck:
	@.venv/bin/mypy --no-error-summary

# Backend tests in parallel, one process per CPU (pytest-xdist; each process has its own test database).
PYTEST_WORKERS ?= auto
test-backend:
	@$(PY) -m pytest -q -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

clean:
	rm -rf var/*.sqlite3* var/static var/media
