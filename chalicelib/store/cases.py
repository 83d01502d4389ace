"""The case aggregate in the single table: reads are one Query each, writes one transaction each.

Every write also bumps the case item's version under a condition, so two officers changing the
same case at once cannot both win: the second gets a conflict and nothing of it is written.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import NoReturn

from ..domain.cases import (
    Bail,
    CaseFile,
    CaseStatus,
    CaseSummary,
    Charge,
    Court,
    CourtEvent,
    RepresentedCase,
    Representation,
)
from ..domain.errors import Conflict
from ..domain.people import Person
from . import people
from .case_items import (
    CASE_SK,
    BailItem,
    CaseItem,
    ChargeItem,
    ChargeNumberGuard,
    CounselMap,
    CourtEventItem,
    RepresentationItem,
    bail_item,
    case_pk,
    charge_guard,
    charge_item,
    court_of,
    day_pk,
    event_item,
    firm_pk,
    person_pk,
    representation_sk,
    status_of,
    to_accused,
    to_bail,
    to_charge,
    to_event,
    to_representation,
)
from .firms import FirmItem, FirmMemberItem, PROFILE_SK, member_sk
from .table import Entity, GuardedWrite, TransactionRefused

_STALE = "this case changed while you were working on it; reload it and try again"


# --- reads -------------------------------------------------------------------------------------


def get_case(case_no: str) -> CaseFile | None:
    """The whole case page: one Query on ``pk = CASE#<case_no>``."""
    items = list(Entity.query(case_pk(case_no)))
    head = next((i for i in items if isinstance(i, CaseItem)), None)
    if head is None:
        return None
    return CaseFile(
        case_no=head.case_no,
        court=court_of(head),
        status=status_of(head),
        accused=to_accused(head),
        filed_at=head.filed_at,
        charges=tuple(to_charge(i) for i in items if isinstance(i, ChargeItem)),
        events=tuple(to_event(i) for i in items if isinstance(i, CourtEventItem)),
        representations=tuple(to_representation(i) for i in items if isinstance(i, RepresentationItem)),
        bail=next((to_bail(i) for i in items if isinstance(i, BailItem)), None),
        version=head.version or 0,
    )


def list_cases_for_person(person_id: str, now: datetime) -> list[CaseSummary]:
    """A person's cases with their next court events: one Query on gsi1 ``PERSON#<id>``."""
    heads: list[CaseItem] = []
    events: dict[str, list[CourtEvent]] = defaultdict(list)
    for item in Entity.by_owner.query(person_pk(person_id), Entity.gsi1sk.startswith("CASE#")):
        if isinstance(item, CaseItem):
            heads.append(item)
        elif isinstance(item, CourtEventItem):
            events[item.case_no].append(to_event(item))
    summaries = []
    for head in heads:
        upcoming = sorted((e for e in events[head.case_no] if e.is_upcoming(now)), key=lambda e: e.starts_at)
        summaries.append(
            CaseSummary(
                case_no=head.case_no,
                court=court_of(head),
                status=status_of(head),
                next_event=upcoming[0] if upcoming else None,
                firm_name=head.firm_name,
            )
        )
    return sorted(summaries, key=_summary_order)


def _summary_order(summary: CaseSummary) -> tuple:
    # Open cases with a date first, soonest first; then open cases without one; then closed ones.
    next_start = summary.next_event.starts_at.isoformat() if summary.next_event else "~"
    return (summary.status is not CaseStatus.OPEN, next_start, summary.case_no)


def list_cases_for_firm(uen: str) -> list[RepresentedCase]:
    """Cases a firm is on record for: one Query on gsi1 ``FIRM#<uen>`` (active records only)."""
    return [
        RepresentedCase(
            case_no=item.case_no,
            court=Court(item.court),
            accused_name=item.accused_name,
            counsel=to_representation(item).counsel,
            since=item.since,
        )
        for item in RepresentationItem.by_owner.query(firm_pk(uen), Entity.gsi1sk.startswith("CASE#"))
    ]


# --- writes ------------------------------------------------------------------------------------


def create_case(case: CaseFile, person: Person) -> None:
    """The case with its accused, charges, events and bail, in one transaction."""
    write = GuardedWrite()
    people.upsert_in(write, person)
    write.put(
        "case",
        CaseItem(
            case_pk(case.case_no),
            CASE_SK,
            case_no=case.case_no,
            court=case.court.value,
            status=case.status.value,
            accused_person_id=person.person_id,
            accused_name=person.name,
            accused_nric_masked=person.nric_masked,
            filed_at=case.filed_at,
            gsi1pk=person_pk(person.person_id),
            gsi1sk=f"CASE#{case.case_no}",
        ),
        CaseItem.pk.does_not_exist(),
    )
    for charge in case.charges:
        _put_new_charge(write, case.case_no, charge)
    for event in case.events:
        write.put(f"event:{event.event_id}", event_item(case.case_no, person.person_id, event))
    if case.bail is not None:
        write.put("bail", bail_item(case.case_no, case.bail))
    try:
        write.commit()
    except TransactionRefused as refused:
        _raise_for(refused, Conflict(f"case {case.case_no} already exists", field="case_no"))


def add_charge(case: CaseFile, charge: Charge, status: CaseStatus) -> None:
    write = _case_write(case, status=status)
    _put_new_charge(write, case.case_no, charge)
    _commit(write)


def replace_charge(case: CaseFile, charge: Charge, status: CaseStatus) -> None:
    write = _case_write(case, status=status)
    write.put("existing_charge", charge_item(case.case_no, charge), ChargeItem.pk.exists())
    _commit(write)


def put_event(case: CaseFile, event: CourtEvent) -> None:
    write = _case_write(case)
    write.put(f"event:{event.event_id}", event_item(case.case_no, case.accused.person_id, event))
    _commit(write)


def put_bail(case: CaseFile, bail: Bail) -> None:
    write = _case_write(case)
    write.put("bail", bail_item(case.case_no, bail))
    _commit(write)


def record_representation(case: CaseFile, representation: Representation) -> None:
    """Put a firm on record; the firm and each counsel must exist and be active at commit time."""
    write = _case_write(
        case,
        extra_actions=[
            CaseItem.firm_uen.set(representation.firm_uen),
            CaseItem.firm_name.set(representation.firm_name),
        ],
        condition=CaseItem.firm_uen.does_not_exist(),
    )
    write.check("firm", FirmItem, firm_pk(representation.firm_uen), PROFILE_SK, FirmItem.active == True)  # noqa: E712
    for counsel in representation.counsel:
        write.check(
            f"counsel:{counsel.member_id}",
            FirmMemberItem,
            firm_pk(representation.firm_uen),
            member_sk(counsel.member_id),
            (FirmMemberItem.active == True) & (FirmMemberItem.role == "counsel"),  # noqa: E712
        )
    write.put(
        "representation",
        RepresentationItem(
            case_pk(case.case_no),
            representation_sk(representation.since, representation.firm_uen),
            case_no=case.case_no,
            court=case.court.value,
            accused_name=case.accused.name,
            firm_uen=representation.firm_uen,
            firm_name=representation.firm_name,
            counsel=[CounselMap(member_id=c.member_id, name=c.name) for c in representation.counsel],
            since=representation.since,
            gsi1pk=firm_pk(representation.firm_uen),
            gsi1sk=f"CASE#{case.case_no}",
        ),
        RepresentationItem.pk.does_not_exist(),
    )
    _commit(write)


def end_representation(case: CaseFile, representation: Representation, ended_at: datetime) -> None:
    """Take the firm off record; the record stays in the case's history, out of the firm's list."""
    write = _case_write(
        case,
        extra_actions=[CaseItem.firm_uen.remove(), CaseItem.firm_name.remove()],
        condition=CaseItem.firm_uen == representation.firm_uen,
    )
    write.update(
        "representation",
        RepresentationItem(case_pk(case.case_no), representation_sk(representation.since, representation.firm_uen)),
        [
            RepresentationItem.ended_at.set(ended_at),
            RepresentationItem.gsi1pk.remove(),
            RepresentationItem.gsi1sk.remove(),
        ],
        RepresentationItem.ended_at.does_not_exist(),
    )
    _commit(write)


# --- helpers -----------------------------------------------------------------------------------


def _put_new_charge(write: GuardedWrite, case_no: str, charge: Charge) -> None:
    write.put(f"charge:{charge.charge_no}", charge_item(case_no, charge), ChargeItem.pk.does_not_exist())
    write.put(f"charge_no:{charge.charge_no}", charge_guard(case_no, charge.charge_no), ChargeNumberGuard.pk.does_not_exist())


def _case_write(case: CaseFile, *, status: CaseStatus | None = None, extra_actions=(), condition=None) -> GuardedWrite:
    """A transaction that starts by moving the case item to its next version."""
    head = CaseItem(case_pk(case.case_no), CASE_SK)
    head.version = case.version
    actions = list(extra_actions)
    if status is not None:
        actions.append(CaseItem.status.set(status.value))
    write = GuardedWrite()
    write.update("case", head, actions, condition)
    return write


def _commit(write: GuardedWrite) -> None:
    try:
        write.commit()
    except TransactionRefused as refused:
        _raise_for(refused, Conflict(_STALE))


def _raise_for(refused: TransactionRefused, when_case_refused: Conflict) -> NoReturn:
    failed = refused.failed
    for label in failed:
        if label.startswith("charge_no:") or label.startswith("charge:"):
            number = label.split(":", 1)[1]
            raise Conflict(f"charge number {number} is already in use", field="charge_no") from refused
        if label == "firm":
            raise Conflict("the law firm is not registered or not active", field="firm_uen") from refused
        if label.startswith("counsel:"):
            member_id = label.split(":", 1)[1]
            raise Conflict(f"{member_id} is not an active counsel of the firm", field="counsel_member_ids") from refused
        if label == "person":
            raise Conflict("the NRIC/FIN clashes with another person's record; contact support", field="accused.nric") from refused
    if "case" in failed:
        raise when_case_refused from refused
    raise Conflict(_STALE) from refused


def events_on(day: date) -> list[tuple[str, CourtEvent]]:
    """Court events on one Singapore calendar day, in start order: one Query on gsi2 ``DAY#<day>``."""
    return [
        (item.case_no, to_event(item))
        for item in CourtEventItem.by_day.query(day_pk(day))
    ]
