"""Headers every response carries. Pages hold personal data, so nothing dynamic is cached."""

from __future__ import annotations

from functools import lru_cache

from ..settings import get_settings


@lru_cache(maxsize=2)
def content_security_policy(with_gateway: bool = False) -> str:
    """``with_gateway``: the card payment page, which loads the card gateway's script (Stripe.js,
    or localstripe's stand-in locally) and lets it talk to and frame the gateway's origins, all
    named in settings. No other page may run the gateway's code."""
    # Uploads go from the browser straight to the documents bucket: as a form post without
    # JavaScript, with a progress bar (XHR) with it.
    uploads = get_settings().documents_upload_origin
    gateway = " " + " ".join(get_settings().gateway_origins) if with_gateway else ""
    frames = gateway.strip() or "'none'"
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self'{gateway}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src 'self' {uploads}{gateway}",
        f"frame-src {frames}",
        f"form-action 'self' {uploads}",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
    ])


SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cache-Control": "no-store",
}


def add_security_headers(event, get_response):
    response = get_response(event)
    response.headers.setdefault("Content-Security-Policy", content_security_policy())
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response
