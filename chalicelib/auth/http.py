"""JSON over HTTP to the identity providers, with timeouts and no redirects or retries.

``ProviderHttp`` wraps any urllib3-like object (``request(method, url, body=, headers=, timeout=,
retries=, redirect=)`` returning ``.status``, ``.data`` and ``.headers``): a ``urllib3.PoolManager``
in production, an in-process fake in tests. Failures to reach a provider or to read its answer
raise ``ProviderUnreachable``; HTTP error statuses are returned, since an OAuth error body
(``{"error": "invalid_grant"}``) is an answer the caller must interpret.

Request and response bodies carry codes and tokens: nothing here logs them, and no exception
message includes them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlencode

import urllib3

# A login waits on these calls: fail fast rather than hold the Lambda and the user.
DEFAULT_TIMEOUT = urllib3.Timeout(connect=3.0, read=10.0)
MAX_RESPONSE_BYTES = 256 * 1024


class UrllibLike(Protocol):
    def request(self, method: str, url: str, **kwargs: Any) -> Any: ...


class ProviderUnreachable(Exception):
    """No usable answer: connection failure, timeout, or a body that is not a JSON object."""


@dataclass(frozen=True)
class JsonResponse:
    status: int
    body: dict
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def oauth_error(self) -> str | None:
        return safe_error_code(self.body.get("error"))

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        for key, value in self.headers.items():
            if key.lower() == lowered:
                return value
        return None


def safe_error_code(error: object) -> str | None:
    """An OAuth ``error`` code (RFC 6749 section 5.2) reduced to a short token that is safe to log."""
    if not isinstance(error, str):
        return None
    cleaned = "".join(ch for ch in error if ch.isalnum() or ch in "_-.")[:64]
    return cleaned or None


def default_pool() -> urllib3.PoolManager:
    return urllib3.PoolManager(timeout=DEFAULT_TIMEOUT, retries=False)


class ProviderHttp:
    def __init__(self, pool: UrllibLike | None = None, timeout: urllib3.Timeout = DEFAULT_TIMEOUT):
        self.pool = pool if pool is not None else default_pool()
        self.timeout = timeout

    def get_json(self, url: str) -> JsonResponse:
        return self._request("GET", url, None, {"Accept": "application/json"})

    def post_form(self, url: str, form: dict[str, str], headers: dict[str, str] | None = None) -> JsonResponse:
        all_headers = {"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"}
        all_headers.update(headers or {})
        return self._request("POST", url, urlencode(form).encode("ascii"), all_headers)

    def _request(self, method: str, url: str, body: bytes | None, headers: dict[str, str]) -> JsonResponse:
        try:
            response = self.pool.request(
                method, url, body=body, headers=headers, timeout=self.timeout, retries=False, redirect=False
            )
        except urllib3.exceptions.HTTPError as error:
            raise ProviderUnreachable(f"{method} {_without_query(url)} failed: {type(error).__name__}") from None
        data = response.data or b""
        if len(data) > MAX_RESPONSE_BYTES:
            raise ProviderUnreachable(f"{method} {_without_query(url)} answered with an oversized body")
        try:
            parsed = json.loads(data) if data else {}
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            raise ProviderUnreachable(
                f"{method} {_without_query(url)} answered HTTP {response.status} without a JSON object"
            )
        return JsonResponse(status=response.status, body=parsed, headers=dict(response.headers or {}))


def _without_query(url: str) -> str:
    return url.split("?", 1)[0]
