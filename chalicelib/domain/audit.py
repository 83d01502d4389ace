"""The audit trail: who did what, when, from where. Append-only; NRICs never appear in it."""

from datetime import datetime
from enum import Enum

from pydantic import ConfigDict

from .base import Base
from .principals import Principal


class AuditAction(str, Enum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    ACCESS_DENIED = "access_denied"
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_DEACTIVATED = "account_deactivated"
    ACCOUNT_REACTIVATED = "account_reactivated"
    FIRM_REGISTERED = "firm_registered"
    CASE_CREATED = "case_created"
    CHARGE_ADDED = "charge_added"
    CHARGE_CHANGED = "charge_changed"
    COURT_EVENT_FIXED = "court_event_fixed"
    COURT_EVENT_CHANGED = "court_event_changed"
    REPRESENTATION_RECORDED = "representation_recorded"
    REPRESENTATION_ENDED = "representation_ended"
    BAIL_RECORDED = "bail_recorded"
    DOCUMENT_UPLOADED = "document_uploaded"
    MAINTENANCE_NOTICE_SET = "maintenance_notice_set"
    MAINTENANCE_NOTICE_REMOVED = "maintenance_notice_removed"
    # Filings and their fees (domain/filing_lifecycle.py, domain/fees.py).
    FILING_DRAFTED = "filing_drafted"
    FILING_SUBMITTED = "filing_submitted"
    FILING_WITHDRAWN = "filing_withdrawn"
    FILING_REVIEW_STARTED = "filing_review_started"
    FILING_APPROVED = "filing_approved"
    FILING_ACCEPTED = "filing_accepted"
    FILING_REJECTED = "filing_rejected"
    FEE_PAID = "fee_paid"
    FEE_WAIVED = "fee_waived"
    DEFENCE_CASE_DUE_RECORDED = "defence_case_due_recorded"
    # The court calendar and changes of court dates (issue 7).
    SITTINGS_CREATED = "sittings_created"
    EVENT_PLACED_IN_SITTING = "event_placed_in_sitting"
    COURT_DATE_MOVED = "court_date_moved"
    RESCHEDULE_PREPARED = "reschedule_prepared"
    RESCHEDULE_REQUESTED = "reschedule_requested"
    RESCHEDULE_APPROVED = "reschedule_approved"
    RESCHEDULE_REFUSED = "reschedule_refused"
    RESCHEDULE_WITHDRAWN = "reschedule_withdrawn"
    CALENDAR_FEED_TURNED_ON = "calendar_feed_turned_on"
    CALENDAR_FEED_REVOKED = "calendar_feed_revoked"
    NOTIFICATION_CHOICES_CHANGED = "notification_choices_changed"
    MOBILE_CODE_SENT = "mobile_code_sent"
    MOBILE_CONFIRMED = "mobile_confirmed"
    MOBILE_REMOVED = "mobile_removed"
    EMAIL_MARKED_UNDELIVERABLE = "email_marked_undeliverable"
    EMAIL_MARK_CLEARED = "email_mark_cleared"
    DEAD_LETTERS_REDRIVEN = "dead_letters_redriven"
    # Payments (a fee paid online or at a kiosk, the advice a kiosk payment starts from).
    PAYMENT_RECORDED = "payment_recorded"
    CARD_PAYMENT_STARTED = "card_payment_started"
    GATEWAY_PAYMENT_REFUNDED = "gateway_payment_refunded"
    PAYMENT_ADVICE_REQUESTED = "payment_advice_requested"
    PAYMENT_ADVICE_ISSUED = "payment_advice_issued"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Actor(Base):
    """Who acts, as the web layer hands it to a service: the signed-in principal (if any) and the
    client's address. A plain value, so services and the store never need the HTTP request."""

    model_config = ConfigDict(frozen=True)

    role: str | None  # None: not signed in
    subject_id: str | None
    display_name: str | None
    ip: str | None = None

    @classmethod
    def of(cls, principal: Principal | None, ip: str | None) -> "Actor":
        if principal is None:
            return cls(role=None, subject_id=None, display_name=None, ip=ip)
        return cls(role=principal.role.value, subject_id=principal.subject_id,
                   display_name=principal.display_name, ip=ip)

    @classmethod
    def system(cls, job: str) -> "Actor":
        """A scheduled job or queue consumer acting on its own."""
        return cls(role="system", subject_id=job, display_name=job)


class AuditEntry(Base):
    model_config = ConfigDict(frozen=True)

    at: datetime
    action: AuditAction
    actor_role: str | None  # None: not signed in
    actor_id: str | None
    actor_name: str | None
    ip: str | None
    target: str | None = None  # a case number, a firm's UEN, an account id
    detail: str | None = None

    @classmethod
    def by(cls, actor: Actor, action: AuditAction, at: datetime, *,
           target: str | None = None, detail: str | None = None) -> "AuditEntry":
        return cls(at=at, action=action, actor_role=actor.role, actor_id=actor.subject_id,
                   actor_name=actor.display_name, ip=actor.ip, target=target, detail=detail)
