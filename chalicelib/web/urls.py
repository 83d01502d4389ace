"""Paths and origins as the browser sees them."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from chalice.app import Request

from ..settings import get_settings


def public_origin() -> str:
    parts = urlsplit(get_settings().public_base_url)
    return f"{parts.scheme}://{parts.netloc}"


def requested_path(request: Request) -> str:
    """The path as the browser asked for it; Chalice's ``request.path`` is the route template."""
    path = request.path
    for name, value in (request.uri_params or {}).items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
        # A greedy variable (``{proxy+}``) holds the rest of the path, slashes and all.
        path = path.replace("{" + name + "+}", quote(value, safe="/"))
    return path


def safe_next(target: str | None) -> str:
    """Only same-site paths may be redirect targets (no ``//host`` or ``https://``)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/cases"
