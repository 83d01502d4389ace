"""Reading the registry's back-office forms: flat HTML form fields into the nested commands the
intake services take, and each refusal back onto the field it is about.

A form names its fields by where they sit in the command (``accused.nric``, ``charges.2.offence``,
``venue.room``), so a pydantic error's location is also the field to show it beside. Blank fields
count as not filled in (the person reads "Enter the ..." rather than a format error), and wholly
blank rows of a repeated group (the charges) are left out, with errors mapped back to their row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..domain.errors import DomainError
from .errors import as_sentence, describe, page_problems

# The registry's own words for the commands' fields (the API keeps the machine names).
REGISTRY_FIELD_WORDS = {
    "court": "court",
    "statute": "statute",
    "section": "section",
    "offence": "offence",
    "type": "kind of hearing",
    "building": "building",
    "room": "court room",
    "status": "status",
    "amount_cents": "bail amount",
    "bailor_name": "bailor's full name",
    "bailor_phone": "bailor's mobile number",
    "bailor_email": "bailor's email address",
    "firm_uen": "law firm's UEN",
    "counsel_member_ids": "counsel on record",
    "sitting_id": "sitting",
    "date_of_birth": "date of birth",
    "event_id": "court event",
    "charges": "charges",
}
# Fields chosen from a list, not typed: "Choose the court", not "Enter the court".
CHOSEN_FIELDS = frozenset({"court", "type", "sitting_id", "counsel_member_ids", "status"})
_MONEY = re.compile(r"^[0-9]{1,9}(\.[0-9]{1,2})?$")


@dataclass(frozen=True)
class Submitted:
    """A form as the page shows it again (``values``) and as the command reads it (``data``)."""

    values: dict[str, str]
    data: dict[str, Any]
    rows: dict[str, list[int]]  # for each repeated group, the form row of each item kept


def read_form(form: dict[str, str], *, groups: tuple[str, ...] = ()) -> Submitted:
    values = {k: v for k, v in form.items() if k != "csrf_token"}
    data: dict[str, Any] = {}
    for name, value in values.items():
        if not value.strip():
            continue
        target = data
        parts = name.split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                break
        else:
            target[parts[-1]] = value.strip()
    rows: dict[str, list[int]] = {}
    for group in groups:
        filled = data.get(group, {})
        if not isinstance(filled, dict):
            continue
        order = sorted((int(i) for i in filled if i.isdigit()), key=int)
        rows[group] = order
        data[group] = [filled[str(i)] for i in order]
    return Submitted(values, data, rows)


def dollars_to_cents(text: str | None) -> int | str | None:
    """``5,000`` or ``S$5000.50`` as cents; anything else is passed on for the command to refuse."""
    if text is None:
        return None
    cleaned = text.replace(",", "").replace("S$", "").replace("$", "").strip()
    if not _MONEY.match(cleaned):
        return text
    whole, _, part = cleaned.partition(".")
    return int(whole) * 100 + int((part + "00")[:2])


def singapore_instant(day: str | None, at: str | None) -> str | None:
    """A date and a time from a form as one Singapore instant; None if either is blank."""
    if not day or not at:
        return None
    return f"{day}T{at}:00+08:00" if len(at) == 5 else f"{day}T{at}+08:00"


def problems_of(error: Exception, submitted: Submitted | None = None) -> tuple[int, dict[str, str]]:
    """Status and each field's problem as the sentence the page shows beside it; row numbers of
    repeated groups point back at the form's rows."""
    status, _ = describe(error)
    problems: dict[str, str] = {}
    for problem in page_problems(error, REGISTRY_FIELD_WORDS):
        field = problem["field"]
        if submitted is not None:
            parts = field.split(".")
            if len(parts) > 1 and parts[0] in submitted.rows and parts[1].isdigit():
                kept = submitted.rows[parts[0]]
                if int(parts[1]) < len(kept):
                    parts[1] = str(kept[int(parts[1])])
                field = ".".join(parts)
        message = problem["message"]
        if field.rsplit(".", 1)[-1] in CHOSEN_FIELDS and message.startswith("Enter the "):
            message = "Choose the " + message.removeprefix("Enter the ")
        problems.setdefault(field, message)
    if not problems and isinstance(error, DomainError):
        problems["form"] = as_sentence(error.message)
    return status, problems
