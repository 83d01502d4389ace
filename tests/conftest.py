"""Test environment: settings and a moto server on loopback, fixed before any ICMS import.

PynamoDB reads its table settings when ``chalicelib.store`` is imported, so the environment and
the server's address must exist first. Each pytest process (xdist worker) gets its own server.
"""

from __future__ import annotations

import os
import socket


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


MOTO_PORT = _free_port()
# mockpass (tests/fixtures/mockpass.py) listens here; the portal's issuers name it as localhost.
MOCKPASS_PORT = _free_port()


def _throwaway_relying_party_keys() -> tuple[str, str]:
    from chalicelib.auth.keys import RelyingPartyKeys  # imports no settings and no table

    _, signing, encryption = RelyingPartyKeys.generate()
    return signing, encryption


RP_SIGNING_KEY, RP_ENCRYPTION_KEY = _throwaway_relying_party_keys()
TEST_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "ap-southeast-1",
    "AWS_ENDPOINT_URL": f"http://127.0.0.1:{MOTO_PORT}",
    "ICMS_STAGE": "dev",
    "ICMS_TABLE_NAME": "icms-dev",
    "ICMS_NOTIFICATIONS_QUEUE": "icms-dev-notifications",
    "ICMS_EMAIL_SENDER": "no-reply@icms.test",
    "ICMS_IDENTIFIER_PEPPER": "test-pepper",
    "ICMS_RP_SIGNING_KEY": RP_SIGNING_KEY,
    "ICMS_RP_ENCRYPTION_KEY": RP_ENCRYPTION_KEY,
    "ICMS_SINGPASS_ISSUER": f"http://localhost:{MOCKPASS_PORT}/singpass/v2",
    "ICMS_CORPPASS_ISSUER": f"http://localhost:{MOCKPASS_PORT}/corppass/v2",
    "ICMS_PUBLIC_BASE_URL": "http://localhost:8000",
    # moto serves one request at a time and knows tokens only on transactions: wait rather than retry.
    "ICMS_AWS_READ_TIMEOUT_SECONDS": "60",
    # Each test empties the table; a notice cached from an earlier test must not linger.
    "ICMS_MAINTENANCE_NOTICE_CACHE_SECONDS": "0",
    "POWERTOOLS_SERVICE_NAME": "icms",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "ICMS_LOG_LEVEL": "WARNING",
}
os.environ.update(TEST_ENV)

# API Gateway's greedy route matching for Chalice's local gateway (the test client and chalice local).
from local.api_gateway import install as _install_greedy_routes  # noqa: E402

_install_greedy_routes()

pytest_plugins = ["tests.fixtures.aws", "tests.fixtures.portal", "tests.fixtures.mockpass", "tests.fixtures.events",
                  "tests.fixtures.live"]
