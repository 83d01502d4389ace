"""Every partition and sort key of the single table, built in one place.

The layout is the store's business: services and web code name things by domain ids (a case
number, a person id, an account reference) and never see these strings. ``docs/data-model.md``
lists what each key holds and which access pattern reads it.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone

from ..domain.principals import AccountRef, InboxOwner

# --- cases -------------------------------------------------------------------------------------

CASE_SK = "CASE"
BAIL_SK = "BAIL"
CHARGE_NUMBER_SK = "CHARGENO"


def case_pk(case_no: str) -> str:
    return f"CASE#{case_no}"


def charge_sk(charge_no: str) -> str:
    return f"CHARGE#{charge_no}"


def charge_number_pk(charge_no: str) -> str:
    """Charge numbers are unique across all cases; the item under this key claims one."""
    return f"CHARGENO#{charge_no}"


def event_sk(event_id: str) -> str:
    return f"EVENT#{event_id}"


def upload_sk(upload_id: str) -> str:
    return f"UPLOAD#{upload_id}"


def filing_sk(filing_id: str) -> str:
    return f"FILING#{filing_id}"


def review_entry_sk(filing_id: str) -> str:
    """A filing's second entry in the review queue (by type), beside the filing in its case."""
    return f"FILING#{filing_id}#QUEUE"


def fee_sk(fee_id: str) -> str:
    return f"FEE#{fee_id}"


DEFENCE_CASE_DUE_SK = "CCDC#DEFENCE_DUE"


def representation_sk(since: datetime, firm_uen: str) -> str:
    return f"REP#{since.isoformat()}#{firm_uen}"


def day_pk(day: date) -> str:
    """Court events by the Singapore calendar day they fall on (gsi2): the day's hearing list."""
    return f"DAY#{day.isoformat()}"


def day_court_prefix(court: str) -> str:
    """The start of the gsi2 sort keys of one court's events on a day: the court's part of the list."""
    return f"{court}#"


def day_event_sk(court: str, starts_at: datetime, case_no: str, event_id: str) -> str:
    """gsi2 sort key of a court event on its day: by court, then start (UTC instants in one format
    sort as strings), so that one court's hearings are a key range of the day's partition."""
    return f"{day_court_prefix(court)}{starts_at.isoformat()}#{case_no}#{event_id}"


def owned_case_sk(case_no: str) -> str:
    """gsi1 sort key of a case (or its record) under its owner: a person, or a firm on record."""
    return f"CASE#{case_no}"


def owned_event_sk(case_no: str, event_id: str) -> str:
    """gsi1 sort key of a court event under the accused: apart from their cases' keys, so that the
    case list (``begins_with CASE#``) reads case items only; the calendar feed reads both."""
    return f"EVENT#{case_no}#{event_id}"


OWNED_CASES_PREFIX = "CASE#"

# --- a firm's diary: each case it is on record for, by next court date (sparse gsi2 keys) --------


def diary_entry_sk(firm_uen: str, counsel_member_id: str | None = None) -> str:
    """In the case's partition: the firm's diary entry for the case, and one per counsel on record."""
    return f"DIARY#{firm_uen}" + (f"#COUNSEL#{counsel_member_id}" if counsel_member_id else "")


def diary_pk(firm_uen: str, counsel_member_id: str | None = None) -> str:
    """gsi2: the firm's whole diary, or one counsel's part of it."""
    return f"DIARY#{firm_uen}" + (f"#COUNSEL#{counsel_member_id}" if counsel_member_id else "")


# Cases without a coming court date sort after every date ("~" follows the digits).
DIARY_NO_DATE = "~"


def diary_order_sk(next_start: datetime | None, case_no: str) -> str:
    """gsi2 sort key: soonest next court date first (UTC instants in one format sort as strings)."""
    when = next_start.astimezone(timezone.utc).isoformat() if next_start else DIARY_NO_DATE
    return f"{when}#{case_no}"

# --- the registry's review queue (sparse gsi1 / gsi2 keys on filings waiting for the registry) ---

REVIEW_ALL_PK = "REVIEW"  # gsi1 of the filing item


def review_court_pk(court: str) -> str:  # gsi2 of the filing item
    return f"REVIEW#COURT#{court}"


def review_type_pk(type_code: str) -> str:  # gsi1 of the queue entry
    return f"REVIEW#TYPE#{type_code}"


def review_court_type_pk(court: str, type_code: str) -> str:  # gsi2 of the queue entry
    return f"REVIEW#COURT#{court}#TYPE#{type_code}"


def review_sk(queued_at: datetime, filing_id: str) -> str:
    """Oldest first: UTC instants in one format sort as strings do."""
    return f"{queued_at.isoformat()}#{filing_id}"


# --- idempotency keys of requests that create or move filings ---------------------------------

IDEMPOTENCY_SK = "REQUEST"


def idempotency_pk(caller_id: str, key: str) -> str:
    """A caller's key: hashed, so a copy of the table cannot be used to replay anyone's requests."""
    return "IDEMKEY#" + _digest(f"{caller_id}:{key}")
# --- the court calendar and changes of court dates ------------------------------------------------

SITTING_SK = "SITTING"
RESCHEDULE_QUEUE_PK = "RESCHEDULES#PENDING"


def sitting_pk(sitting_id: str) -> str:
    return f"SITTING#{sitting_id}"


def sittings_of_court_pk(court_value: str) -> str:
    """gsi2: a court's sittings in start order (the registry's calendar and the free-slot list)."""
    return f"SITTINGS#{court_value}"


def sitting_start_sk(starts_at: datetime, sitting_id: str = "") -> str:
    return f"{starts_at.astimezone(timezone.utc).isoformat()}#{sitting_id}"


def reschedule_request_sk(request_id: str) -> str:
    return f"REQUEST#{request_id}"


def reschedule_queue_sk(submitted_at: datetime, case_no: str, request_id: str) -> str:
    """gsi1 sort key of a pending request in the registry's queue: oldest first."""
    return f"{submitted_at.isoformat()}#{case_no}#{request_id}"


CALENDAR_FEED_SK = "CALFEED"


def calendar_feed_pk(token: str) -> str:
    return "CALFEED#" + _digest(token)


def calendar_feed_owner_keys(owner: InboxOwner) -> tuple[str, str]:
    """Where a person's current feed is recorded (to revoke it): beside their profile or account."""
    if owner.kind == "person":
        return person_pk(owner.owner_id), CALENDAR_FEED_SK
    return firm_pk(owner.firm_uen or ""), f"{CALENDAR_FEED_SK}#{owner.owner_id}"


# --- people, firms, registry staff -------------------------------------------------------------

PROFILE_SK = "PROFILE"
STAFF_PK = "STAFF"


def person_pk(person_id: str) -> str:
    return f"PERSON#{person_id}"


def firm_pk(uen: str) -> str:
    return f"FIRM#{uen}"


def member_sk(member_id: str) -> str:
    return f"MEMBER#{member_id}"


def staff_sk(staff_id: str) -> str:
    return f"STAFF#{staff_id}"


def account_keys(account: AccountRef) -> tuple[str, str] | None:
    """Where the account a session depends on is stored (an accused person has none)."""
    if account.kind == "person":
        return None
    if account.kind == "member":
        return firm_pk(account.firm_uen or ""), member_sk(account.account_id)
    return STAFF_PK, staff_sk(account.account_id)


# --- inboxes -----------------------------------------------------------------------------------


def inbox_pk(owner: InboxOwner) -> str:
    """A portal user's inbox: an accused person's or a firm member's."""
    if owner.kind == "person":
        return f"INBOX#PERSON#{owner.owner_id}"
    return f"INBOX#MEMBER#{owner.firm_uen}#{owner.owner_id}"


def inbox_entry_id(created_at: datetime, notice_id: str) -> str:
    """An entry's id in its owner's inbox and in links to it: the notice's time (UTC, to the
    microsecond, so ids sort newest last) and a digest of the notice id (which is long and full of
    colons)."""
    digest = hashlib.sha256(notice_id.encode()).hexdigest()[:16]
    return f"{created_at.astimezone(timezone.utc):%Y%m%dT%H%M%S%fZ}-{digest}"


def inbox_sk(entry_id: str) -> str:
    return f"{INBOX_PREFIX}{entry_id}"


INBOX_PREFIX = "NOTE#"
# In the owner's inbox partition, beside the entries: the unread count (read with the session on
# every page) and the owner's channel choices and confirmed mobile number.
UNREAD_SK = "UNREAD"
CHANNELS_SK = "CHANNELS"

# --- delivery: addresses that bounce, problems the registry should see ---------------------------


def email_address_id(address: str) -> str:
    """An email address as a key: its digest, so keys never spell out an address."""
    return hashlib.sha256(address.strip().lower().encode()).hexdigest()


def email_status_pk(address_id: str) -> str:
    return f"EMAIL#{address_id}"


EMAIL_STATUS_SK = "STATUS"
# gsi1 partition listing every address marked undeliverable, newest first (sparse, low volume).
UNDELIVERABLE_PK = "UNDELIVERABLE"


def undeliverable_sk(at: datetime, address_id: str) -> str:
    return f"{at.isoformat()}#{address_id}"


def delivery_problem_pk(day: date) -> str:
    """Per-recipient delivery problems by Singapore calendar day, for the registry."""
    return f"DELIVERY#{day.isoformat()}"


def delivery_problem_sk(at: datetime, *parts: str) -> str:
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]
    return f"{at.isoformat()}#{digest}"


def delivery_record_pk(idempotency_key: str) -> str:
    """Powertools' idempotency record for one notice: a partition per notice, never one hot key."""
    return f"{DELIVERY_RECORD_PREFIX}{idempotency_key}"


DELIVERY_RECORD_PREFIX = "IDEMPOTENCY#"
DELIVERY_RECORD_SK = "IDEMPOTENCY"

# --- sign-in and sessions ----------------------------------------------------------------------

SESSION_SK = "SESSION"
LOGIN_SK = "LOGIN"


def _digest(secret: str) -> str:
    # Only the hash of a bearer secret is a key, so a copy of the table cannot be replayed.
    return hashlib.sha256(secret.encode()).hexdigest()


def session_pk(token: str) -> str:
    return "SESSION#" + _digest(token)


def login_pk(state: str) -> str:
    return "LOGIN#" + _digest(state)


# --- kiosks ------------------------------------------------------------------------------------

KIOSKS_PK = "KIOSKS"
NONCE_SK = "NONCE"


def kiosk_sk(kiosk_id: str) -> str:
    return f"KIOSK#{kiosk_id}"


def kiosk_nonce_pk(kiosk_id: str, nonce: str) -> str:
    return f"KIOSKNONCE#{kiosk_id}#{nonce}"


# --- fees and payments -------------------------------------------------------------------------
# A payment, the card gateway's attempt for a fee, and a fee's payment advices live in the case
# partition (the case's fees page is one Query); receipts, advices and gateway events also have
# small items of their own so that a receipt number, a kiosk's reference or a webhook's event id
# is one GetItem, and a conditional put guards each against being used twice.


def payment_sk(receipt_no: str) -> str:
    return f"PAYMENT#{receipt_no}"


def receipt_pk(receipt_no: str) -> str:
    return f"RECEIPT#{receipt_no}"


RECEIPT_SK = "RECEIPT"


def payments_day_pk(day: date) -> str:
    """gsi2: payments recorded on one Singapore day, for the reconciliation report."""
    return f"PAYMENTS#{day.isoformat()}"


def card_attempt_sk(fee_id: str) -> str:
    return f"CARDPAY#{fee_id}"


def card_attempts_day_pk(day: date) -> str:
    """gsi2: card payments started on one Singapore day, checked against the gateway."""
    return f"CARDPAYMENTS#{day.isoformat()}"


def gateway_event_pk(event_id: str) -> str:
    return f"GATEWAYEVENT#{event_id}"


GATEWAY_EVENT_SK = "EVENT"


def advice_sk(advice_id: str) -> str:
    return f"ADVICE#{advice_id}"


def advice_pk(advice_id: str) -> str:
    return f"ADVICE#{advice_id}"


ADVICE_SK = "ADVICE"


# --- audit log and outbox ----------------------------------------------------------------------


def audit_day_pk(day: date) -> str:
    return f"AUDIT#{day.isoformat()}"


def audit_sk(at: datetime, unique: str) -> str:
    return f"{at.isoformat()}#{unique}"


OUTBOX_SK = "OUTBOX"


def outbox_pk(batch_id: str) -> str:
    """One outbox item per committed change; its own partition, so outbox writes never run hot."""
    return f"OUTBOX#{batch_id}"


# --- the site's maintenance notice -------------------------------------------------------------

MAINTENANCE_PK = "SITE#maintenance"
MAINTENANCE_SK = "NOTICE"
