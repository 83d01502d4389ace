"""The one Jinja2 environment for pages, emails and documents (autoescaping on)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .domain.clock import in_singapore, utc_now
from .settings import get_settings

# In the repository ``templates/`` sits beside ``chalicelib/``; in the Lambda package the
# ``vendor/templates`` link puts it at the package root, which is the same relative place.
TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"


def sg_date(instant: datetime) -> str:
    """``Tue, 1 Dec 2026``: the court's own style, in Singapore time."""
    local = in_singapore(instant)
    return f"{local:%a}, {local.day} {local:%b %Y}"


def sg_time(instant: datetime) -> str:
    """``9.30am``: Singapore time, the way court notices print it."""
    local = in_singapore(instant)
    hour = local.hour % 12 or 12
    return f"{hour}.{local:%M}{'am' if local.hour < 12 else 'pm'}"


def sg_datetime(instant: datetime) -> str:
    return f"{sg_date(instant)}, {sg_time(instant)}"


def days_away(instant: datetime, now: datetime) -> str:
    """``today``, ``tomorrow``, ``in 3 days``, ``in 2 weeks``: counted in Singapore calendar days;
    empty for a day already past."""
    days = (in_singapore(instant).date() - in_singapore(now).date()).days
    if days < 0:
        return ""
    if days <= 1:
        return ("today", "tomorrow")[days]
    if days < 14:
        return f"in {days} days"
    return f"in {days // 7} weeks"


def sg_local_input(instant: datetime) -> str:
    """``2026-12-05T22:00``: the value of a ``datetime-local`` field, in Singapore time."""
    return f"{in_singapore(instant):%Y-%m-%dT%H:%M}"


def dollars(cents: int) -> str:
    return f"S${cents // 100:,}.{cents % 100:02d}"


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(enabled_extensions=("html", "htm", "xml"), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(sg_date=sg_date, sg_time=sg_time, sg_datetime=sg_datetime, dollars=dollars,
                       days_away=days_away, sg_local_input=sg_local_input)
    env.globals["static"] = lambda path: f"{get_settings().static_base_path}/{path}"
    env.globals["rendered_at"] = utc_now  # for the "printed on" line of a page put on paper
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
