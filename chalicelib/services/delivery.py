"""Delivering a notice: to the people on record it is meant for, by the channels each one chose.

Delivery knows notices only through what every kind declares (``domain/notices.py``): who it is
for, its topic, its subject, its page, its templates, and whether it still holds. A notice that no
longer holds (the date it names has moved on since) is dropped, never sent.

What it costs, whatever the number of people: one consistent Query for the case, one BatchGetItem
for everyone's profile, account and channel settings, one BatchGetItem for whether their addresses
bounced, one TransactWriteItems for every inbox entry and unread count; then one SES request per
email and one SNS request per SMS. Each template is rendered once per kind of recipient (accused,
counsel, bailor), since none of them names the person it goes to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from jinja2 import TemplateError

from ..domain.cases import CaseFile
from ..domain.channels import Channel, mobile_or_none
from ..domain.clock import in_singapore, utc_now
from ..domain.delivery import Problem, Recipient, plan
from ..domain.notices import NoticeBase, Relation
from ..domain.principals import InboxOwner
from ..logs import logger
from ..render import render
from ..settings import get_settings
from ..store import cases, delivery_problems, email_status, recipients
from ..store.keys import email_address_id
from .channels import CHANNELS, Message, Rendered

SETTINGS_PATH = "/settings/notifications"


class UndeliverableNotice(Exception):
    """The notice can never be delivered as it is (its case does not exist, a template is
    missing or broken): retrying will not help; it goes to the dead-letter queue with this reason."""


@dataclass(frozen=True)
class Outcome:
    notice_id: str
    stale: bool = False
    recipients: dict[str, int] | None = None  # people reached, by relation
    sent: dict[str, int] | None = None  # messages, by channel
    problems: int = 0

    def summary(self) -> dict:
        return {"notice_id": self.notice_id, "stale": self.stale, "recipients": self.recipients or {},
                "sent": self.sent or {}, "problems": self.problems}


def deliver(notice: NoticeBase) -> dict:
    case = cases.get_case(notice.case_no, consistent=True)
    if case is None:
        raise UndeliverableNotice(f"case {notice.case_no} does not exist")
    if not notice.still_holds(case):
        logger.info("stale notice dropped", extra={"notice_id": notice.notice_id})
        return Outcome(notice.notice_id, stale=True).summary()
    people, problems = recipients_for(case, notice)
    routes, unreachable = plan(people, notice.topic)
    problems += unreachable
    renderings = Renderings(notice, case)
    by_channel: dict[Channel, list[Message]] = defaultdict(list)
    for found in routes:
        for channel in found.channels:
            by_channel[channel].append(Message(found.recipient, renderings.of(found.recipient.relation)))
    for channel in Channel:  # the inbox first: it is the one record of what was sent
        if by_channel[channel]:
            problems += CHANNELS[channel].send(notice, by_channel[channel])
    if problems:
        delivery_problems.record(notice, problems, utc_now())
        for problem in problems:
            logger.warning("notice not delivered to someone", extra={
                "notice_id": notice.notice_id, "relation": problem.relation.value,
                "channel": problem.channel.value if problem.channel else None, "reason": problem.reason})
    reached: dict[str, int] = defaultdict(int)
    for found in routes:
        reached[found.recipient.relation.value] += 1
    outcome = Outcome(notice.notice_id, recipients=dict(reached),
                      sent={c.value: len(by_channel[c]) for c in Channel}, problems=len(problems))
    logger.info("notice delivered", extra=outcome.summary())
    return outcome.summary()


def recipients_for(case: CaseFile, notice: NoticeBase) -> tuple[list[Recipient], list[Problem]]:
    """Everyone on record the notice is for, with how to reach them: two round trips for all."""
    audience, topic = notice.audience, notice.topic
    person_ids = [case.accused.person_id] if Relation.ACCUSED in audience else []
    representation = case.representation if Relation.COUNSEL in audience else None
    counsel = list(representation.counsel) if representation else []
    contacts = recipients.read(person_ids, [(representation.firm_uen, c.member_id) for c in counsel]
                               if representation else [])
    bail = case.bail if Relation.BAILOR in audience else None

    found: list[Recipient] = []
    problems: list[Problem] = []
    for person_id in person_ids:
        owner = InboxOwner.person(person_id)
        settings = contacts.settings_of(owner)
        person = contacts.people.get(person_id)
        found.append(Recipient(Relation.ACCUSED, "the accused", owner, email=person.email if person else None,
                               mobile=settings.mobile, choice=settings.choices.for_topic(topic)))
    for counsel_on_record in counsel:
        assert representation is not None
        member = contacts.members.get((representation.firm_uen, counsel_on_record.member_id))
        description = f"counsel {counsel_on_record.name} ({representation.firm_name})"
        if member is None or not member.active:
            problems.append(Problem(Relation.COUNSEL, description, None,
                                    "not told: no longer an active account of the firm on record"))
            continue
        owner = InboxOwner.member(member.firm_uen, member.member_id)
        settings = contacts.settings_of(owner)
        found.append(Recipient(Relation.COUNSEL, description, owner, email=member.email, mobile=settings.mobile,
                               choice=settings.choices.for_topic(topic)))
    if bail is not None:
        found.append(Recipient(Relation.BAILOR, f"the bailor, {bail.bailor_name}", None, email=bail.bailor_email,
                               mobile=mobile_or_none(bail.bailor_phone)))
    return _with_bounces(found), problems


def _with_bounces(people: list[Recipient]) -> list[Recipient]:
    marked = email_status.blocked([p.email for p in people if p.email])
    if not marked:
        return people
    result = []
    for person in people:
        status = marked.get(email_address_id(person.email)) if person.email else None
        if status is not None:
            person = Recipient(**{**person.__dict__, "email_blocked": (
                f"{status.address} was marked undeliverable on {in_singapore(status.last_at):%d %b %Y} "
                f"({status.reason})")})
        result.append(person)
    return result


class Renderings:
    """A notice's texts for each kind of recipient, each template rendered at most once per kind."""

    def __init__(self, notice: NoticeBase, case: CaseFile) -> None:
        self.notice = notice
        self.case = case
        self._by_relation: dict[Relation, RenderedFor] = {}

    def of(self, relation: Relation) -> Rendered:
        if relation not in self._by_relation:
            self._by_relation[relation] = RenderedFor(self.notice, self.case, relation)
        return self._by_relation[relation]


class RenderedFor:
    """The notice for one relation; each part is rendered the first time a channel asks for it
    (most notices go by no SMS)."""

    def __init__(self, notice: NoticeBase, case: CaseFile, relation: Relation) -> None:
        base = get_settings().public_base_url
        has_account = relation is not Relation.BAILOR
        self.subject = notice.subject
        self._context = {
            "notice": notice, "case": case, "relation": relation,
            # A bailor has no account, so no portal page to open and no settings to change.
            "link": f"{base}{notice.link_path}" if has_account else None,
            "settings_link": f"{base}{SETTINGS_PATH}" if has_account else None,
        }

    def _render(self, part: str) -> str:
        template = f"{self._context['notice'].template_dir}/{part}"
        try:
            return render(template, **self._context).strip() + "\n"
        except TemplateError as error:
            raise UndeliverableNotice(f"template {template}: {type(error).__name__}: {error}") from error

    @cached_property
    def email_text(self) -> str:
        return self._render("email.txt")

    @cached_property
    def email_html(self) -> str:
        return self._render("email.html")

    @cached_property
    def inbox_text(self) -> str:
        return self._render("inbox.txt")

    @cached_property
    def sms_text(self) -> str:
        return self._render("sms.txt").strip()
