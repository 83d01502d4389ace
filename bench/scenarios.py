"""The calls the benchmark measures: every route in ``chalicelib.web.routing.ROUTES``, each by a
caller the route accepts and with valid input (and one refusal, to show what a denial costs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from chalice.test import Client

    from chalicelib.domain.principals import Principal

from bench.identity_providers import IdentityProviders, ProviderCallback, corppass_claims, singpass_claims
from bench.seed import FIRM_UEN, World, accused_details, charge, court_event, new_case, nric, singapore_time

# Accounts created (and then deactivated) by the firm's administrator, and a second firm.
JSON_MEMBER_NRIC_DIGITS = ("S", "8812345")
FORM_MEMBER_NRIC_DIGITS = ("S", "8912345")
NEW_FIRM_UEN = "202012345D"
NEW_FIRM_ADMINISTRATOR_NRIC_DIGITS = ("S", "7912345")


@dataclass(frozen=True)
class Scenario:
    method: str
    route: str  # the path as declared in ROUTES
    path: str  # the path called
    caller: str
    principal: Principal | None  # whose session the call carries; None: no session
    expected_status: int
    json_body: dict | None = None
    # A form post; a signed-in caller's CSRF token is added to it when the call is made.
    form_body: dict | None = None
    # Unmeasured steps that must run just before the call; returns the path and headers to call with.
    prepare: Callable[[Client], tuple[str, dict[str, str]]] | None = None


def sign_in_scenarios(world: World, providers: IdentityProviders) -> list[Scenario]:
    from chalicelib.services.sign_in import CORPPASS, SINGPASS
    from chalicelib.web.help import HELP_TOPICS

    singpass, corppass = providers.fakes[SINGPASS], providers.fakes[CORPPASS]
    accused_returns = ProviderCallback("/sign-in/singpass", singpass, singpass_claims(world.accused_nric))
    officer_returns = ProviderCallback("/registry/sign-in", singpass, singpass_claims(world.officer_nric))
    counsel_returns = ProviderCallback("/sign-in/corppass", corppass, corppass_claims(world.counsel_nric, FIRM_UEN))
    return [
        Scenario("GET", "/", "/", "anonymous", None, 200),
        Scenario("GET", "/", "/", "accused", world.accused, 303),
        Scenario("GET", "/sign-in", "/sign-in", "anonymous", None, 200),
        Scenario("GET", "/signed-out", "/signed-out", "anonymous", None, 200),
        Scenario("GET", "/help", "/help", "anonymous", None, 200),
        *[Scenario("GET", topic.path, topic.path, "anonymous", None, 200) for topic in HELP_TOPICS],
        Scenario("GET", "/.well-known/jwks.json", "/.well-known/jwks.json", "anonymous (Singpass, Corppass)",
                 None, 200),
        Scenario("GET", "/api/openapi.json", "/api/openapi.json", "anonymous", None, 200),
        Scenario("GET", "/docs/api", "/docs/api", "anonymous", None, 200),
        Scenario("GET", "/sign-in/singpass", "/sign-in/singpass", "anonymous", None, 303),
        Scenario("GET", "/sign-in/corppass", "/sign-in/corppass", "anonymous", None, 303),
        Scenario("GET", "/registry/sign-in", "/registry/sign-in", "anonymous", None, 303),
        Scenario("GET", "/auth/singpass/callback", "/auth/singpass/callback", "accused, back from Singpass",
                 None, 303, prepare=accused_returns),
        Scenario("GET", "/auth/singpass/callback", "/auth/singpass/callback", "registry, back from Singpass",
                 None, 303, prepare=officer_returns),
        Scenario("GET", "/auth/corppass/callback", "/auth/corppass/callback", "counsel, back from Corppass",
                 None, 303, prepare=counsel_returns),
    ]


def party_scenarios(world: World) -> list[Scenario]:
    accused, counsel, registry, represented = world.accused, world.counsel, world.registry, world.represented_case
    return [
        Scenario("GET", "/api/cases", "/api/cases", "accused", accused, 200),
        Scenario("GET", "/api/cases", "/api/cases", "counsel", counsel, 200),
        Scenario("GET", "/cases", "/cases", "accused", accused, 200),
        Scenario("GET", "/cases", "/cases", "counsel", counsel, 200),
        Scenario("GET", "/diary", "/diary", "counsel", counsel, 200),
        Scenario("GET", "/api/diary", "/api/diary", "counsel", counsel, 200),
        Scenario("GET", "/diary", f"/diary?counsel={counsel.subject_id}", "counsel (own cases)", counsel, 200),
        Scenario("GET", "/api/cases/{case_no}", f"/api/cases/{represented}", "accused", accused, 200),
        Scenario("GET", "/api/cases/{case_no}", f"/api/cases/{represented}", "counsel", counsel, 200),
        Scenario("GET", "/api/cases/{case_no}", f"/api/cases/{represented}", "registry", registry, 200),
        Scenario("GET", "/cases/{case_no}", f"/cases/{represented}", "accused", accused, 200),
        Scenario("GET", "/cases/{case_no}", f"/cases/{represented}", "counsel", counsel, 200),
        Scenario("GET", "/cases/{case_no}", f"/cases/{represented}", "registry", registry, 200),
    ]


def registry_case_scenarios(world: World) -> list[Scenario]:
    registry, represented = world.registry, world.represented_case
    with_bail, unrepresented = world.case_with_bail, world.unrepresented_case
    return [
        Scenario("GET", "/api/registry/cases/{case_no}", f"/api/registry/cases/{represented}", "registry",
                 registry, 200),
        Scenario(
            "POST", "/api/registry/cases", "/api/registry/cases", "registry", registry, 201,
            json_body=new_case(
                "DAC-910004-2026",
                accused_details(world.new_accused_nric, "Siti binte Rahman", "siti@example.sg"),
                [
                    charge("DAC-910004-2026", "Penal Code 1871", "420", "Cheating"),
                    charge("DAC-910014-2026", "Penal Code 1871", "420", "Cheating"),
                    charge("DAC-910024-2026", "Penal Code 1871", "471", "Using a forged document as genuine"),
                ],
                [court_event("mention", 9, 9, "Court 4A"), court_event("pre_trial_conference", 23, 10, "Chambers 2")],
                bail={"amount_cents": 20_000_00, "bailor_name": "Rahman bin Ali"},
            ),
        ),
        Scenario("POST", "/api/registry/cases/{case_no}/charges", f"/api/registry/cases/{with_bail}/charges",
                 "registry", registry, 201,
                 json_body=charge("DAC-910022-2026", "Misuse of Drugs Act 1973", "9", "Possession of a pipe")),
        Scenario("PATCH", "/api/registry/cases/{case_no}/charges/{charge_no}",
                 f"/api/registry/cases/{with_bail}/charges/{world.charge_to_change}", "registry", registry, 200,
                 json_body={"offence": "Possession of a controlled drug (amended)"}),
        Scenario("POST", "/api/registry/cases/{case_no}/events", f"/api/registry/cases/{with_bail}/events",
                 "registry", registry, 201, json_body=court_event("trial", 60, 9, "Court 22")),
        Scenario("PATCH", "/api/registry/cases/{case_no}/events/{event_id}",
                 f"/api/registry/cases/{with_bail}/events/{world.event_to_move}", "registry", registry, 200,
                 json_body={"starts_at": singapore_time(8, 14, 30)}),
        Scenario("PUT", "/api/registry/cases/{case_no}/representation",
                 f"/api/registry/cases/{unrepresented}/representation", "registry", registry, 201,
                 json_body={"firm_uen": FIRM_UEN, "counsel_member_ids": [world.counsel_member_id]}),
        Scenario("DELETE", "/api/registry/cases/{case_no}/representation",
                 f"/api/registry/cases/{unrepresented}/representation", "registry", registry, 200),
        Scenario("PUT", "/api/registry/cases/{case_no}/bail", f"/api/registry/cases/{unrepresented}/bail",
                 "registry", registry, 200,
                 json_body={"amount_cents": 5_000_00, "bailor_name": "Tan Ah Huat", "bailor_phone": "+65 9876 5432"}),
    ]


def registry_office_scenarios(world: World) -> list[Scenario]:
    registry = world.registry
    return [
        Scenario("GET", "/registry", "/registry", "registry", registry, 200),
        Scenario("GET", "/registry/find-case", f"/registry/find-case?case_no={world.represented_case}", "registry",
                 registry, 303),
        Scenario("POST", "/api/registry/firms", "/api/registry/firms", "registry", registry, 201,
                 json_body={"uen": NEW_FIRM_UEN, "name": "Ong & Partners LLC",
                            "administrator": {"nric": nric(*NEW_FIRM_ADMINISTRATOR_NRIC_DIGITS), "name": "Ong Li Hua",
                                              "email": "lihua@ongpartners.example.sg"}}),
        Scenario("GET", "/api/registry/firms/{uen}", f"/api/registry/firms/{FIRM_UEN}", "registry", registry, 200),
    ]


def firm_admin_scenarios(world: World) -> list[Scenario]:
    from chalicelib.services.intake import person_id_for

    administrator = world.firm_administrator
    json_member, form_member = nric(*JSON_MEMBER_NRIC_DIGITS), nric(*FORM_MEMBER_NRIC_DIGITS)
    return [
        Scenario("GET", "/api/firm/members", "/api/firm/members", "firm admin", administrator, 200),
        Scenario("POST", "/api/firm/members", "/api/firm/members", "firm admin", administrator, 201,
                 json_body={"nric": json_member, "name": "Goh Hui Min", "email": "huimin@limtan.example.sg",
                            "role": "paralegal"}),
        Scenario("POST", "/api/firm/members/{member_id}/deactivate",
                 f"/api/firm/members/{person_id_for(json_member)}/deactivate", "firm admin", administrator, 200),
        Scenario("GET", "/firm/members", "/firm/members", "firm admin", administrator, 200),
        Scenario("POST", "/firm/members", "/firm/members", "firm admin", administrator, 303,
                 form_body={"nric": form_member, "name": "Daniel Teo", "email": "daniel@limtan.example.sg",
                            "role": "counsel"}),
        Scenario("GET", "/firm/members/{member_id}/deactivate",
                 f"/firm/members/{person_id_for(form_member)}/deactivate", "firm admin", administrator, 200),
        Scenario("POST", "/firm/members/{member_id}/deactivate",
                 f"/firm/members/{person_id_for(form_member)}/deactivate", "firm admin", administrator, 303,
                 form_body={}),
        # Both accounts were just deactivated above: one comes back through JSON, one through the form.
        Scenario("POST", "/api/firm/members/{member_id}/reactivate",
                 f"/api/firm/members/{person_id_for(json_member)}/reactivate", "firm admin", administrator, 200),
        Scenario("GET", "/firm/members/{member_id}/reactivate",
                 f"/firm/members/{person_id_for(form_member)}/reactivate", "firm admin", administrator, 200),
        Scenario("POST", "/firm/members/{member_id}/reactivate",
                 f"/firm/members/{person_id_for(form_member)}/reactivate", "firm admin", administrator, 303,
                 form_body={}),
    ]


def document_scenarios(world: World) -> list[Scenario]:
    """Counsel uploads a PDF to the represented case and opens it. Putting the file into storage is
    the browser's work, done unmeasured in ``prepare``; the S3 calls the route itself makes count."""
    counsel, case = world.counsel, world.represented_case

    def pending_upload(then: str) -> Callable[[Client], tuple[str, dict[str, str]]]:
        def prepare(_client: Client) -> tuple[str, dict[str, str]]:
            return then.format(upload_id=_uploaded(counsel, case, verify=False)), {}
        return prepare

    def verified_upload(then: str) -> Callable[[Client], tuple[str, dict[str, str]]]:
        def prepare(_client: Client) -> tuple[str, dict[str, str]]:
            return then.format(upload_id=_uploaded(counsel, case, verify=True)), {}
        return prepare

    return [
        Scenario("POST", "/api/cases/{case_no}/uploads", f"/api/cases/{case}/uploads", "counsel", counsel, 201,
                 json_body={"file_name": "mitigation-plea.pdf"}),
        Scenario("POST", "/api/cases/{case_no}/uploads/{upload_id}/complete", "", "counsel", counsel, 200,
                 json_body={}, prepare=pending_upload(f"/api/cases/{case}/uploads/{{upload_id}}/complete")),
        Scenario("GET", "/api/cases/{case_no}/documents/{upload_id}", "", "counsel", counsel, 200,
                 prepare=verified_upload(f"/api/cases/{case}/documents/{{upload_id}}")),
        Scenario("GET", "/cases/{case_no}/upload", f"/cases/{case}/upload", "counsel", counsel, 200),
        Scenario("GET", "/cases/{case_no}/uploads/{upload_id}/arrived", "", "counsel", counsel, 303,
                 prepare=pending_upload(f"/cases/{case}/uploads/{{upload_id}}/arrived?next=/cases/{case}")),
        Scenario("GET", "/cases/{case_no}/documents/{upload_id}", "", "counsel", counsel, 303,
                 prepare=verified_upload(f"/cases/{case}/documents/{{upload_id}}")),
    ]


def _uploaded(principal: Principal, case_no: str, *, verify: bool) -> str:
    """A one-page PDF put where a ticket for ``case_no`` says, as the browser would; verified too
    if asked."""
    import io

    from pypdf import PdfWriter

    from chalicelib.aws import client
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clock import utc_now
    from chalicelib.services import uploads
    from chalicelib.services.case_views import case_for
    from chalicelib.settings import get_settings
    from chalicelib.store.uploads import object_key

    case = case_for(principal, case_no)
    ticket = uploads.start(principal, case, "statement.pdf", utc_now())
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    client("s3").put_object(Bucket=get_settings().documents_bucket, Key=object_key(case_no, ticket.upload_id),
                            Body=out.getvalue())
    if verify:
        uploads.complete(Actor.of(principal, None), principal, case, ticket.upload_id, utc_now())
    return ticket.upload_id


def filing_scenarios(world: World) -> list[Scenario]:
    """The accused files for their own unrepresented case (with bail and a CCDC on record); the
    registry reviews. Whatever a call needs first (a draft, a submitted filing, a fee due) is
    prepared unmeasured through the services; the form posts carry their idempotency keys."""
    accused, registry, case = world.accused, world.registry, world.case_with_bail
    records = {"type": "court_records", "details": {"records": ["judgment", "sentence"], "copies": 1,
                                                    "purpose": "To prepare an appeal"}}
    trip = {"type": "leave_jurisdiction",
            "details": {"destination": "Johor Bahru, Malaysia", "departure_date": _day(40), "return_date": _day(42),
                        "purpose": "A family wedding", "bailor_name": "Tan Bee Hoon", "bailor_consents": True}}

    def keyed(path: str) -> Callable[[Client], tuple[str, dict[str, str]]]:
        return lambda _client: (path, {"Idempotency-Key": _fresh_key()})

    def with_filing(then: str, payload: dict, *, submitted: bool, field: str = "filing_id"):
        def prepare(_client: Client) -> tuple[str, dict[str, str]]:
            made = _filed(accused, case, payload, submit=submitted)
            return then.format(id=getattr(made, field)), {}
        return prepare

    form = {"type": "court_records", "records": "judgment", "copies": "1", "purpose": "To prepare an appeal",
            "idempotency_key": "bench-form-key-0001"}
    filings = f"/api/cases/{case}/filings"
    return [
        Scenario("GET", "/api/cases/{case_no}/filing-types", f"/api/cases/{case}/filing-types", "accused", accused,
                 200),
        Scenario("POST", "/api/cases/{case_no}/filings/quote", f"{filings}/quote", "accused", accused, 200,
                 json_body=records),
        Scenario("POST", "/api/cases/{case_no}/filings", filings, "accused", accused, 201, json_body=records,
                 prepare=keyed(filings)),
        Scenario("POST", "/api/cases/{case_no}/filings/{filing_id}/submit", "", "accused", accused, 200,
                 json_body={}, prepare=with_filing(filings + "/{id}/submit", records, submitted=False)),
        Scenario("POST", "/api/cases/{case_no}/filings/{filing_id}/withdraw", "", "accused", accused, 200,
                 json_body={}, prepare=with_filing(filings + "/{id}/withdraw", records, submitted=True)),
        Scenario("GET", "/api/cases/{case_no}/filings/{filing_id}", "", "accused", accused, 200,
                 prepare=with_filing(filings + "/{id}", trip, submitted=True)),
        Scenario("GET", "/api/cases/{case_no}/filings", filings, "accused", accused, 200),
        Scenario("GET", "/cases/{case_no}/filings/new", f"/cases/{case}/filings/new", "accused", accused, 200),
        Scenario("GET", "/cases/{case_no}/filings/new/{type_code}", f"/cases/{case}/filings/new/leave_jurisdiction",
                 "accused", accused, 200),
        Scenario("POST", "/cases/{case_no}/filings", f"/cases/{case}/filings", "accused", accused, 303,
                 form_body=form),
        Scenario("POST", "/cases/{case_no}/filings/{filing_id}/submit", "", "accused", accused, 303, form_body={},
                 prepare=with_filing(f"/cases/{case}/filings/{{id}}/submit", trip, submitted=False)),
        Scenario("POST", "/cases/{case_no}/filings/{filing_id}/withdraw", "", "accused", accused, 303,
                 form_body={}, prepare=with_filing(f"/cases/{case}/filings/{{id}}/withdraw", trip, submitted=True)),
        Scenario("GET", "/cases/{case_no}/filings/{filing_id}", "", "accused", accused, 200,
                 prepare=with_filing(f"/cases/{case}/filings/{{id}}", records, submitted=True)),
        # The case page once it has filings, their fees and documents: still the one Query.
        Scenario("GET", "/cases/{case_no}", f"/cases/{case}", "accused, with filings", accused, 200),
        Scenario("GET", "/registry/filings", "/registry/filings", "registry", registry, 200),
        Scenario("GET", "/api/registry/filings", "/api/registry/filings?court=state_courts&type=leave_jurisdiction",
                 "registry (by court and type)", registry, 200),
        Scenario("POST", "/api/registry/cases/{case_no}/filings/{filing_id}/decision", "", "registry", registry, 200,
                 json_body={"decision": "start_review"},
                 prepare=with_filing(f"/api/registry/cases/{case}/filings/{{id}}/decision", trip, submitted=True)),
        Scenario("POST", "/cases/{case_no}/filings/{filing_id}/decision", "", "registry", registry, 303,
                 form_body={"decision": "start_review"},
                 prepare=with_filing(f"/cases/{case}/filings/{{id}}/decision", trip, submitted=True)),
        Scenario("POST", "/api/registry/cases/{case_no}/fees/{fee_id}/waive", "", "registry", registry, 200,
                 json_body={"reason": "Receiving ComCare assistance"},
                 prepare=with_filing(f"/api/registry/cases/{case}/fees/{{id}}/waive", records, submitted=True,
                                     field="fee_id")),
        Scenario("POST", "/cases/{case_no}/fees/{fee_id}/waive", "", "registry", registry, 303,
                 form_body={"reason": "Receiving ComCare assistance"},
                 prepare=with_filing(f"/cases/{case}/fees/{{id}}/waive", records, submitted=True, field="fee_id")),
        Scenario("PUT", "/api/registry/cases/{case_no}/defence-case-due", f"/api/registry/cases/{case}/defence-case-due",
                 "registry", registry, 200, json_body={"due_on": _day(28)}),
        Scenario("POST", "/cases/{case_no}/defence-case-due", f"/cases/{case}/defence-case-due", "registry", registry,
                 303, form_body={"due_on": _day(28)}),
    ]


def _day(days_ahead: int) -> str:
    from datetime import datetime, timedelta

    from bench.seed import SGT

    return (datetime.now(SGT) + timedelta(days=days_ahead)).date().isoformat()


def _fresh_key() -> str:
    import uuid

    return str(uuid.uuid4())


def _filed(principal: Principal, case_no: str, payload: dict, *, submit: bool):
    """A filing made through the services, as the routes would make it (unmeasured)."""
    from chalicelib.domain.audit import Actor
    from chalicelib.domain.clock import utc_now
    from chalicelib.services import filings
    from chalicelib.web.filing_schemas import parse_filing_request

    actor, now = Actor.of(principal, None), utc_now()
    made = filings.create(actor, principal, case_no, parse_filing_request(payload),
                          filings.RequestKey.of(principal, _fresh_key()), now).filing
    return filings.submit(actor, principal, case_no, made.filing_id, None, now).filing if submit else made


def inbox_scenarios(world: World) -> list[Scenario]:
    """Reading the inbox, opening notices (which marks them read), and notification settings,
    in an order that leaves each call's input valid (a code is confirmed before the number it
    confirmed is removed)."""
    accused, counsel, administrator = world.accused, world.counsel, world.firm_administrator
    first, second = world.inbox_entries
    code = {"code": world.mobile_code}
    return [
        Scenario("GET", "/api/inbox", "/api/inbox", "accused", accused, 200),
        Scenario("GET", "/inbox", "/inbox", "accused", accused, 200),
        Scenario("GET", "/inbox", "/inbox", "counsel", counsel, 200),
        Scenario("GET", "/api/inbox/{entry_id}", f"/api/inbox/{first}", "accused (unread: marks it read)", accused, 200),
        Scenario("GET", "/inbox/{entry_id}", f"/inbox/{second}", "accused (unread: marks it read)", accused, 200),
        Scenario("GET", "/inbox/{entry_id}", f"/inbox/{second}", "accused (already read)", accused, 200),
        Scenario("GET", "/api/notification-settings", "/api/notification-settings", "accused", accused, 200),
        Scenario("GET", "/settings/notifications", "/settings/notifications", "accused", accused, 200),
        Scenario("PUT", "/api/notification-settings", "/api/notification-settings", "accused", accused, 200,
                 json_body={"topics": {"court_dates": {"email": True, "sms": True}}}),
        Scenario("POST", "/settings/notifications", "/settings/notifications", "counsel", counsel, 303,
                 form_body={"court_dates.email": "on"}),
        Scenario("POST", "/api/notification-settings/mobile", "/api/notification-settings/mobile", "counsel",
                 counsel, 202, json_body={"mobile": "+65 9333 4444"}),
        Scenario("POST", "/api/notification-settings/mobile/confirm", "/api/notification-settings/mobile/confirm",
                 "accused", accused, 200, json_body=code),
        Scenario("DELETE", "/api/notification-settings/mobile", "/api/notification-settings/mobile", "accused",
                 accused, 200),
        Scenario("POST", "/settings/notifications/mobile/confirm", "/settings/notifications/mobile/confirm",
                 "firm admin", administrator, 303, form_body=code),
        Scenario("POST", "/settings/notifications/mobile/remove", "/settings/notifications/mobile/remove",
                 "firm admin", administrator, 303, form_body={}),
        Scenario("POST", "/settings/notifications/mobile", "/settings/notifications/mobile", "firm admin",
                 administrator, 303, form_body={"mobile": "9555 6666"}),
    ]


def registry_delivery_scenarios(world: World) -> list[Scenario]:
    registry = world.registry
    first, second = world.undeliverable
    return [
        Scenario("GET", "/api/registry/delivery", "/api/registry/delivery", "registry", registry, 200),
        Scenario("GET", "/registry/delivery", "/registry/delivery", "registry", registry, 200),
        Scenario("DELETE", "/api/registry/delivery/addresses/{address_id}",
                 f"/api/registry/delivery/addresses/{first}", "registry", registry, 200),
        Scenario("POST", "/registry/delivery/addresses/{address_id}/clear",
                 f"/registry/delivery/addresses/{second}/clear", "registry", registry, 303, form_body={}),
        Scenario("POST", "/api/registry/delivery/redrive", "/api/registry/delivery/redrive",
                 "registry (1 parked notice)", registry, 200, json_body={}),
        Scenario("POST", "/registry/delivery/redrive", "/registry/delivery/redrive", "registry (none parked)",
                 registry, 303, form_body={}),
    ]


def scenarios(world: World, providers: IdentityProviders) -> list[Scenario]:
    """One call per route and caller, in an order that leaves each call's input valid: sign-ins
    and reads of the seeded cases first, then changes, then the audit log they wrote, then
    signing out."""
    registry = world.registry
    return [
        *sign_in_scenarios(world, providers),
        *party_scenarios(world),
        *registry_case_scenarios(world),
        *registry_office_scenarios(world),
        *registry_form_scenarios(world),
        *firm_admin_scenarios(world),
        *document_scenarios(world),
        *filing_scenarios(world),
        *inbox_scenarios(world),
        *registry_delivery_scenarios(world),
        *kiosk_scenarios(),
        *maintenance_scenarios(world),
        *court_date_scenarios(world),
        *_payment_scenarios(world),
        # A denial is audited like a change: this is what refusing a caller costs.
        Scenario("GET", "/api/registry/audit", "/api/registry/audit", "counsel (refused)", world.counsel, 403),
        Scenario("GET", "/registry/audit", "/registry/audit", "registry", registry, 200),
        Scenario("GET", "/api/registry/audit", "/api/registry/audit", "registry", registry, 200),
        Scenario("POST", "/sign-out", "/sign-out", "accused", world.accused, 303, form_body={}),
    ]


FORM_CASE = "DAC-910005-2026"
FORM_ACCUSED_NRIC_DIGITS = ("S", "6612345")
FORM_FIRM_UEN = "202112345E"
FORM_FIRM_ADMINISTRATOR_NRIC_DIGITS = ("S", "6712345")


def registry_form_scenarios(world: World) -> list[Scenario]:
    """The registry's back-office forms on a case they create: the case with two charges, a first
    date and bail; a charge; a date fixed, moved, placed in a sitting and vacated; bail; a firm put
    on record and taken off; then a firm registered. Each post answers 303 to the case's page."""
    registry, case = world.registry, FORM_CASE
    base = f"/registry/cases/{case}"
    placed = BenchSitting("state_courts", "Chambers 6", 22, 10, 0, ("pre_trial_conference",))
    venue = {"venue.building": "State Courts Towers", "venue.room": "Court 4A"}
    return [
        Scenario("GET", "/registry/cases/new", "/registry/cases/new", "registry", registry, 200),
        Scenario("POST", "/registry/cases", "/registry/cases", "registry", registry, 303, form_body={
            "case_no": case, "court": "state_courts", "accused.nric": nric(*FORM_ACCUSED_NRIC_DIGITS),
            "accused.name": "Ong Kah Seng", "accused.email": "kahseng@example.sg",
            "charges.0.charge_no": case, "charges.0.statute": "Penal Code 1871", "charges.0.section": "379",
            "charges.0.offence": "Theft", "charges.1.charge_no": "DAC-910015-2026",
            "charges.1.statute": "Penal Code 1871", "charges.1.section": "426", "charges.1.offence": "Mischief",
            "type": "mention", "day": str(_working_day(16)), "time": "09:30", **venue,
            "bail.amount": "10000", "bail.bailor_name": "Ong Ah Lek"}),
        Scenario("GET", "/registry/cases/{case_no}", base, "registry", registry, 200),
        Scenario("POST", "/registry/cases/{case_no}/charges", f"{base}/charges", "registry", registry, 303,
                 form_body={"charge_no": "DAC-910025-2026", "statute": "Penal Code 1871", "section": "323",
                            "offence": "Voluntarily causing hurt"}),
        Scenario("POST", "/registry/cases/{case_no}/events", f"{base}/events", "registry", registry, 303,
                 form_body={"type": "pre_trial_conference", "day": str(_working_day(18)), "time": "10:00",
                            "venue.building": "State Courts Towers", "venue.room": "Chambers 2"}),
        Scenario("GET", "/registry/cases/{case_no}/events/{event_id}", "", "registry", registry, 200,
                 prepare=_then(f"{base}/events/{{event}}", sitting=placed, event=lambda: _event_of(case, "mention"))),
        Scenario("POST", "/registry/cases/{case_no}/events/{event_id}", "", "registry (move)", registry, 303,
                 form_body={"day": str(_working_day(17)), "time": "14:30", "venue.building": "State Courts Towers",
                            "venue.room": "Court 26"},
                 prepare=_then(f"{base}/events/{{event}}", event=lambda: _event_of(case, "mention"))),
        Scenario("POST", "/registry/cases/{case_no}/events/{event_id}/sitting", "", "registry", registry, 303,
                 form_body={"sitting_id": placed.sitting_id},
                 prepare=_then(f"{base}/events/{{event}}/sitting",
                               event=lambda: _event_of(case, "pre_trial_conference"))),
        Scenario("POST", "/registry/cases/{case_no}/events/{event_id}", "", "registry (vacate)", registry, 303,
                 form_body={"action": "vacate"},
                 prepare=_then(f"{base}/events/{{event}}", event=lambda: _event_of(case, "mention"))),
        Scenario("POST", "/registry/cases/{case_no}/bail", f"{base}/bail", "registry", registry, 303,
                 form_body={"amount": "12000", "bailor_name": "Ong Ah Lek", "bailor_phone": "+65 9123 8888"}),
        Scenario("GET", "/registry/cases/{case_no}/representation", f"{base}/representation?firm_uen={FIRM_UEN}",
                 "registry", registry, 200),
        Scenario("POST", "/registry/cases/{case_no}/representation", f"{base}/representation", "registry", registry,
                 303, form_body={"firm_uen": FIRM_UEN, "counsel_member_ids": world.counsel_member_id}),
        Scenario("GET", "/registry/cases/{case_no}/representation/end", f"{base}/representation/end", "registry",
                 registry, 200),
        Scenario("POST", "/registry/cases/{case_no}/representation/end", f"{base}/representation/end", "registry",
                 registry, 303, form_body={}),
        Scenario("GET", "/registry/firms/new", "/registry/firms/new", "registry", registry, 200),
        Scenario("POST", "/registry/firms", "/registry/firms", "registry", registry, 303, form_body={
            "uen": FORM_FIRM_UEN, "name": "Koh & Partners LLC",
            "administrator.nric": nric(*FORM_FIRM_ADMINISTRATOR_NRIC_DIGITS), "administrator.name": "Koh Boon Kiat",
            "administrator.email": "boonkiat@kohpartners.example.sg"}),
        Scenario("GET", "/registry/firms/{uen}", f"/registry/firms/{FORM_FIRM_UEN}", "registry", registry, 200),
    ]


def maintenance_scenarios(world: World) -> list[Scenario]:
    """The registry puts up a maintenance notice and takes it down (a fresh bench has none)."""
    from datetime import timedelta

    from chalicelib.domain.clock import in_singapore, utc_now

    starts = in_singapore(utc_now() + timedelta(days=2)).replace(hour=22, minute=0)
    window = {"message": "Sign-in will not work.", "starts_at": f"{starts:%Y-%m-%dT%H:%M}",
              "ends_at": f"{starts + timedelta(hours=4):%Y-%m-%dT%H:%M}", "revision": "0"}
    registry = world.registry
    return [
        Scenario("GET", "/registry/maintenance", "/registry/maintenance", "registry", registry, 200),
        Scenario("POST", "/registry/maintenance", "/registry/maintenance", "registry", registry, 303,
                 form_body=window),
        Scenario("POST", "/registry/maintenance/remove", "/registry/maintenance/remove", "registry", registry, 303,
                 form_body={"revision": "1"}),
    ]
def _payment_scenarios(world: World) -> list[Scenario]:
    from bench.payments import payment_scenarios  # it builds on this module's Scenario

    return payment_scenarios(world)


def kiosk_scenarios() -> list[Scenario]:
    """A payment kiosk's signed request; registering the kiosk is not measured."""

    def signed_request(_client: Client) -> tuple[str, dict[str, str]]:
        import secrets
        import time

        from chalicelib.domain.kiosks import Kiosk, canonical_request, sign
        from chalicelib.store import kiosks

        if kiosks.get_with_secret(BENCH_KIOSK_ID) is None:
            kiosks.register(Kiosk(kiosk_id=BENCH_KIOSK_ID, location="State Courts, Level 2"), BENCH_KIOSK_SECRET)
        stamp, nonce = str(int(time.time())), secrets.token_urlsafe(16)
        signature = sign(BENCH_KIOSK_SECRET.encode(), canonical_request("GET", KIOSK_STATUS, "", stamp, nonce, b""))
        return KIOSK_STATUS, {"X-ICMS-Kiosk": BENCH_KIOSK_ID, "X-ICMS-Timestamp": stamp, "X-ICMS-Nonce": nonce,
                              "X-ICMS-Signature": signature}

    return [Scenario("GET", KIOSK_STATUS, KIOSK_STATUS, "kiosk (signed request)", None, 200,
                     prepare=signed_request)]


KIOSK_STATUS = "/api/kiosk/status"
BENCH_KIOSK_ID = "L2-01"
BENCH_KIOSK_SECRET = "bench-kiosk-secret"


# --- the court calendar and changes of court dates ------------------------------------------------


def _bench_actor(principal):
    from chalicelib.domain.audit import Actor

    return Actor.of(principal, "127.0.0.1")


def _working_day(days_ahead: int):
    from datetime import datetime, timedelta

    from bench.counter import SGT
    from chalicelib.domain.working_days import is_working_day

    day = datetime.now(SGT).date() + timedelta(days=days_ahead)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def singapore_time_on(day, hour: int, minute: int = 0) -> str:
    from datetime import datetime

    from bench.counter import SGT

    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SGT).isoformat()


@dataclass(frozen=True)
class BenchSitting:
    """A sitting the registry made earlier: its id is known in advance (a sitting's id names its
    room and start), and ``create`` makes it, unmeasured, just before the call that uses it."""

    court: str
    room: str
    days_ahead: int
    hour: int
    minute: int
    hears: tuple[str, ...]

    @property
    def starts_at(self) -> str:
        return singapore_time_on(_working_day(self.days_ahead), self.hour, self.minute)

    @property
    def sitting_id(self) -> str:
        from datetime import datetime

        from chalicelib.domain.cases import Venue
        from chalicelib.domain.sittings import sitting_id_for

        return sitting_id_for(datetime.fromisoformat(self.starts_at), Venue(building="State Courts Towers",
                                                                             room=self.room))

    def create(self) -> None:
        from datetime import datetime, timezone

        from chalicelib.domain.audit import Actor
        from chalicelib.domain.sittings import SittingInput
        from chalicelib.services import court_calendar

        command = SittingInput.model_validate({
            "court": self.court, "venue": {"building": "State Courts Towers", "room": self.room},
            "hears": list(self.hears), "seats": 5, "starts_at": self.starts_at})
        court_calendar.create_sitting(Actor.system("bench"), command, datetime.now(timezone.utc))


def _event_of(case_no: str, event_type: str) -> str:
    from chalicelib.store import cases

    return next(e.event_id for e in cases.get_case(case_no).events if e.type.value == event_type
                and e.status.value == "scheduled")


def _open_request(case_no: str, event_type: str) -> str:
    from chalicelib.store import cases

    return next(e.open_request_id for e in cases.get_case(case_no).events
                if e.type.value == event_type and e.open_request_id)


def _prepared_by_paralegal(world: World, event_type: str) -> str:
    """A request a paralegal prepared (unmeasured); returns its id."""
    from datetime import datetime, timezone

    from bench.seed import FIRM_NAME, PARALEGAL_NRIC_DIGITS
    from chalicelib.domain.principals import Principal, Role
    from chalicelib.domain.reschedule import RequestInput
    from chalicelib.services import reschedule
    from chalicelib.services.intake import person_id_for

    paralegal = Principal(role=Role.PARALEGAL, subject_id=person_id_for(nric(*PARALEGAL_NRIC_DIGITS)),
                          display_name="Chua Wei Jie", firm_uen=FIRM_UEN, firm_name=FIRM_NAME)
    case = world.represented_case
    return reschedule.request_change(_bench_actor(paralegal), paralegal, case, _event_of(case, event_type),
                                     RequestInput(reasons="Counsel is on leave that week; any later date suits."),
                                     datetime.now(timezone.utc)).request_id


Prepare = Callable[["Client"], tuple[str, dict[str, str]]]


def _then(path: str, *, sitting: BenchSitting | None = None, **values: Callable[[], str]) -> Prepare:
    """Make the sitting (if any), then fill the path with ids looked up just before the call."""
    def prepare(_client: Client) -> tuple[str, dict[str, str]]:
        if sitting is not None:
            sitting.create()
        return path.format(**{name: make() for name, make in values.items()}), {}
    return prepare


def court_date_scenarios(world: World) -> list[Scenario]:
    """The instant path on the accused's unrepresented cases, the request path on the represented
    one (a trial, then the pre-trial conference), the registry's calendar, queue and decisions, and
    calendar feeds. Sittings and prepared requests are made unmeasured in ``prepare``."""
    accused, counsel, registry = world.accused, world.counsel, world.registry
    represented, unrepresented, with_bail = world.represented_case, world.unrepresented_case, world.case_with_bail
    slots = {
        "listed": BenchSitting("state_courts", "Court 4A", 11, 9, 11, ("mention",)),
        "moved_json": BenchSitting("state_courts", "Court 4A", 13, 9, 13, ("mention",)),
        "moved_form": BenchSitting("state_courts", "Court 4A", 9, 9, 9, ("mention",)),
        "placed": BenchSitting("state_courts", "Chambers 5", 20, 10, 0, ("criminal_case_disclosure_conference",)),
        "decided": BenchSitting("state_courts", "Chambers 2", 25, 10, 30, ("pre_trial_conference",)),
    }
    # The day the seeded case with bail has its mention: the hearing list has a row to show.
    listed_day = _day(7)
    return [
        Scenario("GET", "/registry/hearing-list", f"/registry/hearing-list?day={listed_day}", "registry", registry,
                 200),
        Scenario("GET", "/api/registry/hearing-list", f"/api/registry/hearing-list?day={listed_day}&court=state_courts",
                 "registry (one court)", registry, 200),
        Scenario("GET", "/registry/sittings", "/registry/sittings?court=state_courts", "registry", registry, 200),
        Scenario("GET", "/api/registry/sittings", "/api/registry/sittings?court=state_courts", "registry", registry,
                 200),
        Scenario("POST", "/api/registry/sittings", "/api/registry/sittings", "registry", registry, 201,
                 json_body={"court": "night_courts", "venue": {"building": "State Courts Towers",
                                                               "room": "Night Court 1"},
                            "starts_at": singapore_time_on(_working_day(12), 19), "hears": ["night_court_hearing"],
                            "seats": 20}),
        Scenario("POST", "/api/registry/sittings/weekly", "/api/registry/sittings/weekly", "registry", registry, 201,
                 json_body={"court": "state_courts", "venue": {"building": "State Courts Towers", "room": "Court 7B"},
                            "weekdays": [1, 3], "start_time": "09:30", "first_day": str(_working_day(7)),
                            "last_day": str(_working_day(60)), "hears": ["mention", "pre_trial_conference"],
                            "seats": 12}),
        Scenario("POST", "/registry/sittings", "/registry/sittings", "registry", registry, 201,
                 form_body={"court": "state_courts", "building": "State Courts Towers", "room": "Court 9",
                            "day": str(_working_day(15)), "start_time": "14:30", "hears": "mention", "seats": "8"}),
        Scenario("POST", "/registry/sittings/weekly", "/registry/sittings/weekly", "registry", registry, 201,
                 form_body={"court": "night_courts", "building": "State Courts Towers", "room": "Night Court 4",
                            "weekdays": "2", "start_time": "18:30", "first_day": str(_working_day(7)),
                            "last_day": str(_working_day(40)), "hears": "night_court_hearing", "seats": "30"}),
        Scenario("PUT", "/api/registry/cases/{case_no}/events/{event_id}/sitting", "", "registry", registry, 200,
                 json_body={"sitting_id": slots["placed"].sitting_id},
                 prepare=_then(f"/api/registry/cases/{with_bail}/events/{{event}}/sitting", sitting=slots["placed"],
                               event=lambda: _event_of(with_bail, "criminal_case_disclosure_conference"))),
        # The instant path: the free slots (one Query after the case read), then a move (one transaction).
        Scenario("GET", "/api/cases/{case_no}/events/{event_id}/change-options", "", "accused", accused, 200,
                 prepare=_then(f"/api/cases/{unrepresented}/events/{{event}}/change-options", sitting=slots["listed"],
                               event=lambda: _event_of(unrepresented, "mention"))),
        Scenario("GET", "/cases/{case_no}/events/{event_id}/change", "", "accused", accused, 200,
                 prepare=_then(f"/cases/{unrepresented}/events/{{event}}/change",
                               event=lambda: _event_of(unrepresented, "mention"))),
        Scenario("POST", "/api/cases/{case_no}/events/{event_id}/move", "", "accused", accused, 200,
                 json_body={"sitting_id": slots["moved_json"].sitting_id},
                 prepare=_then(f"/api/cases/{unrepresented}/events/{{event}}/move", sitting=slots["moved_json"],
                               event=lambda: _event_of(unrepresented, "mention"))),
        Scenario("POST", "/cases/{case_no}/events/{event_id}/move", "", "accused", accused, 303,
                 form_body={"sitting_id": slots["moved_form"].sitting_id},
                 prepare=_then(f"/cases/{with_bail}/events/{{event}}/move", sitting=slots["moved_form"],
                               event=lambda: _event_of(with_bail, "mention"))),
        Scenario("GET", "/cases/{case_no}/events/{event_id}/calendar", "", "accused", accused, 200,
                 prepare=_then(f"/cases/{unrepresented}/events/{{event}}/calendar",
                               event=lambda: _event_of(unrepresented, "mention"))),
        # The request path.
        Scenario("POST", "/api/cases/{case_no}/events/{event_id}/reschedule-requests", "", "counsel", counsel, 201,
                 json_body={"reasons": "Counsel is in the Court of Appeal on the day of the trial."},
                 prepare=_then(f"/api/cases/{represented}/events/{{event}}/reschedule-requests",
                               event=lambda: _event_of(represented, "trial"))),
        Scenario("POST", "/cases/{case_no}/events/{event_id}/reschedule-requests", "", "accused", accused, 303,
                 form_body={"reasons": "I will be overseas for my father's funeral that week."},
                 prepare=_then(f"/cases/{unrepresented}/events/{{event}}/reschedule-requests",
                               event=lambda: _event_of(unrepresented, "plead_guilty_mention"))),
        Scenario("POST", "/cases/{case_no}/reschedule-requests/{request_id}/withdraw", "", "accused", accused, 303,
                 form_body={}, prepare=_then(f"/cases/{unrepresented}/reschedule-requests/{{request}}/withdraw",
                                             request=lambda: _open_request(unrepresented, "plead_guilty_mention"))),
        Scenario("POST", "/api/cases/{case_no}/reschedule-requests/{request_id}/submit", "", "counsel", counsel, 200,
                 json_body={}, prepare=_then(f"/api/cases/{represented}/reschedule-requests/{{request}}/submit",
                                             request=lambda: _prepared_by_paralegal(world, "pre_trial_conference"))),
        Scenario("POST", "/api/cases/{case_no}/reschedule-requests/{request_id}/withdraw", "", "counsel", counsel,
                 200, json_body={},
                 prepare=_then(f"/api/cases/{represented}/reschedule-requests/{{request}}/withdraw",
                               request=lambda: _open_request(represented, "pre_trial_conference"))),
        Scenario("POST", "/cases/{case_no}/reschedule-requests/{request_id}/submit", "", "counsel", counsel, 303,
                 form_body={}, prepare=_then(f"/cases/{represented}/reschedule-requests/{{request}}/submit",
                                             request=lambda: _prepared_by_paralegal(world, "pre_trial_conference"))),
        # The registry's queue (one Query a page) and its decisions.
        Scenario("GET", "/api/registry/reschedule-requests", "/api/registry/reschedule-requests", "registry",
                 registry, 200),
        Scenario("GET", "/registry/reschedule-requests", "/registry/reschedule-requests", "registry", registry, 200),
        Scenario("GET", "/registry/reschedule-requests/{case_no}/{request_id}", "", "registry", registry, 200,
                 prepare=_then(f"/registry/reschedule-requests/{represented}/{{request}}",
                               request=lambda: _open_request(represented, "trial"))),
        Scenario("POST", "/registry/reschedule-requests/{case_no}/{request_id}/decision", "", "registry", registry,
                 303, form_body={"outcome": "refuse", "reason": "The conference can go ahead with the second counsel."},
                 prepare=_then(f"/registry/reschedule-requests/{represented}/{{request}}/decision",
                               request=lambda: _open_request(represented, "pre_trial_conference"))),
        Scenario("POST", "/api/registry/reschedule-requests/{case_no}/{request_id}/decision", "", "registry",
                 registry, 200, json_body={"outcome": "approve", "sitting_id": slots["decided"].sitting_id},
                 prepare=_then(f"/api/registry/reschedule-requests/{represented}/{{request}}/decision",
                               sitting=slots["decided"], request=lambda: _open_request(represented, "trial"))),
        # Calendar feeds.
        Scenario("GET", "/calendar", "/calendar", "accused", accused, 200),
        Scenario("GET", "/api/calendar/feed", "/api/calendar/feed", "accused", accused, 200),
        Scenario("POST", "/api/calendar/feed", "/api/calendar/feed", "accused", accused, 201, json_body={}),
        Scenario("GET", "/calendar/feeds/{token}", "", "calendar app (no session)", None, 200,
                 prepare=_then("{feed}", feed=lambda: _fresh_feed_path(accused))),
        Scenario("DELETE", "/api/calendar/feed", "/api/calendar/feed", "accused", accused, 200),
        Scenario("POST", "/calendar/feed", "/calendar/feed", "counsel", counsel, 201, form_body={}),
        Scenario("POST", "/calendar/feed/revoke", "/calendar/feed/revoke", "counsel", counsel, 200, form_body={}),
    ]


def _fresh_feed_path(principal) -> str:
    from datetime import datetime, timezone
    from urllib.parse import urlsplit

    from chalicelib.services import calendars

    return urlsplit(calendars.turn_on_feed(_bench_actor(principal), principal, datetime.now(timezone.utc)).url).path
