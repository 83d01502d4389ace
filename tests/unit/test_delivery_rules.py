"""Who gets a notice by which channel, mobile numbers and codes, and reading SES feedback: the pure
rules of domain/, no AWS."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.domain.channels import (
    Channel,
    ChannelChoices,
    ChannelSettings,
    PendingMobile,
    TopicChoice,
    check_code_may_be_sent,
    check_code_may_be_tried,
    mask_mobile,
    mobile_or_none,
    singapore_mobile,
)
from chalicelib.domain.delivery import Recipient, plan, route
from chalicelib.domain.errors import RuleViolation
from chalicelib.domain.feedback import NotSesFeedback, read_ses_feedback
from chalicelib.domain.notices import NoticeTopic, Relation
from chalicelib.domain.principals import InboxOwner

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=timezone.utc)
ACCUSED = InboxOwner.person("p-1")


def _accused(**changes) -> Recipient:
    return Recipient(**{"relation": Relation.ACCUSED, "description": "the accused", "inbox": ACCUSED,
                        "email": "ahkow@example.sg", "mobile": None, "choice": TopicChoice(), **changes})


def test_the_inbox_always_and_email_and_sms_as_chosen_per_topic():
    choices = ChannelChoices(topics={NoticeTopic.FILINGS: TopicChoice(email=False, sms=False)})
    person = _accused(mobile="+6591234567")
    dates, _ = route(_accused(mobile="+6591234567", choice=choices.for_topic(NoticeTopic.COURT_DATES)),
                     NoticeTopic.COURT_DATES)
    filings, problems = route(_accused(mobile="+6591234567", choice=choices.for_topic(NoticeTopic.FILINGS)),
                              NoticeTopic.FILINGS)
    assert dates.channels == (Channel.INBOX, Channel.EMAIL, Channel.SMS)
    assert filings.channels == (Channel.INBOX,) and problems == []
    assert route(_accused(email=None), NoticeTopic.COURT_DATES)[0].channels == (Channel.INBOX,)  # no SMS unconfirmed
    assert person.choice == TopicChoice()


def test_a_bounced_address_is_a_problem_and_the_other_channels_go_on():
    found, problems = route(_accused(email_blocked="ahkow@example.sg bounced"), NoticeTopic.COURT_DATES)
    assert found.channels == (Channel.INBOX,)
    assert [(p.channel, p.reason) for p in problems] == [(Channel.EMAIL, "not emailed: ahkow@example.sg bounced")]


def test_the_bailor_gets_email_and_sms_wherever_recorded_and_a_problem_when_neither():
    bailor = Recipient(Relation.BAILOR, "the bailor, Tan", None, email="b@example.sg", mobile="+6581234567")
    routes, problems = plan([bailor, Recipient(Relation.BAILOR, "the bailor, Lim", None)], NoticeTopic.COURT_DATES)
    assert [r.channels for r in routes] == [(Channel.EMAIL, Channel.SMS)]
    assert [p.reason for p in problems] == ["not told: no email address or mobile number is recorded"]


@pytest.mark.parametrize(("typed", "stored"), [("9123 4567", "+6591234567"), ("+65 8123-4567", "+6581234567"),
                                               ("(+65) 91234567", "+6591234567")])
def test_singapore_mobile_numbers_are_kept_in_e164(typed, stored):
    assert singapore_mobile(typed) == stored
    assert mask_mobile(stored) == f"+65 ****{stored[-4:]}"


@pytest.mark.parametrize("typed", ["6123 4567", "3123 4567", "+60 12 345 6789", "912345678", "9123456", "nine"])
def test_what_cannot_take_an_sms_is_refused(typed):
    with pytest.raises(ValueError, match="Singapore mobile number"):
        singapore_mobile(typed)
    assert mobile_or_none(typed) is None


def test_codes_three_an_hour_ten_minutes_five_tries():
    sent = ChannelSettings(codes_sent_at=(NOW - timedelta(minutes=50), NOW - timedelta(minutes=20), NOW))
    with pytest.raises(RuleViolation, match="try again in 11 minutes"):
        check_code_may_be_sent(sent, NOW)
    assert len(check_code_may_be_sent(sent, NOW + timedelta(minutes=11))) == 2
    pending = PendingMobile(mobile="+6591234567", code_digest="d", expires_at=NOW + timedelta(minutes=10))
    assert check_code_may_be_tried(ChannelSettings(pending=pending), NOW) == pending
    with pytest.raises(RuleViolation, match="expired"):
        check_code_may_be_tried(ChannelSettings(pending=pending), NOW + timedelta(minutes=10))
    with pytest.raises(RuleViolation, match="too many"):
        check_code_may_be_tried(ChannelSettings(pending=pending.model_copy(update={"attempts": 5})), NOW)
    with pytest.raises(RuleViolation, match="enter your mobile number first"):
        check_code_may_be_tried(ChannelSettings(), NOW)


def _sns(message: dict) -> str:
    return json.dumps({"Type": "Notification", "TopicArn": "arn:aws:sns:...:icms-dev-email-feedback",
                       "Message": json.dumps(message)})


BOUNCE = {"bounceType": "Permanent", "bounceSubType": "NoEmail", "timestamp": "2026-11-25T02:00:00.000Z",
          "bouncedRecipients": [{"emailAddress": "gone@example.sg", "diagnosticCode": "smtp; 550 5.1.1 no such user"}]}


def test_ses_feedback_in_both_shapes_marks_permanent_bounces_and_complaints_only():
    for shape in ({"notificationType": "Bounce", "bounce": BOUNCE}, {"eventType": "Bounce", "bounce": BOUNCE}):
        found = read_ses_feedback(_sns(shape))
        assert found.feedback == "bounce"
        assert found.addresses == (("gone@example.sg", "bounced permanently (NoEmail): smtp; 550 5.1.1 no such user"),)
    raw = read_ses_feedback(json.dumps({"notificationType": "Bounce", "bounce": BOUNCE}))  # raw message delivery
    assert raw.addresses[0][0] == "gone@example.sg"
    assert read_ses_feedback(_sns({"notificationType": "Bounce", "bounce": {**BOUNCE, "bounceType": "Transient"}})) is None
    assert read_ses_feedback(_sns({"eventType": "Delivery", "delivery": {}})) is None
    complaint = read_ses_feedback(_sns({"notificationType": "Complaint", "complaint": {
        "complainedRecipients": [{"emailAddress": "annoyed@example.sg"}], "timestamp": "2026-11-25T02:00:00Z"}}))
    assert complaint.feedback == "complaint" and "no type given" in complaint.addresses[0][1]


@pytest.mark.parametrize("body", ["hello", "{}", json.dumps({"Type": "Notification", "Message": "not json"}),
                                  _sns({"notificationType": "Bounce"}), _sns({"notificationType": "Bounce",
                                                                              "bounce": {**BOUNCE, "bouncedRecipients": []}})])
def test_anything_else_is_not_ses_feedback(body):
    with pytest.raises(NotSesFeedback):
        read_ses_feedback(body)
