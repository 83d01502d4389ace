"""localstripe, the card gateway on loopback: ``python -m local.card_gateway --port 8420``.

localstripe (PyPI) fakes Stripe's REST API and serves a stand-in for Stripe.js at
``/js.stripe.com/v3/``; the official SDK talks to it when ``ICMS_GATEWAY_API_BASE`` points here.
Its own command listens on every interface and keeps its data in a fixed file under /tmp shared
by every copy on the machine; run this way it listens on loopback only and keeps its data in
memory, so each `make run` (and each test run) starts with an empty gateway, as mockpass does.

``register_webhook`` tells it where to send signed events (the portal's webhook route).
"""

from __future__ import annotations

import argparse
import sys
import urllib.parse
import urllib.request

LOOPBACK = "127.0.0.1"
READY = "card gateway: ready"


def register_webhook(gateway_url: str, webhook_url: str, secret: str, endpoint_id: str = "icms") -> None:
    """POST /_config/webhooks/<id> with the endpoint's URL and signing secret."""
    body = urllib.parse.urlencode({"url": webhook_url, "secret": secret}).encode()
    request = urllib.request.Request(f"{gateway_url}/_config/webhooks/{endpoint_id}", data=body, method="POST")
    # nosec B310: the stack's own http:// localstripe on loopback, never a URL from input.
    with urllib.request.urlopen(request, timeout=5) as response:  # nosec B310
        if response.status != 200:
            raise RuntimeError(f"localstripe refused the webhook registration: {response.status}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run localstripe on loopback, data in memory.")
    parser.add_argument("--port", type=int, default=8420)
    args = parser.parse_args(argv)

    from aiohttp import web
    from localstripe import resources, server

    resources.Store.dump_to_disk = lambda self: None  # in memory only: see the module docstring
    web.run_app(server.app, host=LOOPBACK, port=args.port, access_log=None,
                print=lambda *_: print(READY, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
