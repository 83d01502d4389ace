"""The registry's maintenance notice: its form, and the banner every page shows while it stands.

The banner reaches every page, whichever module renders it (views, error pages, sign-in refusals),
as the template global ``site_notice`` that this module installs; pages call it once each, and it
answers from a per-container cache (``services.maintenance``).
"""

from __future__ import annotations

from pydantic import ValidationError

from ..domain.clock import utc_now
from ..domain.errors import DomainError
from ..domain.maintenance import MaintenanceWindow
from ..domain.principals import Role
from ..render import environment
from ..services import maintenance
from .audit import actor
from .errors import describe, page_problems
from .routing import Call, Page, RouteGroup, page, redirect

maintenance_pages = RouteGroup(__name__)
REGISTRY = {Role.REGISTRY}
WINDOW_FIELDS = ("message", "starts_at", "ends_at")
WINDOW_WORDS = {"starts_at": "start of the window", "ends_at": "end of the window"}

environment().globals["site_notice"] = lambda: maintenance.notice_for_pages(utc_now())


def _revision(form: dict[str, str]) -> int:
    value = form.get("revision", "0")
    return int(value) if value.isdigit() else -1  # -1 matches no stored revision: a clear conflict


def _form_page(call: Call, *, values: dict | None = None, problems: dict | None = None, status: int = 200) -> Page:
    notice = maintenance.current()
    query = call.request.query_params or {}
    return Page("pages/registry_maintenance.html", {
        "notice": notice, "showing": notice is not None and notice.shows(call.now), "now": call.now,
        "revision": notice.revision if notice else 0, "saved": query.get("saved"),
        "values": values or {}, "problems": problems or {},
    }, status=status)


@page(maintenance_pages, "/registry/maintenance", roles=REGISTRY)
def maintenance_page(call: Call):
    return _form_page(call)


@page(maintenance_pages, "/registry/maintenance", roles=REGISTRY, methods=("POST",))
def set_maintenance_notice(call: Call):
    form = call.form()
    values = {key: form.get(key, "").strip() for key in WINDOW_FIELDS}
    try:
        window = MaintenanceWindow.model_validate({k: v for k, v in values.items() if v})
        maintenance.set_notice(actor(call.request, call.caller), window, _revision(form), call.now)
    except (ValidationError, DomainError) as error:
        if isinstance(error, DomainError) and error.field not in WINDOW_FIELDS:
            raise  # a conflict or a refusal, not about what was typed: the error page says what happened
        status, _ = describe(error)
        problems = {p["field"]: p["message"] for p in page_problems(error, WINDOW_WORDS)}
        return _form_page(call, values=values, problems=problems, status=status)
    return redirect("/registry/maintenance?saved=set")


@page(maintenance_pages, "/registry/maintenance/remove", roles=REGISTRY, methods=("POST",))
def remove_maintenance_notice(call: Call):
    maintenance.remove_notice(actor(call.request, call.caller), _revision(call.form()), call.now)
    return redirect("/registry/maintenance?saved=removed")
