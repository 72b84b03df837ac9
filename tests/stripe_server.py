"""localstripe, a fake Stripe API, started once per test session on a free port; every test that uses the
`stripe_api` fixture gets it empty and the Stripe settings pointed at it. Import both fixtures into the
conftest.py of any test folder that needs Stripe."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
import stripe

SECRET_KEY = "sk_test_steward"
WEBHOOK_SECRET = "whsec_test_steward"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def localstripe_request(base: str, method: str, path: str, data: dict | None = None) -> int:
    """A request to localstripe's own configuration API (/_config/...); returns the status code."""
    body = json.dumps(data).encode() if data is not None else None
    request = urllib.request.Request(  # noqa: S310 - a local http URL built by the fixture
        base + path, data=body, method=method, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status


def _wait_until_up(base: str, process: subprocess.Popen, log_path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"localstripe exited:\n{log_path.read_text()}")
        try:
            localstripe_request(base, "DELETE", "/_config/data")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise RuntimeError(f"localstripe did not answer within 30s:\n{log_path.read_text()}")


@pytest.fixture(scope="session")
def localstripe_url(tmp_path_factory) -> Iterator[str]:
    """The base URL of a localstripe started for this session (stopped at its end)."""
    port = _free_port()
    workdir = tmp_path_factory.mktemp("localstripe")
    log_path = workdir / "localstripe.log"
    log = log_path.open("w")
    # -P and a private working directory: `python -m` would otherwise import stray modules from the cwd.
    # --from-scratch: never reload the pickle localstripe shares in /tmp with other instances.
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-P", "-m", "localstripe", "--from-scratch", "--port", str(port)],
        cwd=workdir,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, log_path)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def stripe_api(localstripe_url, settings) -> str:
    """An empty localstripe, with STRIPE_API_BASE, STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET pointing at it."""
    localstripe_request(localstripe_url, "DELETE", "/_config/data")
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    return localstripe_url


def stripe_client(stripe_api: str) -> stripe.StripeClient:
    """An SDK client talking to the test's localstripe, as the browser's Stripe.js (or the dashboard) would."""
    return stripe.StripeClient(SECRET_KEY, base_addresses={"api": stripe_api})


def card(stripe_api: str, number: str = "4242424242424242", exp_year: int = 2034, exp_month: int = 12) -> str:
    """A card PaymentMethod as Stripe.js gives the browser, made on localstripe; returns its id."""
    details = {"number": number, "exp_month": exp_month, "exp_year": exp_year, "cvc": "123"}
    return stripe_client(stripe_api).v1.payment_methods.create({"type": "card", "card": details}).id


def payment_intents(stripe_api: str) -> list:
    """Every PaymentIntent localstripe holds (for "charged exactly once" assertions)."""
    return stripe_client(stripe_api).v1.payment_intents.list({"limit": 100}).data
