"""Every kind of notice, for every kind of recipient, in every court, as it leaves: the email as a
MIME message (text and HTML parts, help contacts, a link to the page, nothing that tracks), the
inbox text and the SMS (no names, no links). Rendered through delivery's own code. No AWS."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import datetime, timedelta, timezone
from html.parser import HTMLParser
from typing import get_args

import pytest

from chalicelib.domain.cases import AccusedOnCase, CaseFile, Court, CourtEvent, EventStatus, EventType, Venue
from chalicelib.domain.notices import (
    CourtDateNotice,
    FeeDue,
    FilingAccepted,
    FilingApproved,
    FilingRef,
    FilingRejected,
    FilingReceived,
    Notice,
    PaymentAdviceReady,
    PaymentReceived,
    Relation,
    court_date_changed,
    court_date_fixed,
    court_date_moved,
    court_date_reminder,
    court_date_vacated,
    reschedule_approved,
    reschedule_refused,
    reschedule_requested,
    reschedule_withdrawn,
)
from chalicelib.render import TEMPLATES_DIR
from chalicelib.services.channels import email_message
from chalicelib.services.delivery import Renderings

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)
YOUTH = "Muhammad Irfan bin Yusof"
ADULT = "Tan Ah Kow"
CASES = {
    Court.STATE_COURTS: ("DAC-912345-2026", ADULT, Venue(building="State Courts Towers", room="Court 4A")),
    Court.NIGHT_COURTS: ("SC-912345-2026", ADULT, Venue(building="State Courts Towers", room="Night Court 2")),
    Court.YOUTH_COURTS: ("YAC-912345-2026", YOUTH, Venue(building="Youth Courts, Family Justice Courts", room="Youth Court 1")),
}
PORTAL = "http://localhost:8000"  # ICMS_PUBLIC_BASE_URL in tests/conftest.py


def _event(venue: Venue, **changes) -> CourtEvent:
    event = CourtEvent(event_id="ev-1", type=EventType.MENTION, starts_at=NOW + timedelta(days=10), venue=venue)
    return event.model_copy(update=changes)


FILING = FilingRef(filing_id="APP-7K3Q9M2X", type_label="Request for court records", is_application=True)


def _every_kind(case_no: str, venue: Venue) -> list:
    event = _event(venue)
    about = {"case_no": case_no, "created_at": NOW, "filing": FILING}
    return [
        court_date_fixed(case_no, event, NOW),
        court_date_changed(case_no, _event(venue, starts_at=event.starts_at + timedelta(days=7)), event, NOW),
        court_date_vacated(case_no, _event(venue, status=EventStatus.VACATED), NOW),
        court_date_reminder(case_no, event, 3, NOW),
        FilingReceived(notice_id="filing_received:APP-7K3Q9M2X", **about),
        FilingAccepted(notice_id="filing_accepted:APP-7K3Q9M2X", **about),
        # Free text the registry typed can name anyone: it reaches the inbox and email, never an SMS.
        FilingRejected(notice_id="filing_rejected:APP-7K3Q9M2X", reason=f"Signed by {YOUTH}'s father", **about),
        FilingApproved(notice_id="filing_approved:APP-7K3Q9M2X", note="Report weekly", **about),
        FeeDue(notice_id="fee_due:APP-7K3Q9M2X", fee_id="FEE-2R7W4K9P", amount_cents=1500, **about),
        court_date_moved(case_no, _event(venue, starts_at=event.starts_at + timedelta(days=7)), event, "the accused",
                         NOW),
        reschedule_requested(case_no, event, "rq-0123456789ab", "counsel on record", NOW),
        reschedule_approved(case_no, _event(venue, starts_at=event.starts_at + timedelta(days=7)), event,
                            "rq-0123456789ab", False, NOW),
        # As with a rejected filing, the court's reason is free text: inbox and email, never an SMS.
        reschedule_refused(case_no, event, "rq-0123456789ab", f"{YOUTH} gave no good reason.", NOW),
        reschedule_withdrawn(case_no, event, "rq-0123456789ab", NOW),
        PaymentReceived(notice_id="payment_received:R261125-7K3MQXD2F", receipt_no="R261125-7K3MQXD2F",
                        amount_cents=1500, method_label="Credit card (Visa ending 4242) at kiosk", paid_at=NOW,
                        **about),
        PaymentAdviceReady(notice_id="payment_advice_ready:ADV7K3MQXD2F", advice_id="ADV7K3MQXD2F",
                           reference="PA-7K3MQ-XD2FA-B9C4D-E5F6G", amount_cents=1500,
                           valid_until=(NOW + timedelta(days=14)).date(), **about),
    ]


def _what_it_is_about(notice) -> tuple[str, ...]:
    """What the texts must name besides the case: the hearing's place, or the filing."""
    if isinstance(notice, CourtDateNotice):
        return (notice.event.venue.label,)
    if isinstance(notice, PaymentReceived):
        return (FILING.filing_id, FILING.type_label, "S$15.00", notice.receipt_no)
    if isinstance(notice, PaymentAdviceReady):
        return (FILING.filing_id, FILING.type_label, "S$15.00", notice.reference, "9 Dec 2026")
    return (FILING.filing_id, FILING.type_label)


FREE_TEXT_KINDS = {"filing_rejected", "reschedule_refused"}  # may name anyone, as the court wrote it


def _case(court: Court) -> CaseFile:
    case_no, name, _ = CASES[court]
    return CaseFile(case_no=case_no, court=court, filed_at=NOW - timedelta(days=30),
                    accused=AccusedOnCase(person_id="p-1", name=name, nric_masked="T****846F"))


COMBINATIONS = [(court, relation) for court in Court for relation in Relation]


def test_the_kinds_tested_here_are_every_kind_of_the_union():
    kinds = {model.model_fields["kind"].default for model in get_args(get_args(Notice)[0])}
    assert kinds == {n.kind for n in _every_kind("DAC-912345-2026", CASES[Court.STATE_COURTS][2])}


def test_every_kind_has_its_four_templates():
    for notice in _every_kind("DAC-912345-2026", CASES[Court.STATE_COURTS][2]):
        for part in ("email.txt", "email.html", "inbox.txt", "sms.txt"):
            assert (TEMPLATES_DIR / notice.template_dir / part).is_file(), (notice.kind, part)


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize(("court", "relation"), COMBINATIONS, ids=lambda v: v.value)
def test_every_email_is_well_formed_helpful_and_tracks_nobody(court, relation):
    case = _case(court)
    case_no, name, venue = CASES[court]
    for notice in _every_kind(case_no, venue):
        rendered = Renderings(notice, case).of(relation)
        raw = email_message("someone@example.sg", rendered.subject, rendered.email_text, rendered.email_html)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        where = (notice.kind, court.value, relation.value)

        assert message.get_content_type() == "multipart/alternative", where
        assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"], where
        for header in ("From", "To", "Subject", "Date", "Message-ID"):
            assert message[header], (where, header)
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["Subject"] == notice.subject and name not in message["Subject"], where

        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        parsed = _Html()
        parsed.feed(html)
        page_link = f"{PORTAL}{notice.link_path}"
        for body in (text, "".join(parsed.text)):
            assert case_no in body, where
            assert notice.link_text in body or relation is Relation.BAILOR, where
            assert "6 JUSTICE (6587 8423)" in body and "1800 JUSTICE (1800 587 8423)" in body, where
            assert "8.30am to 6.00pm" in body, where
        if relation is not Relation.BAILOR:
            assert page_link in text, where
            assert ("a", {"href": page_link, "style": "color:#0b5fff"}) in parsed.tags, where
            assert f"{PORTAL}/settings/notifications" in text, where
        else:
            assert PORTAL not in text and PORTAL not in html, where  # no account: nothing to open
        if relation is Relation.COUNSEL:
            assert "6756 3874" in text, where
        # Nothing that reports opening or clicking: no images, no scripts, no rewritten links.
        assert not any(tag in {"img", "script", "iframe", "link"} for tag, _ in parsed.tags), where
        links = [attrs.get("href", "") for tag, attrs in parsed.tags if tag == "a"]
        assert all(link.startswith(PORTAL) and "?" not in link for link in links), where
        assert ("html", {"lang": "en-SG"}) in parsed.tags, where
        for part in _what_it_is_about(notice):
            assert part in text, (where, part)
        if court is Court.YOUTH_COURTS and notice.kind not in FREE_TEXT_KINDS:
            assert YOUTH not in raw.decode(errors="replace"), where


@pytest.mark.parametrize(("court", "relation"), COMBINATIONS, ids=lambda v: v.value)
def test_every_sms_and_inbox_text_names_the_case_and_no_person(court, relation):
    case = _case(court)
    case_no, name, venue = CASES[court]
    for notice in _every_kind(case_no, venue):
        rendered = Renderings(notice, case).of(relation)
        where = (notice.kind, court.value, relation.value)
        sms = rendered.sms_text
        assert case_no in sms and name not in sms, where
        assert not re.search(r"https?://|www\.", sms), where  # people are taught to distrust links in SMS
        assert "\n" not in sms and len(sms) <= 306, (where, len(sms))  # at most two SMS segments
        assert "6587 8423" in sms, where
        assert FILING.filing_id in sms or isinstance(notice, CourtDateNotice), where
        if isinstance(notice, PaymentReceived):
            assert notice.receipt_no in sms and "S$15.00" in sms, where
        if isinstance(notice, PaymentAdviceReady):  # enough to pay with at a kiosk, without the email
            assert notice.reference in sms and "S$15.00" in sms and "9 Dec 2026" in sms, where
        inbox = rendered.inbox_text
        assert case_no in inbox and all(part in inbox for part in _what_it_is_about(notice)), where
        assert name not in inbox or notice.kind in FREE_TEXT_KINDS, where


def test_each_template_is_rendered_once_per_kind_of_recipient(monkeypatch):
    from chalicelib.services import delivery

    calls: list[str] = []
    real = delivery.render
    monkeypatch.setattr(delivery, "render", lambda template, **context: calls.append(template) or real(template, **context))
    case_no, _, venue = CASES[Court.STATE_COURTS]
    notice = _every_kind(case_no, venue)[0]
    renderings = Renderings(notice, _case(Court.STATE_COURTS))
    for _ in range(3):  # three counsel, say
        for relation in (Relation.COUNSEL, Relation.ACCUSED):
            rendered = renderings.of(relation)
            rendered.email_text, rendered.email_html, rendered.inbox_text  # noqa: B018 - rendering on access
    assert sorted(calls) == sorted([f"notices/court_date_fixed/{p}" for p in ("email.txt", "email.html", "inbox.txt")] * 2)
