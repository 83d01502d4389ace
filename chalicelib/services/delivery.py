"""Delivering a court-date notice: to the accused, the counsel on record and the bailor, in the
portal inbox and by email. Stale notices (the date moved on since) are dropped, never sent."""

from __future__ import annotations

from dataclasses import dataclass

from ..aws import client
from ..domain.cases import CaseFile
from ..domain.notices import CourtDateNotice, still_holds
from ..logs import logger
from ..render import render
from ..settings import get_settings
from ..store import cases, firms, inbox, people


@dataclass(frozen=True)
class Recipient:
    name: str
    relation: str  # "accused", "counsel", "bailor": chooses the wording of the notice
    email: str | None
    inbox_owner: str | None  # portal users only; a bailor has no portal account


def inbox_owner_of_person(person_id: str) -> str:
    return f"PERSON#{person_id}"


def inbox_owner_of_member(firm_uen: str, member_id: str) -> str:
    return f"MEMBER#{firm_uen}#{member_id}"


def recipients_for(case: CaseFile) -> list[Recipient]:
    recipients = []
    person = people.get_person(case.accused.person_id)
    recipients.append(
        Recipient(case.accused.name, "accused", person.email if person else None,
                  inbox_owner_of_person(case.accused.person_id))
    )
    representation = case.representation
    if representation is not None:
        for counsel in representation.counsel:
            member = firms.get_member(representation.firm_uen, counsel.member_id)
            if member is not None and member.active:
                recipients.append(
                    Recipient(member.name, "counsel", member.email,
                              inbox_owner_of_member(representation.firm_uen, member.member_id))
                )
    if case.bail is not None:
        recipients.append(Recipient(case.bail.bailor_name, "bailor", case.bail.bailor_email, None))
    return recipients


def deliver(notice: CourtDateNotice) -> dict:
    case = cases.get_case(notice.case_no)
    if case is None or not still_holds(notice, case):
        logger.info("stale notice dropped", extra={"notice_id": notice.notice_id})
        return {"notice_id": notice.notice_id, "delivered": 0, "stale": True}
    delivered = 0
    for recipient in recipients_for(case):
        context = {"notice": notice, "case": case, "event": notice.event, "recipient": recipient}
        if recipient.inbox_owner is not None:
            inbox.add(
                recipient.inbox_owner,
                inbox.InboxEntry(
                    notice_id=notice.notice_id,
                    case_no=case.case_no,
                    title=f"{notice.kind.subject}: {case.case_no}",
                    body=render("emails/court_date.txt", **context),
                    created_at=notice.created_at,
                ),
            )
        if recipient.email:
            _email(recipient.email, notice, context)
        delivered += 1
    logger.info("notice delivered", extra={"notice_id": notice.notice_id, "recipients": delivered})
    return {"notice_id": notice.notice_id, "delivered": delivered, "stale": False}


def _email(address: str, notice: CourtDateNotice, context: dict) -> None:
    text = render("emails/court_date.txt", **context)
    # Subjects carry the case number only, never a name: youth cases must not expose the youth.
    client("sesv2").send_email(
        FromEmailAddress=get_settings().email_sender,
        Destination={"ToAddresses": [address]},
        Content={
            "Simple": {
                "Subject": {"Data": f"{notice.kind.subject}: {notice.case_no}"},
                "Body": {
                    "Text": {"Data": text},
                    "Html": {"Data": render("emails/court_date.html", text=text)},
                },
            }
        },
    )
