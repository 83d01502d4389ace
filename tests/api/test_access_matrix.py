"""Every route × every caller × (their own resource / someone else's), against the app's route list.

``MATRIX`` says what each caller gets from each route. A route the app declares without a row
here fails ``test_every_route_has_a_row``: nobody adds a route without deciding who may use it.
Ids of other people's resources must give 404 or 403, never their data.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

import pytest

from chalicelib.web.help import HELP_TOPICS
from chalicelib.web.routing import declared_routes

ROUTES = declared_routes()
from tests.fixtures.aws import empty_table_and_queues
from tests.fixtures.court_dates import add_court_dates_world, at, working_day
from tests.fixtures.events import forget_stream_records
from tests.fixtures.fees import fees_paid_and_due
from tests.fixtures.gateway import card_token
from tests.fixtures.notices import MOBILE_CODE, give_mobile_and_pending_code, inbox_entry_of, mark_undeliverable
from tests.fixtures.portal import (
    accused_principal,
    add_kiosk,
    add_verified_upload,
    add_law_firm,
    add_registry_officer,
    create_case,
    firm_principal,
    kiosk_headers,
    new_case_payload,
    next_weekday_at,
    put_firm,
    signed_in,
)

OK = "ok"  # 2xx, or a redirect that is not to sign-in
SIGN_IN = "sign in"  # API: 401; page: 303 to /sign-in
FORBIDDEN, NOT_FOUND, BAD_REQUEST, CONFLICT = 403, 404, 400, 409

CALLERS = ("anonymous", "accused", "other_accused", "counsel", "paralegal", "firm_admin", "other_firm_counsel",
           "registry", "kiosk")
NO_SESSION = {"anonymous", "kiosk"}  # a kiosk signs its requests and never holds a session
PARTIES = {"accused", "other_accused", "counsel", "paralegal", "firm_admin", "other_firm_counsel"}

CASE_A = "DAC-912345-2026"  # the accused's, with Tan & Lim LLP on record
CASE_B = "MAC-904321-2026"  # the other accused's, unrepresented
OTHER_FIRM_UEN = "201912345K"


def everyone(result) -> dict[str, object]:
    return {caller: result for caller in CALLERS}


def only(allowed: set[str], result=OK, *, anonymous=SIGN_IN, others=FORBIDDEN) -> dict[str, object]:
    """``allowed`` get ``result``; callers without a session ``anonymous``; the rest ``others``."""
    return {caller: result if caller in allowed else (anonymous if caller in NO_SESSION else others)
            for caller in CALLERS}


def own_and_others(own: dict, others: dict) -> dict[str, tuple]:
    return {caller: (own[caller], others[caller]) for caller in CALLERS}


REGISTRY_ONLY = only({"registry"})
FIRM_ADMIN_ONLY = only({"firm_admin"})
# A case: its accused, the firm on record and the registry see it; for anyone else it does not exist.
CASE_VIEW = own_and_others(
    own=only({"accused", "counsel", "paralegal", "firm_admin", "registry"}, others=FORBIDDEN)
    | {"other_accused": NOT_FOUND, "other_firm_counsel": NOT_FOUND},
    others=only({"registry"}, others=FORBIDDEN) | {p: NOT_FOUND for p in PARTIES} | {"other_accused": OK},
)
# Preparing a document for a case: those who may file for it (not a represented accused, not the
# firm's administrator); the registry reads, it does not prepare. Case A is represented, case B is not.
PREPARE = own_and_others(
    own=only({"counsel", "paralegal"}) | {"other_accused": NOT_FOUND, "other_firm_counsel": NOT_FOUND},
    others=only({"other_accused"}) | {p: NOT_FOUND for p in PARTIES - {"other_accused"}},
)
# Completing an upload: only the person who started it (counsel's on case A, the other accused's on B).
COMPLETE = own_and_others(
    own=only({"counsel"}, others=NOT_FOUND) | {"registry": FORBIDDEN},
    others=only({"other_accused"}, others=NOT_FOUND) | {"registry": FORBIDDEN},
)
# The page S3 sends a browser back to: as completing, but who may not prepare is told so first.
ARRIVED = {caller: ((FORBIDDEN if caller in ("accused", "firm_admin") else own), others)
           for caller, (own, others) in COMPLETE.items()}
# Submitting a draft: counsel of the firm on record for the firm's draft on A (a paralegal and the
# administrator are told why not; the represented accused does not see the firm's draft); the
# unrepresented accused for their own on B.
SUBMIT = own_and_others(
    own=only({"counsel"}) | {"accused": NOT_FOUND, "other_accused": NOT_FOUND, "other_firm_counsel": NOT_FOUND},
    others=only({"other_accused"}) | {p: NOT_FOUND for p in PARTIES - {"other_accused"}},
)
# Discarding a draft: as submitting, and the paralegal too.
DISCARD = {caller: (OK if caller == "paralegal" else own, others) for caller, (own, others) in SUBMIT.items()}
# Paying a fee of a case: the parties who see the case (the registry waives or prints advices).
PAY = own_and_others(
    own=only({"accused", "counsel", "paralegal", "firm_admin"}) | {"other_accused": NOT_FOUND,
                                                                   "other_firm_counsel": NOT_FOUND},
    others=only({"other_accused"}) | {p: NOT_FOUND for p in PARTIES - {"other_accused"}},
)
KIOSK_ONLY = {caller: OK if caller == "kiosk" else SIGN_IN for caller in CALLERS}
# A firm's member: the administrator of that firm manages them; another firm's id does not exist.
MEMBER_CHANGE = own_and_others(own=FIRM_ADMIN_ONLY, others=only({"firm_admin"}, NOT_FOUND))
# The paralegal whose account is to be reactivated is deactivated, so signed out.
MEMBER_REACTIVATION = MEMBER_CHANGE | {"paralegal": (SIGN_IN, SIGN_IN)}

# Changing a court date (issue 7). Case A is represented (Tan & Lim LLP), case B is not. A change
# is asked by the unrepresented accused or counsel on record; a paralegal prepares requests; the
# represented accused and the firm's administrator are told why not (403); the registry decides.
ASKERS_PAGE = own_and_others(
    own=only({"accused", "counsel", "paralegal", "firm_admin"}) | {"other_accused": NOT_FOUND,
                                                                  "other_firm_counsel": NOT_FOUND},
    others=only({"other_accused"}) | {p: NOT_FOUND for p in PARTIES - {"other_accused"}},
)
MOVE = own_and_others(
    own=only({"counsel"}) | {"accused": FORBIDDEN, "paralegal": 422, "other_accused": NOT_FOUND,
                             "other_firm_counsel": NOT_FOUND},
    others=only({"other_accused"}) | {p: NOT_FOUND for p in PARTIES - {"other_accused"}},
)
ASK = own_and_others(
    own=only({"counsel", "paralegal"}) | {"other_accused": NOT_FOUND, "other_firm_counsel": NOT_FOUND},
    others=only({"other_accused"}) | {p: NOT_FOUND for p in PARTIES - {"other_accused"}},
)
# Case A's request was prepared by the paralegal; case B's was made (pending) by the other accused.
SUBMIT_REQUEST = own_and_others(
    own=only({"counsel"}) | {"other_accused": NOT_FOUND, "other_firm_counsel": NOT_FOUND},
    others=only(set(), others=FORBIDDEN) | {p: NOT_FOUND for p in PARTIES} | {"other_accused": 409},
)
WITHDRAW_REQUEST = own_and_others(
    own=only({"counsel", "paralegal"}) | {"other_accused": NOT_FOUND, "other_firm_counsel": NOT_FOUND},
    others=only({"other_accused"}) | {p: NOT_FOUND for p in PARTIES - {"other_accused"}},
)
# A calendar feed is the caller's own: turning one on or off changes nothing another caller sees.
WRITES_ONLY_THE_CALLERS_OWN = {"turn_on_feed_json", "revoke_feed_json", "turn_on_feed_page", "revoke_feed_page"}
COURT_DATE_ROWS: dict[str, dict] = {
    "change_options_json": CASE_VIEW,
    "change_date_page": ASKERS_PAGE,
    "event_calendar": CASE_VIEW,
    "move_json": MOVE,
    "move_page": MOVE,
    "request_change_json": ASK,
    "request_change_page": ASK,
    "submit_request_json": SUBMIT_REQUEST,
    "submit_request_page": SUBMIT_REQUEST,
    "withdraw_request_json": WITHDRAW_REQUEST,
    "withdraw_request_page": WITHDRAW_REQUEST,
    **{name: REGISTRY_ONLY for name in (
        "sittings_json", "create_sitting_json", "create_weekly_json", "place_event_json", "place_event_page",
        "sittings_page", "hearing_list_json", "hearing_list_page",
        "create_sitting_page", "create_weekly_page", "queue_json", "queue_page", "decide_json", "decision_page",
        "decide_page")},
    **{name: only(PARTIES) for name in (
        "feed_json", "turn_on_feed_json", "revoke_feed_json", "calendar_page", "turn_on_feed_page",
        "revoke_feed_page")},
    # Calendar apps fetch feeds without a session; a token that names no feed is not found.
    "feed": everyone(NOT_FOUND),
}
# An inbox entry: only the inbox's owner has it; in anyone else's inbox it does not exist.
INBOX_ENTRY = own_and_others(
    own=only({"accused"}, others=NOT_FOUND) | {"registry": FORBIDDEN},
    others=only({"other_accused"}, others=NOT_FOUND) | {"registry": FORBIDDEN},
)
PARTIES_ONLY = only(PARTIES)

MATRIX: dict[str, dict] = {
    "sign_in": everyone(OK),
    "sign_out": only(set(CALLERS) - NO_SESSION),
    "signed_out": everyone(OK),
    "help_index": everyone(OK),
    "maintenance_page": REGISTRY_ONLY,
    "set_maintenance_notice": REGISTRY_ONLY,
    # The world has no notice up, so the registry gets as far as being told there is none to take down.
    "remove_maintenance_notice": only({"registry"}, CONFLICT),
    **{topic.route_name: everyone(OK) for topic in HELP_TOPICS},
    # Kiosk routes authenticate signatures, not sessions: a person's session counts for nothing.
    "kiosk_status": {caller: OK if caller == "kiosk" else SIGN_IN for caller in CALLERS},
    "public_keys": everyone(OK),
    "sign_in_with_singpass": everyone(OK),
    "sign_in_with_corppass": everyone(OK),
    "registry_sign_in": everyone(OK),
    # Without a sign-in this browser started, a callback is refused whoever calls it.
    "singpass_callback": everyone(BAD_REQUEST),
    "corppass_callback": everyone(BAD_REQUEST),
    "list_members_json": FIRM_ADMIN_ONLY,
    "create_member_json": FIRM_ADMIN_ONLY,
    "deactivate_member_json": MEMBER_CHANGE,
    "members_page": FIRM_ADMIN_ONLY,
    "create_member_page": FIRM_ADMIN_ONLY,
    "confirm_deactivation_page": MEMBER_CHANGE,
    "deactivate_member_page": MEMBER_CHANGE,
    "reactivate_member_json": MEMBER_REACTIVATION,
    "confirm_reactivation_page": MEMBER_REACTIVATION,
    "reactivate_member_page": MEMBER_REACTIVATION,
    "list_cases_json": only(PARTIES),
    "list_cases_page": only(PARTIES),
    "diary_page": only(PARTIES - {"accused", "other_accused"}),
    "diary_json": only(PARTIES - {"accused", "other_accused"}),
    "case_json": CASE_VIEW,
    "case_page": CASE_VIEW,
    "home": everyone(OK),
    "create_case": REGISTRY_ONLY,
    "get_case": REGISTRY_ONLY,
    "add_charge": REGISTRY_ONLY,
    "change_charge": REGISTRY_ONLY,
    "fix_event": REGISTRY_ONLY,
    "change_event": REGISTRY_ONLY,
    "record_representation": REGISTRY_ONLY,
    "end_representation": REGISTRY_ONLY,
    "set_bail": REGISTRY_ONLY,
    "register_firm": REGISTRY_ONLY,
    # The registry's back-office forms (web/registry_cases.py).
    **{name: REGISTRY_ONLY for name in (
        "new_case_page", "create_case_page", "manage_case_page", "add_charge_page", "fix_event_page",
        "set_bail_page", "event_page", "change_event_page", "representation_page", "record_representation_page",
        "confirm_end_representation_page", "end_representation_page", "new_firm_page", "register_firm_page",
        "firm_page")},
    "get_firm": REGISTRY_ONLY,
    "registry_home": REGISTRY_ONLY,
    "find_case": REGISTRY_ONLY,
    "audit_log_page": REGISTRY_ONLY,
    "audit_log_json": REGISTRY_ONLY,
    "start_upload_json": PREPARE,
    "upload_page": PREPARE,
    "complete_upload_json": COMPLETE,
    "upload_arrived_page": ARRIVED,
    "download_json": CASE_VIEW,
    "download_page": CASE_VIEW,
    "filing_types_json": CASE_VIEW,
    "quote_filing_json": PREPARE,
    "create_filing_json": PREPARE,
    "list_filings_json": CASE_VIEW,
    "filing_json": CASE_VIEW,
    "submit_filing_json": SUBMIT,
    "withdraw_filing_json": DISCARD,
    "new_filing_page": PREPARE,
    "filing_form_page": PREPARE,
    "create_filing_page": PREPARE,
    "filing_page": CASE_VIEW,
    "submit_filing_page": SUBMIT,
    "withdraw_filing_page": DISCARD,
    "review_queue_json": REGISTRY_ONLY,
    "review_queue_page": REGISTRY_ONLY,
    "decide_filing_json": REGISTRY_ONLY,
    "decide_filing_page": REGISTRY_ONLY,
    "waive_fee_json": REGISTRY_ONLY,
    "waive_fee_page": REGISTRY_ONLY,
    "set_defence_case_due_json": REGISTRY_ONLY,
    "set_defence_case_due_page": REGISTRY_ONLY,
    # The API's contract is public: it names routes and roles, never data.
    "openapi_json": everyone(OK),
    "api_docs": everyone(OK),
    **COURT_DATE_ROWS,
    "inbox_json": PARTIES_ONLY,
    "inbox_page": PARTIES_ONLY,
    "inbox_entry_json": INBOX_ENTRY,
    "inbox_entry_page": INBOX_ENTRY,
    "notification_settings_json": PARTIES_ONLY,
    "notification_settings_page": PARTIES_ONLY,
    "save_notification_choices_json": PARTIES_ONLY,
    "save_notification_choices_page": PARTIES_ONLY,
    "start_mobile_confirmation_json": PARTIES_ONLY,
    "start_mobile_confirmation_page": PARTIES_ONLY,
    "confirm_mobile_json": PARTIES_ONLY,
    "confirm_mobile_page": PARTIES_ONLY,
    "remove_mobile_json": PARTIES_ONLY,
    "remove_mobile_page": PARTIES_ONLY,
    "delivery_problems_json": REGISTRY_ONLY,
    "delivery_problems_page": REGISTRY_ONLY,
    "redrive_json": REGISTRY_ONLY,
    "redrive_page": REGISTRY_ONLY,
    "clear_address_json": REGISTRY_ONLY,
    "clear_address_page": REGISTRY_ONLY,
    # Payments (chalicelib/web/payments.py, kiosk.py, service_hub.py).
    "fees_json": CASE_VIEW,
    "fees_page": CASE_VIEW,
    "pay_fee_page": PAY,
    "card_payment_page": PAY,
    "card_payment_json": PAY,
    "card_payment_done_page": PAY,
    "request_advice_json": PAY,
    "request_advice_page": PAY,
    "advice_download_page": CASE_VIEW,
    "receipt_json": CASE_VIEW,
    "receipt_page": CASE_VIEW,
    "receipt_pdf_page": CASE_VIEW,
    # The gateway signs its webhook; without a valid signature everyone is refused, session or not.
    "card_gateway_webhook": everyone(BAD_REQUEST),
    "kiosk_owed": KIOSK_ONLY,
    "kiosk_pay": KIOSK_ONLY,
    "service_hub_page": REGISTRY_ONLY,
    "application_fee_json": REGISTRY_ONLY,
    "service_hub_print_advice": REGISTRY_ONLY,
    "service_hub_advice_page": REGISTRY_ONLY,
    "reconciliation_page": REGISTRY_ONLY,
    "reconciliation_csv": REGISTRY_ONLY,
    "reconciliation_json": REGISTRY_ONLY,
}


@dataclass
class World:
    """Two accused, two firms, a registry officer, and the ids each route needs."""

    principals: dict
    event_id: str
    own_member: str  # Tan & Lim LLP's paralegal
    other_member: str  # the other firm's counsel
    kiosk_id: str
    documents: dict  # case number -> a verified upload on it (counsel's on A, the other accused's on B)
    # case number -> {"submitted": a submitted document, "draft": a draft, "fee": (A only) a fee due}
    filings: dict
    # Built only for the court-date routes, on first use (tests/fixtures/court_dates.py).
    court_dates: dict = field(default_factory=dict)
    # Made only for the routes that need them (see NEEDS).
    own_entry: str = ""  # an entry in the accused's inbox
    other_entry: str = ""  # an entry in the other accused's inbox
    address_id: str = ""  # an email address marked undeliverable
    # Built only for the payment routes (PAYMENT_ROUTES): case number -> tests.fixtures.fees.fees_paid_and_due
    fees: dict = field(default_factory=dict)


# What of filings and notices each route needs in the world (each costs a few requests, so only what it needs).
NEEDS = {
    "filing_json": {"submitted"}, "filing_page": {"submitted"}, "decide_filing_json": {"submitted"},
    "decide_filing_page": {"submitted"}, "submit_filing_json": {"draft"}, "submit_filing_page": {"draft"},
    "withdraw_filing_json": {"draft"}, "withdraw_filing_page": {"draft"}, "waive_fee_json": {"fee"},
    "waive_fee_page": {"fee"}, "set_defence_case_due_json": {"ccdc"}, "set_defence_case_due_page": {"ccdc"},
    "inbox_entry_json": {"inbox_entry"}, "inbox_entry_page": {"inbox_entry"},
    "confirm_mobile_json": {"mobile"}, "confirm_mobile_page": {"mobile"},
    "remove_mobile_json": {"mobile"}, "remove_mobile_page": {"mobile"},
    "clear_address_json": {"bounce"}, "clear_address_page": {"bounce"},
    **{name: {"deactivated"} for name in ("reactivate_member_json", "confirm_reactivation_page",
                                          "reactivate_member_page")},
}
# POSTs that write nothing: no need to rebuild the world after them.
READ_ONLY_POSTS = {"quote_filing_json"}


# Routes whose calls need fees, advices and receipts in the world (building them costs ~20 writes).
PAYMENT_ROUTES = frozenset({
    "fees_json", "fees_page", "pay_fee_page", "card_payment_page", "card_payment_json", "card_payment_done_page",
    "request_advice_json", "request_advice_page", "advice_download_page", "receipt_json", "receipt_page",
    "receipt_pdf_page", "card_gateway_webhook", "kiosk_owed", "kiosk_pay", "service_hub_page",
    "application_fee_json", "service_hub_print_advice", "service_hub_advice_page", "reconciliation_page",
    "reconciliation_csv", "reconciliation_json",
})


def _world(portal, registry_officer, law_firm, route: str | None = None) -> World:
    from chalicelib.domain.firms import Firm, FirmMember
    from chalicelib.domain.principals import Principal, Role
    from chalicelib.services.intake import person_id_for

    created = create_case(portal, registry_officer, new_case_payload(CASE_A, "S8979373D"))
    create_case(portal, registry_officer, new_case_payload(CASE_B, "S8116474F"))
    portal.http.put(f"/api/registry/cases/{CASE_A}/representation", headers=_json(registry_officer),
                    body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    other_admin = FirmMember(member_id=person_id_for("S6005045G"), firm_uen=OTHER_FIRM_UEN, nric="S6005045G",
                             name="Other Admin", role=Role.FIRM_ADMIN, email="admin@other.example.sg")
    other_counsel = FirmMember(member_id=person_id_for("S6005046E"), firm_uen=OTHER_FIRM_UEN, nric="S6005046E",
                               name="Other Counsel", role=Role.COUNSEL, email="counsel@other.example.sg")
    put_firm(Firm(uen=OTHER_FIRM_UEN, name="Other & Co"), other_admin, other_counsel)
    principals = {
        "anonymous": None,
        "accused": accused_principal("S8979373D", "Tan Ah Kow"),
        "other_accused": accused_principal("S8116474F", "Lee Ah Beng"),
        "counsel": firm_principal(law_firm, "counsel"),
        "paralegal": firm_principal(law_firm, "paralegal"),
        "firm_admin": firm_principal(law_firm, "admin"),
        "other_firm_counsel": Principal(role=Role.COUNSEL, subject_id=other_counsel.member_id,
                                        display_name=other_counsel.name, firm_uen=OTHER_FIRM_UEN,
                                        firm_name="Other & Co"),
        "registry": registry_officer,
        "kiosk": None,
    }
    documents = {CASE_A: add_verified_upload(principals["counsel"], CASE_A),
                 CASE_B: add_verified_upload(principals["other_accused"], CASE_B)}
    needs = NEEDS.get(route or "", set())
    if "ccdc" in needs:
        ccdc = {"type": "criminal_case_disclosure_conference", "starts_at": next_weekday_at(10, 0, days_ahead=10),
                "venue": {"building": "State Courts Towers", "room": "Court 4A"}}
        portal.http.post(f"/api/registry/cases/{CASE_A}/events", headers=_json(registry_officer),
                         body=json.dumps(ccdc))
    filings = {CASE_A: _filings(principals["counsel"], CASE_A, documents[CASE_A], needs),
               CASE_B: _filings(principals["other_accused"], CASE_B, documents[CASE_B], needs - {"fee"})}
    world = World(principals, created["next_event"]["event_id"], law_firm["paralegal_id"], other_counsel.member_id,
                  add_kiosk(), documents, filings)
    if "mobile" in needs:
        for party in PARTIES:
            give_mobile_and_pending_code(principals[party])
    if "inbox_entry" in needs:
        world.own_entry = inbox_entry_of(principals["accused"], CASE_A)
        world.other_entry = inbox_entry_of(principals["other_accused"], CASE_B)
    if "bounce" in needs:
        world.address_id = mark_undeliverable("bounced@example.sg")
    if "deactivated" in needs:  # the own firm's paralegal, to be reactivated
        from chalicelib.domain.audit import Actor
        from chalicelib.domain.clock import utc_now
        from chalicelib.services import firm_accounts

        firm_accounts.deactivate_member(Actor.of(principals["firm_admin"], "127.0.0.1"), principals["firm_admin"],
                                        law_firm["paralegal_id"], utc_now())
    if route in PAYMENT_ROUTES:
        world.fees = {CASE_A: fees_paid_and_due(CASE_A, principals["counsel"]),
                      CASE_B: fees_paid_and_due(CASE_B, principals["other_accused"])}
    # moto copies the whole table, stream included, in every transaction; the matrix reads no stream.
    forget_stream_records(os.environ["ICMS_TABLE_NAME"])
    return world


def _filings(filer, case_no: str, upload_id: str, needs: set[str]) -> dict[str, str]:
    """As needed: a submitted document, a draft, a submitted application owing a fee."""
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clock import utc_now
    from chalicelib.services import filings
    from chalicelib.web.filing_schemas import parse_filing_request

    def made(payload: dict, key: str, *, submit: bool):
        draft = parse_filing_request(payload)
        actor, now = Actor.of(filer, "127.0.0.1"), utc_now()
        done = filings.create(actor, filer, case_no, draft, filings.RequestKey.of(filer, key), now)
        return filings.submit(actor, filer, case_no, done.filing.filing_id, None, now) if submit else done

    letter = {"type": "other_document", "details": {"title": "Letter"}, "documents": {"document": upload_id}}
    records = {"type": "court_records", "details": {"records": ["judgment"], "purpose": "Appeal"}}
    ids = {}
    if "submitted" in needs:
        ids["submitted"] = made(letter, "matrix-submitted", submit=True).filing.filing_id
    if "draft" in needs:
        ids["draft"] = made(records, "matrix-draft", submit=False).filing.filing_id
    if "fee" in needs:
        ids["fee"] = made(records, "matrix-fee", submit=True).filing.fee_id
    return ids


def _json(principal) -> dict[str, str]:
    return {"Content-Type": "application/json", **signed_in(principal)[0]}


def _request(route_name: str, world: World, *, others: bool) -> tuple[str, str, dict | None, str]:
    """(method, path, JSON body or form fields, "json" | "form") for a valid call of the route.
    ``others`` points the call at someone else's resource where the route has one."""
    case = CASE_B if others else CASE_A
    member = world.other_member if others else world.own_member
    entry = world.other_entry if others else world.own_entry
    new_member = {"nric": "S6005047C", "name": "Priya Nair", "email": "priya@tanlim.example.sg", "role": "counsel"}
    event = {"type": "mention", "starts_at": next_weekday_at(9, 30, days_ahead=20),
             "venue": {"building": "State Courts Towers", "room": "Court 4A"}}
    starts = next_weekday_at(22, 0, days_ahead=3)
    maintenance_window = {"message": "Sign-in will not work.", "starts_at": starts[:16],
                          "ends_at": starts[:11] + "23:30", "revision": "0"}
    submitted, draft = world.filings[case].get("submitted"), world.filings[case].get("draft")
    records = {"type": "court_records", "details": {"records": ["judgment"], "purpose": "Appeal"}}
    table = {
        "sign_in": ("GET", "/sign-in", None, "json"),
        "sign_out": ("POST", "/sign-out", {}, "form"),
        "signed_out": ("GET", "/signed-out", None, "json"),
        "help_index": ("GET", "/help", None, "json"),
        "maintenance_page": ("GET", "/registry/maintenance", None, "json"),
        "set_maintenance_notice": ("POST", "/registry/maintenance", maintenance_window, "form"),
        "remove_maintenance_notice": ("POST", "/registry/maintenance/remove", {"revision": "0"}, "form"),
        **{topic.route_name: ("GET", topic.path, None, "json") for topic in HELP_TOPICS},
        "public_keys": ("GET", "/.well-known/jwks.json", None, "json"),
        "sign_in_with_singpass": ("GET", "/sign-in/singpass", None, "json"),
        "sign_in_with_corppass": ("GET", "/sign-in/corppass", None, "json"),
        "registry_sign_in": ("GET", "/registry/sign-in", None, "json"),
        "singpass_callback": ("GET", "/auth/singpass/callback?code=c&state=s", None, "json"),
        "corppass_callback": ("GET", "/auth/corppass/callback?code=c&state=s", None, "json"),
        "list_members_json": ("GET", "/api/firm/members", None, "json"),
        "create_member_json": ("POST", "/api/firm/members", new_member, "json"),
        "deactivate_member_json": ("POST", f"/api/firm/members/{member}/deactivate", {}, "json"),
        "members_page": ("GET", "/firm/members", None, "json"),
        "create_member_page": ("POST", "/firm/members", new_member, "form"),
        "confirm_deactivation_page": ("GET", f"/firm/members/{member}/deactivate", None, "json"),
        "deactivate_member_page": ("POST", f"/firm/members/{member}/deactivate", {}, "form"),
        "reactivate_member_json": ("POST", f"/api/firm/members/{member}/reactivate", {}, "json"),
        "confirm_reactivation_page": ("GET", f"/firm/members/{member}/reactivate", None, "json"),
        "reactivate_member_page": ("POST", f"/firm/members/{member}/reactivate", {}, "form"),
        "list_cases_json": ("GET", "/api/cases", None, "json"),
        "list_cases_page": ("GET", "/cases", None, "json"),
        "diary_page": ("GET", "/diary", None, "json"),
        "diary_json": ("GET", "/api/diary", None, "json"),
        "case_json": ("GET", f"/api/cases/{case}", None, "json"),
        "case_page": ("GET", f"/cases/{case}", None, "json"),
        "home": ("GET", "/", None, "json"),
        "create_case": ("POST", "/api/registry/cases", new_case_payload("DAC-999001-2026", "S8723211E"), "json"),
        "get_case": ("GET", f"/api/registry/cases/{CASE_A}", None, "json"),
        "add_charge": ("POST", f"/api/registry/cases/{CASE_A}/charges",
                       {"charge_no": "DAC-912399-2026", "statute": "Penal Code 1871", "section": "323",
                        "offence": "Voluntarily causing hurt"}, "json"),
        "change_charge": ("PATCH", f"/api/registry/cases/{CASE_A}/charges/{CASE_A}", {"status": "withdrawn"}, "json"),
        "fix_event": ("POST", f"/api/registry/cases/{CASE_A}/events", event, "json"),
        "change_event": ("PATCH", f"/api/registry/cases/{CASE_A}/events/{world.event_id}",
                         {"starts_at": next_weekday_at(14, 30, days_ahead=21)}, "json"),
        "record_representation": ("PUT", f"/api/registry/cases/{CASE_B}/representation",
                                  {"firm_uen": "123456789A",
                                   "counsel_member_ids": [world.principals["counsel"].subject_id]}, "json"),
        "end_representation": ("DELETE", f"/api/registry/cases/{CASE_A}/representation", None, "json"),
        "set_bail": ("PUT", f"/api/registry/cases/{CASE_A}/bail", {"amount_cents": 1_000_000, "bailor_name": "Tan"},
                     "json"),
        "register_firm": ("POST", "/api/registry/firms",
                          {"uen": "201800001A", "name": "New Firm LLC",
                           "administrator": {"nric": "S6005064C", "name": "New Admin"}}, "json"),
        "get_firm": ("GET", "/api/registry/firms/123456789A", None, "json"),
        "registry_home": ("GET", "/registry", None, "json"),
        "find_case": ("GET", f"/registry/find-case?case_no={CASE_A}", None, "json"),
        "audit_log_page": ("GET", "/registry/audit", None, "json"),
        "audit_log_json": ("GET", "/api/registry/audit", None, "json"),
        "kiosk_status": ("GET", "/api/kiosk/status", None, "json"),
        "start_upload_json": ("POST", f"/api/cases/{case}/uploads", {"file_name": "plea.pdf"}, "json"),
        "upload_page": ("GET", f"/cases/{case}/upload", None, "json"),
        "complete_upload_json": ("POST", f"/api/cases/{case}/uploads/{world.documents[case]}/complete", {}, "json"),
        "upload_arrived_page": ("GET", f"/cases/{case}/uploads/{world.documents[case]}/arrived", None, "json"),
        "download_json": ("GET", f"/api/cases/{case}/documents/{world.documents[case]}", None, "json"),
        "download_page": ("GET", f"/cases/{case}/documents/{world.documents[case]}", None, "json"),
        "filing_types_json": ("GET", f"/api/cases/{case}/filing-types", None, "json"),
        "quote_filing_json": ("POST", f"/api/cases/{case}/filings/quote", records, "json"),
        "create_filing_json": ("POST", f"/api/cases/{case}/filings", records, "json"),
        "list_filings_json": ("GET", f"/api/cases/{case}/filings", None, "json"),
        "filing_json": ("GET", f"/api/cases/{case}/filings/{submitted}", None, "json"),
        "submit_filing_json": ("POST", f"/api/cases/{case}/filings/{draft}/submit", {}, "json"),
        "withdraw_filing_json": ("POST", f"/api/cases/{case}/filings/{draft}/withdraw", {}, "json"),
        "new_filing_page": ("GET", f"/cases/{case}/filings/new", None, "json"),
        "filing_form_page": ("GET", f"/cases/{case}/filings/new/court_records", None, "json"),
        "create_filing_page": ("POST", f"/cases/{case}/filings",
                               {"type": "court_records", "records": "judgment", "copies": "1", "purpose": "Appeal",
                                "idempotency_key": "matrix-form-key"}, "form"),
        "filing_page": ("GET", f"/cases/{case}/filings/{submitted}", None, "json"),
        "submit_filing_page": ("POST", f"/cases/{case}/filings/{draft}/submit", {}, "form"),
        "withdraw_filing_page": ("POST", f"/cases/{case}/filings/{draft}/withdraw", {}, "form"),
        "review_queue_json": ("GET", "/api/registry/filings", None, "json"),
        "review_queue_page": ("GET", "/registry/filings", None, "json"),
        "decide_filing_json": ("POST", f"/api/registry/cases/{CASE_A}/filings/{world.filings[CASE_A].get('submitted')}"
                                       "/decision", {"decision": "accept"}, "json"),
        "decide_filing_page": ("POST", f"/cases/{CASE_A}/filings/{world.filings[CASE_A].get('submitted')}/decision",
                               {"decision": "accept"}, "form"),
        "waive_fee_json": ("POST", f"/api/registry/cases/{CASE_A}/fees/{world.filings[CASE_A].get('fee')}/waive",
                           {"reason": "Hardship"}, "json"),
        "waive_fee_page": ("POST", f"/cases/{CASE_A}/fees/{world.filings[CASE_A].get('fee')}/waive",
                           {"reason": "Hardship"}, "form"),
        "set_defence_case_due_json": ("PUT", f"/api/registry/cases/{CASE_A}/defence-case-due",
                                      {"due_on": "2026-12-31"}, "json"),
        "set_defence_case_due_page": ("POST", f"/cases/{CASE_A}/defence-case-due", {"due_on": "2026-12-31"}, "form"),
        **_payment_requests(world, case),
        "openapi_json": ("GET", "/api/openapi.json", None, "json"),
        "api_docs": ("GET", "/docs/api", None, "json"),
        "inbox_json": ("GET", "/api/inbox", None, "json"),
        "inbox_page": ("GET", "/inbox", None, "json"),
        "inbox_entry_json": ("GET", f"/api/inbox/{entry}", None, "json"),
        "inbox_entry_page": ("GET", f"/inbox/{entry}", None, "json"),
        "notification_settings_json": ("GET", "/api/notification-settings", None, "json"),
        "notification_settings_page": ("GET", "/settings/notifications", None, "json"),
        "save_notification_choices_json": ("PUT", "/api/notification-settings",
                                           {"topics": {"court_dates": {"email": True, "sms": False}}}, "json"),
        "save_notification_choices_page": ("POST", "/settings/notifications", {"court_dates.email": "on"}, "form"),
        "start_mobile_confirmation_json": ("POST", "/api/notification-settings/mobile", {"mobile": "+65 9123 4567"},
                                           "json"),
        "start_mobile_confirmation_page": ("POST", "/settings/notifications/mobile", {"mobile": "9123 4567"}, "form"),
        "confirm_mobile_json": ("POST", "/api/notification-settings/mobile/confirm", {"code": MOBILE_CODE}, "json"),
        "confirm_mobile_page": ("POST", "/settings/notifications/mobile/confirm", {"code": MOBILE_CODE}, "form"),
        "remove_mobile_json": ("DELETE", "/api/notification-settings/mobile", None, "json"),
        "remove_mobile_page": ("POST", "/settings/notifications/mobile/remove", {}, "form"),
        "delivery_problems_json": ("GET", "/api/registry/delivery", None, "json"),
        "delivery_problems_page": ("GET", "/registry/delivery", None, "json"),
        "redrive_json": ("POST", "/api/registry/delivery/redrive", {}, "json"),
        "redrive_page": ("POST", "/registry/delivery/redrive", {}, "form"),
        "clear_address_json": ("DELETE", f"/api/registry/delivery/addresses/{world.address_id}", None, "json"),
        "clear_address_page": ("POST", f"/registry/delivery/addresses/{world.address_id}/clear", {}, "form"),
        "new_case_page": ("GET", "/registry/cases/new", None, "json"),
        "create_case_page": ("POST", "/registry/cases", {
            "case_no": "DAC-999002-2026", "court": "state_courts", "accused.nric": "S8723211E",
            "accused.name": "Lim Ah Lian", "charges.0.charge_no": "DAC-999002-2026", "charges.0.statute": "Penal Code 1871",
            "charges.0.section": "379", "charges.0.offence": "Theft"}, "form"),
        "manage_case_page": ("GET", f"/registry/cases/{CASE_A}", None, "json"),
        "add_charge_page": ("POST", f"/registry/cases/{CASE_A}/charges", {
            "charge_no": "DAC-912398-2026", "statute": "Penal Code 1871", "section": "323", "offence": "Hurt"}, "form"),
        "fix_event_page": ("POST", f"/registry/cases/{CASE_A}/events", {
            "type": "mention", "day": event["starts_at"][:10], "time": "09:30", "venue.building": "State Courts Towers",
            "venue.room": "Court 4A"}, "form"),
        "set_bail_page": ("POST", f"/registry/cases/{CASE_A}/bail", {"amount": "5000", "bailor_name": "Tan Ah Huat"},
                          "form"),
        "event_page": ("GET", f"/registry/cases/{CASE_A}/events/{world.event_id}", None, "json"),
        "change_event_page": ("POST", f"/registry/cases/{CASE_A}/events/{world.event_id}", {"action": "vacate"},
                              "form"),
        "representation_page": ("GET", f"/registry/cases/{CASE_B}/representation?firm_uen=123456789A", None, "json"),
        "record_representation_page": ("POST", f"/registry/cases/{CASE_B}/representation", {
            "firm_uen": "123456789A", "counsel_member_ids": world.principals["counsel"].subject_id}, "form"),
        "confirm_end_representation_page": ("GET", f"/registry/cases/{CASE_A}/representation/end", None, "json"),
        "end_representation_page": ("POST", f"/registry/cases/{CASE_A}/representation/end", {}, "form"),
        "new_firm_page": ("GET", "/registry/firms/new", None, "json"),
        "register_firm_page": ("POST", "/registry/firms", {
            "uen": "202099999K", "name": "Koh & Co", "administrator.nric": "S7712345H",
            "administrator.name": "Koh Boon Kiat"}, "form"),
        "firm_page": ("GET", "/registry/firms/123456789A", None, "json"),
    }
    if route_name in COURT_DATE_ROWS:
        return _court_date_request(route_name, world, others=others)
    return table[route_name]


def _court_date_request(route_name: str, world: World, *, others: bool) -> tuple[str, str, dict | None, str]:
    if not world.court_dates:
        world.court_dates.update(add_court_dates_world(world.principals, CASE_A, CASE_B))
    ids, side = world.court_dates, "b" if others else "a"
    case = CASE_B if others else CASE_A
    mention, request = ids[f"mention_{side}"], ids[f"request_{side}"]
    reasons = {"reasons": "Counsel is in the Court of Appeal that week."}
    day = str(working_day(30))
    sitting = {"court": "night_courts", "venue": {"building": "State Courts Towers", "room": "Night Court 1"},
               "hears": ["night_court_hearing"], "seats": 10}
    table = {
        "change_options_json": ("GET", f"/api/cases/{case}/events/{mention}/change-options", None, "json"),
        "change_date_page": ("GET", f"/cases/{case}/events/{mention}/change", None, "json"),
        "event_calendar": ("GET", f"/cases/{case}/events/{mention}/calendar", None, "json"),
        "move_json": ("POST", f"/api/cases/{case}/events/{mention}/move", {"sitting_id": ids["sitting"]}, "json"),
        "move_page": ("POST", f"/cases/{case}/events/{mention}/move", {"sitting_id": ids["sitting"]}, "form"),
        "request_change_json": ("POST", f"/api/cases/{case}/events/{mention}/reschedule-requests", reasons, "json"),
        "request_change_page": ("POST", f"/cases/{case}/events/{mention}/reschedule-requests", reasons, "form"),
        "submit_request_json": ("POST", f"/api/cases/{case}/reschedule-requests/{request}/submit", {}, "json"),
        "submit_request_page": ("POST", f"/cases/{case}/reschedule-requests/{request}/submit", {}, "form"),
        "withdraw_request_json": ("POST", f"/api/cases/{case}/reschedule-requests/{request}/withdraw", {}, "json"),
        "withdraw_request_page": ("POST", f"/cases/{case}/reschedule-requests/{request}/withdraw", {}, "form"),
        "sittings_json": ("GET", "/api/registry/sittings?court=night_courts", None, "json"),
        "create_sitting_json": ("POST", "/api/registry/sittings",
                                {**sitting, "starts_at": at(working_day(30), 19)}, "json"),
        "create_weekly_json": ("POST", "/api/registry/sittings/weekly",
                               {**sitting, "weekdays": [0, 1, 2, 3, 4], "start_time": "19:00", "first_day": day,
                                "last_day": day}, "json"),
        "place_event_json": ("PUT", f"/api/registry/cases/{CASE_A}/events/{ids['mention_a']}/sitting",
                             {"sitting_id": ids["sitting"]}, "json"),
        "place_event_page": ("POST", f"/registry/cases/{CASE_A}/events/{ids['mention_a']}/sitting",
                             {"sitting_id": ids["sitting"]}, "form"),
        "sittings_page": ("GET", "/registry/sittings", None, "json"),
        "hearing_list_json": ("GET", f"/api/registry/hearing-list?court=state_courts&day={working_day(14)}",
                              None, "json"),
        "hearing_list_page": ("GET", f"/registry/hearing-list?day={working_day(14)}", None, "json"),
        "create_sitting_page": ("POST", "/registry/sittings",
                                {"court": "state_courts", "building": "State Courts Towers", "room": "Court 9",
                                 "day": str(working_day(31)), "start_time": "09:30",
                                 "hears": "mention", "seats": "5"}, "form"),
        "create_weekly_page": ("POST", "/registry/sittings/weekly",
                               {"court": "state_courts", "building": "State Courts Towers", "room": "Court 9",
                                "weekdays": "2", "start_time": "09:30", "first_day": day,
                                "last_day": str(working_day(60)), "hears": "mention",
                                "seats": "5"}, "form"),
        "queue_json": ("GET", "/api/registry/reschedule-requests", None, "json"),
        "queue_page": ("GET", "/registry/reschedule-requests", None, "json"),
        "decide_json": ("POST", f"/api/registry/reschedule-requests/{CASE_B}/{ids['request_b']}/decision",
                        {"outcome": "refuse", "reason": "No reason to move it."}, "json"),
        "decision_page": ("GET", f"/registry/reschedule-requests/{CASE_B}/{ids['request_b']}", None, "json"),
        "decide_page": ("POST", f"/registry/reschedule-requests/{CASE_B}/{ids['request_b']}/decision",
                        {"outcome": "refuse", "reason": "No reason to move it."}, "form"),
        "feed_json": ("GET", "/api/calendar/feed", None, "json"),
        "turn_on_feed_json": ("POST", "/api/calendar/feed", {}, "json"),
        "revoke_feed_json": ("DELETE", "/api/calendar/feed", None, "json"),
        "calendar_page": ("GET", "/calendar", None, "json"),
        "turn_on_feed_page": ("POST", "/calendar/feed", {}, "form"),
        "revoke_feed_page": ("POST", "/calendar/feed/revoke", {}, "form"),
        "feed": ("GET", "/calendar/feeds/not-a-feed-token-0123456789abcdefghijklmnop", None, "json"),
    }
    return table[route_name]


def _payment_requests(world: World, case: str) -> dict:
    if not world.fees:
        return {}
    fees = world.fees[case]
    due, receipt = f"/cases/{case}/fees/{fees['due']}", f"/cases/{case}/receipts/{fees['receipt']}"
    reference = world.fees[CASE_A]["reference"]
    return {
        "fees_json": ("GET", f"/api/cases/{case}/fees", None, "json"),
        "fees_page": ("GET", f"/cases/{case}/fees", None, "json"),
        "pay_fee_page": ("GET", f"{due}/pay", None, "json"),
        "card_payment_page": ("GET", f"{due}/pay/card", None, "json"),
        "card_payment_json": ("POST", f"/api{due}/card-payment", {"token": card_token("4242424242424242")}, "json"),
        "card_payment_done_page": ("GET", f"{due}/pay/card/done", None, "json"),
        "request_advice_json": ("POST", f"/api{due}/advices", {}, "json"),
        "request_advice_page": ("POST", f"{due}/advice", {}, "form"),
        "advice_download_page": ("GET", f"/cases/{case}/advices/{world.fees[case]['advice']}", None, "json"),
        "receipt_json": ("GET", f"/api{receipt}", None, "json"),
        "receipt_page": ("GET", receipt, None, "json"),
        "receipt_pdf_page": ("GET", f"{receipt}/pdf", None, "json"),
        "card_gateway_webhook": ("POST", "/webhooks/card-gateway", {"id": "evt_1", "type": "payment_intent.succeeded"},
                                 "json"),
        "kiosk_owed": ("GET", f"/api/kiosk/advices/{reference}", None, "json"),
        "kiosk_pay": ("POST", "/api/kiosk/payments", {"reference": reference, "transaction_id": "T-MATRIX",
                                                      "method": "cash", "amount_collected_cents": 5000}, "json"),
        "service_hub_page": ("GET", f"/service-hub?case_no={CASE_A}&application_no={world.fees[CASE_A]['application']}",
                             None, "json"),
        "application_fee_json": ("GET", f"/api/registry/cases/{CASE_A}/applications/{world.fees[CASE_A]['application']}"
                                 "/fee", None, "json"),
        "service_hub_print_advice": ("POST", "/service-hub/advices",
                                     {"case_no": CASE_A, "application_no": world.fees[CASE_A]["application"]}, "form"),
        "service_hub_advice_page": ("GET", f"/service-hub/advices/{world.fees[CASE_A]['advice']}", None, "json"),
        "reconciliation_page": ("GET", "/registry/payments", None, "json"),
        "reconciliation_csv": ("GET", "/registry/payments/csv", None, "json"),
        "reconciliation_json": ("GET", "/api/registry/payments", None, "json"),
    }


def _call(portal, world: World, route_name: str, caller: str, *, others: bool):
    method, path, body, encoding = _request(route_name, world, others=others)
    principal = world.principals[caller]
    headers, csrf = signed_in(principal) if principal is not None else ({}, None)
    if caller == "kiosk":
        bare_path, _, query = path.partition("?")
        signed_body = (urlencode(body) if encoding == "form" else json.dumps(body)).encode() if body is not None else b""
        headers.update(kiosk_headers(world.kiosk_id, method, bare_path, signed_body, dict(parse_qsl(query))))
    if encoding == "form":
        fields = dict(body or {})
        if csrf:
            fields["csrf_token"] = csrf
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        payload = urlencode(fields)
    else:
        headers["Content-Type"] = "application/json"
        headers["Idempotency-Key"] = f"matrix-{caller}-{route_name}"
        payload = json.dumps(body) if body is not None else None
    return portal.http.request(method, path, headers=headers, body=payload or b"")


def _outcome(response, kind: str):
    status = response.status_code
    if status == 401 and kind == "api":
        return SIGN_IN
    if status == 303 and response.headers.get("Location", "").startswith("/sign-in?"):
        return SIGN_IN
    if 200 <= status < 400:
        return OK
    return status


def _expectations(spec) -> list[tuple[str, str, object]]:
    """(caller, "own" | "others", expected outcome) for every caller of the route."""
    row = MATRIX[spec.name]
    listed = []
    for caller in CALLERS:
        expected = row[caller]
        if isinstance(expected, tuple):
            listed += [(caller, "own", expected[0]), (caller, "others", expected[1])]
        else:
            listed.append((caller, "own", expected))
    return listed


def test_every_route_has_a_row_and_every_row_a_route():
    names = [spec.name for spec in ROUTES]
    assert len(names) == len(set(names)), "route view names must be unique"
    assert set(MATRIX) == set(names), {"missing rows": set(names) - set(MATRIX), "stale rows": set(MATRIX) - set(names)}
    for name, row in MATRIX.items():
        assert set(row) == set(CALLERS), name


@pytest.mark.parametrize("spec", [s for s in ROUTES if s.name in MATRIX], ids=lambda s: s.name)
def test_access(portal, registry_officer, law_firm, mockpass, card_gateway, spec):
    """Each caller in turn. A refused call changes nothing, so the world is rebuilt only after a
    call that was allowed to write."""
    owners = {"other_accused": "Lee Ah Beng", "other_firm_counsel": "Other Counsel"}
    world = _world(portal, registry_officer, law_firm, spec.name)
    wrong = []
    for caller, context, expected in _expectations(spec):
        response = _call(portal, world, spec.name, caller, others=context == "others")
        outcome = _outcome(response, spec.kind)
        if outcome != expected:
            wrong.append(f"{caller} ({context}): expected {expected}, got {outcome}: {response.body[:200]!r}")
        if outcome in (FORBIDDEN, NOT_FOUND):
            # Nothing of another person leaks (a caller's own name in the page header is theirs).
            body = response.body.decode(errors="replace")
            leaked = [name for owner, name in owners.items() if owner != caller and name in body]
            if leaked:
                wrong.append(f"{caller} ({context}): the refusal shows {leaked}")
        rebuild = spec.name not in READ_ONLY_POSTS | WRITES_ONLY_THE_CALLERS_OWN
        if outcome == OK and spec.methods != ("GET",) and rebuild:
            empty_table_and_queues()
            registry_officer, law_firm = add_registry_officer(), add_law_firm()
            world = _world(portal, registry_officer, law_firm, spec.name)
    assert not wrong, "\n".join(wrong)


def test_the_matrix_covers_both_sides_of_every_owned_resource():
    owned = [name for name, row in MATRIX.items() if any(isinstance(v, tuple) for v in row.values())]
    assert set(owned) == {"case_json", "case_page", "deactivate_member_json", "confirm_deactivation_page",
                          "deactivate_member_page", "reactivate_member_json", "confirm_reactivation_page",
                          "reactivate_member_page", "start_upload_json", "upload_page", "complete_upload_json",
                          "upload_arrived_page", "download_json", "download_page", "filing_types_json",
                          "quote_filing_json", "create_filing_json", "list_filings_json", "filing_json",
                          "submit_filing_json", "withdraw_filing_json", "new_filing_page", "filing_form_page",
                          "create_filing_page", "filing_page", "submit_filing_page", "withdraw_filing_page",
                          *(name for name, row in COURT_DATE_ROWS.items()
                            if any(isinstance(v, tuple) for v in row.values())),
                          "inbox_entry_json", "inbox_entry_page",
                          "fees_json", "fees_page", "pay_fee_page", "card_payment_page", "card_payment_json",
                          "card_payment_done_page", "request_advice_json", "request_advice_page",
                          "advice_download_page", "receipt_json", "receipt_page", "receipt_pdf_page"}
    assert sum(len(_expectations(spec)) for spec in ROUTES) > 250
