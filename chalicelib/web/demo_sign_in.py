"""Local-only persona picker. ``app.py`` registers this blueprint only when the settings allow it,
and the settings refuse to allow it in the prod stage."""

from __future__ import annotations

from chalice import Blueprint

from ..domain.errors import NotFound
from ..store import demo_personas
from .routing import Call, Page, page, redirect
from .urls import safe_next
from .session import start

demo_sign_in = Blueprint(__name__)


@page(demo_sign_in, "/demo/sign-in", roles=None)
def choose_persona(call: Call):
    next_path = safe_next((call.request.query_params or {}).get("next"))
    return Page("pages/demo_sign_in.html", {"personas": demo_personas.all_personas(), "next": next_path})


@page(demo_sign_in, "/demo/sign-in", roles=None, methods=("POST",))
def sign_in_as_persona(call: Call):
    form = call.form()
    persona = demo_personas.get(form.get("persona", ""))
    if persona is None:
        raise NotFound("choose one of the demo personas listed", field="persona")
    return redirect(safe_next(form.get("next")), cookie=start(call.request, persona.principal()))
