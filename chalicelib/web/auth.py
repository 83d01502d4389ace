"""Signing in and out. The sign-in page offers what this stage has configured."""

from __future__ import annotations


from ..domain.audit import AuditAction
from ..domain.principals import PEOPLE_ROLES
from . import audit
from .routing import Call, Page, RouteGroup, page, redirect
from .urls import safe_next
from .session import finish

auth = RouteGroup(__name__)


@page(auth, "/sign-in", roles=None)
def sign_in(call: Call):
    next_path = safe_next((call.request.query_params or {}).get("next"))
    return Page("pages/sign_in.html", {"next": next_path})


@page(auth, "/sign-out", roles=PEOPLE_ROLES, methods=("POST",))
def sign_out(call: Call):
    audit.record(call.request, call.principal, AuditAction.LOGOUT)
    return redirect("/signed-out", cookie=finish(call.request))


@page(auth, "/signed-out", roles=None)
def signed_out(call: Call):
    """Where signing out lands: saying so, so that nobody on a shared computer has to guess."""
    if call.principal is not None:
        return redirect("/")  # signed in again (or never signed out): nothing to confirm
    return Page("pages/signed_out.html")
