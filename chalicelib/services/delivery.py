"""Delivering a notice: to the people on record it is meant for, in the portal inbox and by email.

Delivery knows notices only through what every kind declares (``domain/notices.py``): who it is
for, its subject, its templates, and whether it still holds. A notice that no longer holds (the
date it names has moved on since) is dropped, never sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..aws import client
from ..domain.cases import CaseFile
from ..domain.notices import NoticeBase, Relation
from ..domain.principals import InboxOwner
from ..logs import logger
from ..render import render
from ..settings import get_settings
from ..store import cases, firms, inbox, people


@dataclass(frozen=True)
class Recipient:
    name: str
    relation: Relation  # chooses the wording of the notice
    email: str | None
    inbox: InboxOwner | None  # portal users only; a bailor has no portal account


def recipients_for(case: CaseFile, audience: frozenset[Relation]) -> list[Recipient]:
    recipients = []
    if Relation.ACCUSED in audience:
        person = people.get_person(case.accused.person_id)
        recipients.append(Recipient(case.accused.name, Relation.ACCUSED, person.email if person else None,
                                    InboxOwner.person(case.accused.person_id)))
    representation = case.representation
    if Relation.COUNSEL in audience and representation is not None:
        for counsel in representation.counsel:
            member = firms.get_member(representation.firm_uen, counsel.member_id)
            if member is not None and member.active:
                recipients.append(Recipient(member.name, Relation.COUNSEL, member.email,
                                            InboxOwner.member(representation.firm_uen, member.member_id)))
    if Relation.BAILOR in audience and case.bail is not None:
        recipients.append(Recipient(case.bail.bailor_name, Relation.BAILOR, case.bail.bailor_email, None))
    return recipients


def case_link(case_no: str) -> str:
    return f"{get_settings().public_base_url}/cases/{case_no}"


def deliver(notice: NoticeBase) -> dict:
    case = cases.get_case(notice.case_no)
    if case is None or not notice.still_holds(case):
        logger.info("stale notice dropped", extra={"notice_id": notice.notice_id})
        return {"notice_id": notice.notice_id, "delivered": 0, "stale": True}
    delivered = 0
    for recipient in recipients_for(case, notice.audience):
        context = {"notice": notice, "case": case, "recipient": recipient}
        if recipient.inbox is not None:
            inbox.add(recipient.inbox, inbox.InboxEntry(
                notice_id=notice.notice_id,
                case_no=case.case_no,
                title=notice.subject,
                body=render(f"{notice.template_dir}/inbox.txt", **context),
                created_at=notice.created_at,
            ))
        if recipient.email:
            _email(recipient.email, notice, {**context, "link": case_link(case.case_no)})
        delivered += 1
    logger.info("notice delivered", extra={"notice_id": notice.notice_id, "recipients": delivered})
    return {"notice_id": notice.notice_id, "delivered": delivered, "stale": False}


def _email(address: str, notice: NoticeBase, context: dict) -> None:
    # Subjects carry the case number only, never a name: youth cases must not expose the youth.
    client("sesv2").send_email(
        FromEmailAddress=get_settings().email_sender,
        Destination={"ToAddresses": [address]},
        Content={
            "Simple": {
                "Subject": {"Data": notice.subject},
                "Body": {
                    "Text": {"Data": render(f"{notice.template_dir}/email.txt", **context)},
                    "Html": {"Data": render(f"{notice.template_dir}/email.html", **context)},
                },
            }
        },
    )
