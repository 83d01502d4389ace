"""The unit of work for one case: everything a change to a case writes, committed once.

``CaseWrite.of(case, ...)`` starts from the case as it was read, at version N, and commits only
while the case is still at N, moving it to N + 1: two officers changing the same case at once
cannot both win, and the loser's change writes nothing. ``CaseWrite.creating(...)`` starts a new
case instead. Either way the caller adds the case's items (charges, events, bail, representation)
and any condition on other items (a sitting's seat, a fee, a filing) through the methods below or
the generic ``put``/``update``/``check``, then its audit entry and notices, then commits.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from ..domain.audit import Actor
from ..domain.cases import Bail, CaseFile, CaseStatus, Charge, CourtEvent, Representation, diary_dates
from ..domain.clock import singapore_date
from ..domain.errors import Conflict, DomainError
from ..domain.people import Person
from . import diary, people
from .case_items import (
    CaseItem,
    ChargeItem,
    ChargeNumberGuard,
    CounselMap,
    RepresentationItem,
    bail_item,
    charge_guard,
    charge_item,
    event_item,
    scheduled_events,
)
from .firms import FirmItem, FirmMemberItem
from .keys import CASE_SK, PROFILE_SK, case_pk, firm_pk, member_sk, owned_case_sk, person_pk, representation_sk
from .unit_of_work import UnitOfWork


class CaseWrite(UnitOfWork):
    def __init__(self, case: CaseFile, actor: Actor | None, now: datetime, *, existing: bool) -> None:
        super().__init__(actor, now)
        self.case = case
        self._existing = existing
        self._head_actions: list[Action] = []
        self._head_conditions: list[Condition] = []
        self._new_head: CaseItem | None = None
        # Events this change writes, by id: the case item's summary of scheduled events and the
        # firm's diary follow them.
        self._events: dict[str, CourtEvent] = {}
        # The case's representation as this change leaves it, for the firm's diary.
        self._representation = case.representation
        self._off_record: Representation | None = None
        self._diary_changed = False
        # A firm went on or off record: the events still to be heard carry the firm for the
        # hearing list, so they are written again with it.
        self._relist = False

    @classmethod
    def of(cls, case: CaseFile, actor: Actor | None, now: datetime) -> "CaseWrite":
        """A change to a case read at ``case.version``."""
        return cls(case, actor, now, existing=True)

    @classmethod
    def creating(cls, case: CaseFile, accused: Person, actor: Actor | None, now: datetime) -> "CaseWrite":
        """A new case with its accused (created, or their contact details refreshed)."""
        write = cls(case, actor, now, existing=False)
        people.upsert_in(write, accused)
        write._new_head = CaseItem(
                case_pk(case.case_no),
                CASE_SK,
                case_no=case.case_no,
                court=case.court.value,
                status=case.status.value,
                accused_person_id=accused.person_id,
                accused_name=accused.name,
                accused_nric_masked=accused.nric_masked,
                filed_at=case.filed_at,
                gsi1pk=person_pk(accused.person_id),
                gsi1sk=owned_case_sk(case.case_no),
            )
        write.put(
            write._new_head,
            CaseItem.pk.does_not_exist(),
            refused=Conflict(f"case {case.case_no} already exists", field="case_no"),
        )
        return write

    # --- the case's own items ------------------------------------------------------------------

    def set_status(self, status: CaseStatus) -> None:
        if self._existing and status is not self.case.status:
            self._head_actions.append(CaseItem.status.set(status.value))

    def add_charge(self, charge: Charge) -> None:
        refused = Conflict(f"charge number {charge.charge_no} is already in use", field="charge_no")
        self.put(charge_item(self.case.case_no, charge), ChargeItem.pk.does_not_exist(), refused=refused)
        self.put(charge_guard(self.case.case_no, charge.charge_no), ChargeNumberGuard.pk.does_not_exist(),
                 refused=refused)

    def replace_charge(self, charge: Charge) -> None:
        self.put(charge_item(self.case.case_no, charge), ChargeItem.pk.exists(),
                 refused=Conflict(f"case {self.case.case_no} has no charge {charge.charge_no}", field="charge_no"))

    def put_event(self, event: CourtEvent, condition: Condition | None = None, *,
                  refused: DomainError | None = None) -> None:
        """Put a court event (new or changed); the case item's summary of scheduled events, which
        the person's case list shows, and the firm's diary are rewritten in the same transaction."""
        firm = self._representation.firm_name if self._representation is not None else None
        self.put(event_item(self.case.case_no, self.case.accused.person_id, event, court=self.case.court,
                            accused_name=self.case.accused.name, firm_name=firm), condition, refused=refused)
        self.event_written(event)

    def event_written(self, event: CourtEvent) -> None:
        """Note a court event this change writes (however it is written), for the case item's
        summary and the firm's diary."""
        self._events[event.event_id] = event
        self._diary_changed = True

    def refresh_diary(self) -> None:
        """Rewrite the firm's diary entries for the case even though nothing else changed (a date passed)."""
        self._diary_changed = True

    def _events_after(self) -> list[CourtEvent]:
        """The case's court events as this change leaves them."""
        return list(({e.event_id: e for e in self.case.events} | self._events).values())

    def put_bail(self, bail: Bail) -> None:
        self.put(bail_item(self.case.case_no, bail))

    def record_representation(self, representation: Representation) -> None:
        """Put a firm on record; the firm and each counsel must still be active at commit time."""
        uen = representation.firm_uen
        self._representation, self._diary_changed, self._relist = representation, True, True
        self._head_actions += [CaseItem.firm_uen.set(uen), CaseItem.firm_name.set(representation.firm_name)]
        self._head_conditions.append(CaseItem.firm_uen.does_not_exist())
        self.check(FirmItem, firm_pk(uen), PROFILE_SK, FirmItem.active == True,  # noqa: E712 - a condition
                   refused=Conflict("the law firm is not registered or not active", field="firm_uen"))
        for counsel in representation.counsel:
            self.check(
                FirmMemberItem, firm_pk(uen), member_sk(counsel.member_id),
                (FirmMemberItem.active == True) & (FirmMemberItem.role == "counsel"),  # noqa: E712
                refused=Conflict(f"{counsel.name} is not an active counsel of the firm", field="counsel_member_ids"),
            )
        self.put(
            RepresentationItem(
                case_pk(self.case.case_no),
                representation_sk(representation.since, uen),
                case_no=self.case.case_no,
                court=self.case.court.value,
                accused_name=self.case.accused.name,
                firm_uen=uen,
                firm_name=representation.firm_name,
                counsel=[CounselMap(member_id=c.member_id, name=c.name) for c in representation.counsel],
                since=representation.since,
                gsi1pk=firm_pk(uen),
                gsi1sk=owned_case_sk(self.case.case_no),
            ),
            RepresentationItem.pk.does_not_exist(),
        )

    def end_representation(self, representation: Representation, ended_at: datetime) -> None:
        """Take the firm off record; the record stays in the case's history, out of the firm's list."""
        self._representation, self._off_record, self._diary_changed, self._relist = None, representation, True, True
        self._head_actions += [CaseItem.firm_uen.remove(), CaseItem.firm_name.remove()]
        self._head_conditions.append(CaseItem.firm_uen == representation.firm_uen)
        self.update(
            RepresentationItem(case_pk(self.case.case_no), representation_sk(representation.since, representation.firm_uen)),
            [RepresentationItem.ended_at.set(ended_at), RepresentationItem.gsi1pk.remove(),
             RepresentationItem.gsi1sk.remove()],
            RepresentationItem.ended_at.does_not_exist(),
        )

    # --- commit --------------------------------------------------------------------------------

    def _relist_coming_events(self) -> None:
        """Write again, with the firm as this change leaves it, the events listed from today on
        that this change does not already write. Past days' lists keep whom they showed. The
        case's version guard keeps them as read."""
        today = singapore_date(self.now)
        for event in self._events_after():
            if (event.event_id not in self._events and event.on_hearing_list
                    and singapore_date(event.starts_at) >= today):
                self.put_event(event)

    def _write_diary(self) -> None:
        if self._off_record is not None:
            diary.delete_entries_in(self, self.case.case_no, self._off_record)
        if self._representation is not None:
            coming = diary_dates(self._events_after(), self.now)
            diary.put_entries_in(self, self.case, self._representation, coming)

    def commit(self) -> None:
        if self._relist:
            self._relist_coming_events()
        if self._diary_changed:
            self._write_diary()
        if self._events:
            scheduled = scheduled_events(self._events_after(), self.now)
            if self._new_head is not None:
                self._new_head.scheduled = scheduled
            else:
                self._head_actions.append(CaseItem.scheduled.set(scheduled))
        if self._existing:
            # The version guard declares no refusal of its own: "this changed while you were
            # working on it" speaks only when no more specific condition failed.
            head = CaseItem(case_pk(self.case.case_no), CASE_SK)
            head.version = self.case.version
            condition = None
            for extra in self._head_conditions:
                condition = extra if condition is None else condition & extra
            self.update(head, self._head_actions, condition)
        super().commit()
