"""The registry's hearing list for a day: the cases each court hears, grouped by courtroom in time
order, to read on screen or print each morning; and its JSON twin. One Query per page."""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

from pydantic import ConfigDict, Field

from ..domain.base import Base
from ..domain.cases import Court
from ..domain.clock import day_after, day_before, in_singapore, singapore_date
from ..domain.hearing_list import Hearing, by_court_and_courtroom
from ..domain.principals import Role
from ..render import sg_time
from ..services import hearing_list
from .query_fields import DAY_OR_BLANK, Blank, BlankDay
from .routing import Call, Page, RouteGroup, api, page

hearing_lists = RouteGroup(__name__)
REGISTRY = {Role.REGISTRY}
PATH = "/registry/hearing-list"


class HearingListQuery(Base):
    model_config = ConfigDict(extra="forbid")

    # Blank is the default too: the page's fields send ``day=`` and ``court=`` when cleared.
    day: BlankDay = Field(None, description="Singapore calendar day; today when absent or blank",
                          json_schema_extra=DAY_OR_BLANK)
    court: Blank[Court] = Field(None, description="only this court's hearings; every court's when absent or blank",
                                json_schema_extra={"anyOf": [{"enum": [c.value for c in Court]}, {"const": ""}]})
    cursor: Blank[str] = Field(None, max_length=2048,
                               description="`next` or `previous` of an answer for the same day and court")


class HearingOut(Base):
    case_no: str
    court: str
    court_label: str
    event_id: str
    type: str
    type_label: str
    starts_at: datetime
    starts_at_singapore: datetime
    time: str = Field(description="Singapore time as the list prints it, e.g. 9.30am")
    venue: str
    building: str
    room: str
    status: str = Field(description="scheduled, or held once the court has heard it")
    accused_name: str
    counsel_on_record: bool
    firm_name: str | None = Field(description="the law firm on record; null when the accused acts in person")

    @classmethod
    def of(cls, hearing: Hearing) -> "HearingOut":
        event = hearing.event
        return cls(case_no=hearing.case_no, court=hearing.court.value, court_label=hearing.court.label,
                   event_id=event.event_id, type=event.type.value, type_label=event.type.label,
                   starts_at=event.starts_at, starts_at_singapore=in_singapore(event.starts_at),
                   time=sg_time(event.starts_at), venue=event.venue.label, building=event.venue.building,
                   room=event.venue.room, status=event.status.value, accused_name=hearing.accused_name,
                   counsel_on_record=hearing.counsel_on_record, firm_name=hearing.firm_name)


class HearingListOut(Base):
    day: date
    court: str | None = Field(description="the court asked for; null for every court")
    hearings: list[HearingOut] = Field(description="by court, then start time; at most one page")
    next: str | None = Field(description="cursor of the next page (pass as `cursor`); null on the last page")
    previous: str | None = Field(description="cursor of the previous page; null on the first page")


def _read(call: Call):
    query = call.query(HearingListQuery)
    day = query.day or singapore_date(call.now)
    return day, query.court, hearing_list.hearings_on(day, query.court, query.cursor)


@api(hearing_lists, "/api/registry/hearing-list", roles=REGISTRY, query=HearingListQuery, returns=HearingListOut)
def hearing_list_json(call: Call):
    """The hearing list of a Singapore day, every court's or one court's, a page at a time."""
    day, court, found = _read(call)
    return HearingListOut(day=day, court=court.value if court else None,
                          hearings=[HearingOut.of(h) for h in found.items], next=found.next_cursor,
                          previous=found.previous_cursor)


def _list_link(day: date | None, court: Court | None, cursor: str | None = None) -> str | None:
    if day is None:
        return None
    query = {"day": day.isoformat(), **({"court": court.value} if court else {}),
             **({"cursor": cursor} if cursor else {})}
    return f"{PATH}?{urlencode(query)}"


@page(hearing_lists, PATH, roles=REGISTRY, query=HearingListQuery)
def hearing_list_page(call: Call):
    day, court, found = _read(call)

    def link(cursor: str | None) -> str | None:
        return None if cursor is None else _list_link(day, court, cursor)

    return Page("pages/registry_hearing_list.html", {
        "day": day, "court": court, "courts": list(Court), "court_lists": by_court_and_courtroom(found.items),
        "hearing_count": len(found.items), "paged": bool(found.next_cursor or found.previous_cursor),
        "first_page": _list_link(day, court) if found.previous_cursor else None,
        "previous_page": link(found.previous_cursor), "next_page": link(found.next_cursor),
        "previous_day": _list_link(day_before(day), court), "next_day": _list_link(day_after(day), court),
        "sittings": "/registry/sittings?" + urlencode({"court": (court or Court.STATE_COURTS).value,
                                                       "from": day.isoformat()}),
    })
