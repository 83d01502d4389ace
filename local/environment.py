"""Ports, addresses and the environment every process of the local stack shares.

Every value can be overridden from the shell (``ICMS_LOCAL_PORT=8010 make run``). The identifier
pepper must be the same in every process: people are stored under a keyed hash of their NRIC, so a
loader and a web process with different peppers would not find each other's records.
"""

from __future__ import annotations

import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHALICE_CONFIG = REPO / ".chalice" / "config.json"
STAGE = "dev"
REGION = "ap-southeast-1"
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class LocalPorts:
    public: int
    app: int
    moto: int
    # A moto server started elsewhere (kept across restarts of the stack); None: start our own.
    external_moto_url: str | None
    mockpass: int = 5156

    @property
    def public_url(self) -> str:
        return f"http://localhost:{self.public}"

    @property
    def app_url(self) -> str:
        return f"http://{LOOPBACK}:{self.app}"

    @property
    def moto_url(self) -> str:
        return self.external_moto_url or f"http://{LOOPBACK}:{self.moto}"

    @property
    def mockpass_url(self) -> str:
        # mockpass builds its issuer from the Host header: the browser and the portal must both
        # call it by this one name.
        return f"http://localhost:{self.mockpass}"


def _port(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        port = int(raw)
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise SystemExit(f"{name}={raw!r} is not a port number")
    return port


def local_ports() -> LocalPorts:
    return LocalPorts(
        public=_port("ICMS_LOCAL_PORT", 8000),
        app=_port("ICMS_LOCAL_APP_PORT", 8001),
        moto=_port("ICMS_LOCAL_MOTO_PORT", 8002),
        external_moto_url=os.environ.get("ICMS_LOCAL_MOTO_URL") or None,
        mockpass=_port("ICMS_LOCAL_MOCKPASS_PORT", 5156),
    )


def stage_environment(stage: str = STAGE) -> dict[str, str]:
    """What ``chalice local --stage dev`` overlays on the process environment, from config.json."""
    config = json.loads(CHALICE_CONFIG.read_text())
    merged = dict(config.get("environment_variables", {}))
    merged.update(config["stages"][stage].get("environment_variables", {}))
    return merged


def shared_environment(ports: LocalPorts) -> dict[str, str]:
    """The variables set for every local process, before the stage overlay."""
    return {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ENDPOINT_URL": ports.moto_url,
        "ICMS_PUBLIC_BASE_URL": ports.public_url,
        # moto serves DynamoDB one request at a time and copies the table in every transaction: a
        # slow answer is queued, not lost, so wait for it rather than retry (see chalicelib/settings.py).
        "ICMS_AWS_READ_TIMEOUT_SECONDS": "60",
        "ICMS_SINGPASS_ISSUER": f"{ports.mockpass_url}/singpass/v2",
        "ICMS_CORPPASS_ISSUER": f"{ports.mockpass_url}/corppass/v2",
        "ICMS_IDENTIFIER_PEPPER": "local-only-pepper",
        # Chromium treats http://localhost as a secure context, so Secure and __Host- cookies
        # work locally exactly as they do behind CloudFront.
        "ICMS_SESSION_COOKIE_SECURE": "true",
        "PYTHONUNBUFFERED": "1",
    }


def relying_party_key_environment() -> dict[str, str]:
    """Throwaway keys for the portal's side of Singpass and Corppass, made afresh for each run of
    the stack (mockpass reads their public halves from the portal's JWKS)."""
    from chalicelib.auth.keys import RelyingPartyKeys  # imports no settings and no table

    _, signing, encryption = RelyingPartyKeys.generate()
    return {"ICMS_RP_SIGNING_KEY": signing, "ICMS_RP_ENCRYPTION_KEY": encryption}


def apply_local_environment(ports: LocalPorts, *, keep_existing: bool = False) -> None:
    """Set this process up like the web process: shared variables, then the stage overlay.

    ``keep_existing`` leaves variables that are already set alone, so a process started by the
    stack (which set them) and one started by hand in another terminal (which did not) agree.
    """
    wanted = shared_environment(ports) | stage_environment()
    # A named profile would win over the fake keys and send requests to a real account.
    os.environ.pop("AWS_PROFILE", None)
    for name, value in wanted.items():
        if keep_existing and name in os.environ:
            continue
        os.environ[name] = value


def port_in_use(port: int, host: str = LOOPBACK) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # Servers bind with SO_REUSEADDR too; without it a socket in TIME_WAIT looks like a listener.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return probe.getsockname()[1]
