#!/usr/bin/env bash
# Steward for a newcomer: Django, the frontend beside it and, without Stripe keys, localstripe (a fake Stripe API
# and Stripe.js) so a donation with the test card 4242 4242 4242 4242 works and its receipt arrives (printed
# on the console). Called by `make run` (after migrate + seed_demo) and `make frontend-run`; stops everything
# it started on Ctrl-C.
#
# Environment: HOST/PORT (Django, default 127.0.0.1:8000), FRONTEND_PORT (3000), LOCALSTRIPE_PORT (8420),
# FRONTEND_MODE=start (default: a production build, made if missing) or dev (next dev, hot reload);
# STRIPE_SECRET_KEY + STRIPE_PUBLISHABLE_KEY (+ STRIPE_WEBHOOK_SECRET) set: real Stripe (test mode), no localstripe.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
FRONTEND_PORT="${FRONTEND_PORT:-3000}"
LOCALSTRIPE_PORT="${LOCALSTRIPE_PORT:-8420}"
FRONTEND_MODE="${FRONTEND_MODE:-start}"
PY="$ROOT/.venv/bin/python"
DJANGO_URL="http://$HOST:$PORT"
FRONTEND_URL="http://127.0.0.1:$FRONTEND_PORT"
export NEXT_TELEMETRY_DISABLED=1

pids=()
stripe_dir=""
cleanup() {
  trap - EXIT INT TERM
  # Each child runs in a process group of its own (setsid): end the group, so runserver's reloader and
  # next-server go too.
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  [[ -n "$stripe_dir" ]] && rm -rf "$stripe_dir"
}
trap cleanup EXIT INT TERM

wait_for() {  # url, label, pid
  for _ in $(seq 1 300); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    kill -0 "$3" 2>/dev/null || { echo "$2 stopped; see its output above." >&2; return 1; }
    sleep 0.3
  done
  echo "$2 did not answer at $1" >&2
  return 1
}

if [[ -z "${STRIPE_SECRET_KEY:-}" ]]; then
  # No Stripe keys: localstripe, in a private working directory (--from-scratch: never reload the pickle other
  # instances share in /tmp), with its signed webhooks sent to this Django.
  stripe_dir="$(mktemp -d -t steward-localstripe-XXXXXX)"
  (cd "$stripe_dir" && PYTHONSAFEPATH=1 exec setsid "$ROOT/.venv/bin/localstripe" --from-scratch --port "$LOCALSTRIPE_PORT" \
    >"$stripe_dir/localstripe.log" 2>&1) &
  pids+=($!)
  export STRIPE_API_BASE="http://127.0.0.1:$LOCALSTRIPE_PORT"
  export STRIPE_SECRET_KEY="sk_test_localstripe"
  export STRIPE_PUBLISHABLE_KEY="pk_test_localstripe"
  export STRIPE_WEBHOOK_SECRET="whsec_localstripe"
  export STRIPE_JS_URL="$STRIPE_API_BASE/js.stripe.com/v3/"
  wait_for "$STRIPE_JS_URL" localstripe "${pids[-1]}"
  curl -fsS -o /dev/null -X POST -H "Content-Type: application/json" \
    -d "{\"url\": \"$DJANGO_URL/stripe/webhook/\", \"secret\": \"$STRIPE_WEBHOOK_SECRET\"}" \
    "$STRIPE_API_BASE/_config/webhooks/steward"
fi

# Django: links for supporters point at the frontend (trusted for CSRF too), staff links at Django itself.
FRONTEND_URL="$FRONTEND_URL" WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-$DJANGO_URL}" \
  setsid "$PY" manage.py runserver "$HOST:$PORT" &
django_pid=$!
pids+=("$django_pid")

[[ -d frontend/node_modules ]] || make --no-print-directory frontend-install
if [[ "$FRONTEND_MODE" == "dev" ]]; then
  (cd frontend && DJANGO_URL="$DJANGO_URL" exec setsid node_modules/.bin/next dev --port "$FRONTEND_PORT") &
else
  [[ -f frontend/.next/BUILD_ID ]] || (cd frontend && node_modules/.bin/next build)
  (cd frontend && DJANGO_URL="$DJANGO_URL" NODE_ENV=production exec setsid node_modules/.bin/next start \
    --port "$FRONTEND_PORT" --hostname 127.0.0.1) &
fi
pids+=($!)

wait_for "$DJANGO_URL/healthz/" Django "$django_pid"
wait_for "$FRONTEND_URL/" "The frontend" "${pids[-1]}"
echo ""
echo "  Steward is running."
echo "  Website and member portal:  $FRONTEND_URL/   (member@example.org / steward-demo)"
echo "  Donate:                     $FRONTEND_URL/donate/"
echo "  Staff admin:                $DJANGO_URL/admin/   (admin / steward-demo)"
echo "  GraphQL API:                $DJANGO_URL/graphql/"
if [[ -n "$stripe_dir" ]]; then
  echo "  Payments: localstripe at $STRIPE_API_BASE (fake; card 4242 4242 4242 4242, any future date, any CVC)."
  echo "            Receipts are emailed to the console below."
fi
echo "  Ctrl-C stops everything."
echo ""
wait -n "${pids[@]}"
