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
        *firm_admin_scenarios(world),
        *document_scenarios(world),
        *filing_scenarios(world),
        *kiosk_scenarios(),
        *maintenance_scenarios(world),
        *_payment_scenarios(world),
        # A denial is audited like a change: this is what refusing a caller costs.
        Scenario("GET", "/api/registry/audit", "/api/registry/audit", "counsel (refused)", world.counsel, 403),
        Scenario("GET", "/registry/audit", "/registry/audit", "registry", registry, 200),
        Scenario("GET", "/api/registry/audit", "/api/registry/audit", "registry", registry, 200),
        Scenario("POST", "/sign-out", "/sign-out", "accused", world.accused, 303, form_body={}),
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
