# The frontend's make targets; the main Makefile includes this file (`include frontend/frontend.mk`).
# Paths are relative to the repository root, where make runs.
FRONTEND_DIR ?= frontend
FRONTEND_NPM ?= npm --prefix $(FRONTEND_DIR)
export NEXT_TELEMETRY_DISABLED = 1

.PHONY: frontend-install frontend-check frontend-e2e frontend-dev

frontend-install:  ## install the locked packages (npm ci rejects lockfiles written with omit-lockfile-registry-resolved, set on these machines)
	cd $(FRONTEND_DIR) && npm install --no-audit --no-fund --no-save

frontend-check:  ## generated types up to date, typecheck, lint, unit tests
	cd $(FRONTEND_DIR) && npm run codegen:check && npm run typecheck && npm run lint && npm test

frontend-e2e:  ## build, then the browser tests (a live Django and the built frontend; Debian's chromium)
	cd $(FRONTEND_DIR) && npm run build && npm run e2e

frontend-dev:  ## the frontend in development mode on :3000 (run Django on :8000 beside it)
	cd $(FRONTEND_DIR) && DJANGO_URL=$${DJANGO_URL:-http://127.0.0.1:8000} npm run dev

.PHONY: frontend-run
frontend-run:  ## Django + the frontend (+ localstripe when no Stripe keys are set), URLs printed; Ctrl-C stops all
	@HOST=$${HOST:-127.0.0.1} PORT=$${PORT:-8000} scripts/run-dev.sh

.PHONY: frontend-bench
frontend-bench:  ## production build, then TTFB/LCP of / and /donate/ and the donate page's gzipped JS (frontend/bench/frontend.bench.ts)
	cd $(FRONTEND_DIR) && npm run build && npx playwright test -c playwright.bench.config.ts
