"""The registry's view of notices that did not get through: the dead-letter queue (with each
message's reason, and a redrive), email addresses that bounced, and the day's delivery problems."""

from datetime import date

from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from ..domain.base import Base
from ..domain.clock import day_after, day_before, singapore_date
from ..domain.delivery import RecordedProblem
from ..domain.errors import NotFound
from ..domain.feedback import UndeliverableAddress
from ..domain.principals import Role
from ..services import dead_letters, delivery_problems, email_feedback
from .query_fields import DAY_OR_BLANK, BlankDay
from .routing import Call, Page, RouteGroup, api, page, redirect

registry_delivery = RouteGroup(__name__)
REGISTRY = {Role.REGISTRY}
PAGE = "/registry/delivery"
ADDRESS_ID_LENGTH = 64


AddressId = Annotated[str, StringConstraints(pattern=rf"^[0-9a-f]{{{ADDRESS_ID_LENGTH}}}$")]


class DeliveryQuery(Base):
    model_config = ConfigDict(extra="forbid")

    day: BlankDay = Field(None, description="whose delivery problems to list (a Singapore day); "
                                            "today when absent or blank", json_schema_extra=DAY_OR_BLANK)

    problems_cursor: str | None = Field(None, max_length=600,
                                        description="`problems_next_cursor` or `problems_previous_cursor` "
                                                    "of a page of the day's problems")
    addresses_cursor: str | None = Field(None, max_length=600,
                                         description="`addresses_next_cursor` or `addresses_previous_cursor` "
                                                     "of a page of undeliverable addresses")


class DeliveryPageQuery(DeliveryQuery):
    # What the page says after its own forms' redirects.
    redriven: int | None = Field(None, ge=0, le=10_000)  # after a redrive: how many went back
    held: int | None = Field(None, ge=0, le=10_000)
    cleared: str | None = Field(None, max_length=1)


class AddressPath(Base):
    address_id: AddressId


class DeliveryOut(Base):
    dead_letters: dead_letters.DeadLetterOverview
    undeliverable_addresses: list[UndeliverableAddress]
    addresses_next_cursor: str | None
    addresses_previous_cursor: str | None
    day: date
    problems: list[RecordedProblem]
    problems_next_cursor: str | None
    problems_previous_cursor: str | None


class RedriveOut(Base):
    moved: int
    held: int


def _day(call: Call, query: DeliveryQuery) -> date:
    return query.day or singapore_date(call.now)


def _overview(call: Call, query: DeliveryQuery) -> DeliveryOut:
    day = _day(call, query)
    addresses = email_feedback.undeliverable(query.addresses_cursor)
    problems = delivery_problems.on_day(day, query.problems_cursor)
    return DeliveryOut(dead_letters=dead_letters.overview(), undeliverable_addresses=addresses.items,
                       addresses_next_cursor=addresses.next_cursor,
                       addresses_previous_cursor=addresses.previous_cursor,
                       day=day, problems=problems.items, problems_next_cursor=problems.next_cursor,
                       problems_previous_cursor=problems.previous_cursor)


def _address_id(address_id: str) -> str:
    """A page's address in its path: one that cannot be a mark's is simply not marked."""
    if len(address_id) != ADDRESS_ID_LENGTH or not all(c in "0123456789abcdef" for c in address_id):
        raise NotFound("that address is not marked undeliverable (any more)")
    return address_id


@api(registry_delivery, "/api/registry/delivery", roles=REGISTRY, query=DeliveryQuery, returns=DeliveryOut)
def delivery_problems_json(call: Call):
    """The dead-letter queue's depth and first messages with their reasons, addresses marked
    undeliverable, and a day's delivery problems."""
    return _overview(call, call.query(DeliveryQuery))


@api(registry_delivery, "/api/registry/delivery/redrive", roles=REGISTRY, methods=("POST",), returns=RedriveOut)
def redrive_json(call: Call):
    """Send parked notices back for delivery (each at most three times)."""
    result = dead_letters.redrive(call.actor, call.now)
    return RedriveOut(moved=result.moved, held=result.held)


@api(registry_delivery, "/api/registry/delivery/addresses/{address_id}", roles=REGISTRY, methods=("DELETE",),
     path_params=AddressPath, returns=UndeliverableAddress)
def clear_address_json(call: Call, address_id: str):
    """Mail an address again (after it was corrected)."""
    return email_feedback.clear(call.actor, call.path(AddressPath).address_id, call.now)


@page(registry_delivery, PAGE, roles=REGISTRY, query=DeliveryPageQuery)
def delivery_problems_page(call: Call):
    query = call.query(DeliveryPageQuery)
    overview = _overview(call, query)
    return Page("pages/registry_delivery.html", {
        "overview": overview, "query": query, "today": singapore_date(call.now),
        "previous_day": day_before(overview.day), "next_day": day_after(overview.day),
        "max_redrives": dead_letters.MAX_REDRIVES, "max_attempts": dead_letters.MAX_ATTEMPTS,
    })


@page(registry_delivery, PAGE + "/redrive", roles=REGISTRY, methods=("POST",))
def redrive_page(call: Call):
    result = dead_letters.redrive(call.actor, call.now)
    return redirect(f"{PAGE}?redriven={result.moved}&held={result.held}")


@page(registry_delivery, PAGE + "/addresses/{address_id}/clear", roles=REGISTRY, methods=("POST",))
def clear_address_page(call: Call, address_id: str):
    email_feedback.clear(call.actor, _address_id(address_id), call.now)
    return redirect(f"{PAGE}?cleared=1")
