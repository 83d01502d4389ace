"""A moto server in this process and the data the benchmark calls the routes against.

Nothing from ``chalicelib`` or ``app`` is imported at module level: PynamoDB reads the table
settings when ``chalicelib.store`` is imported, so the environment must point at moto first.
"""

from __future__ import annotations

import json
import logging
import socket
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalice.test import Client

    from chalicelib.domain.principals import Principal

from bench.counter import REGION, SGT, RoundTripCounter, Tally

# --- a moto stack in this process --------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def relying_party_environment() -> dict[str, str]:
    """Throwaway private keys for the portal as a relying party, as tests/conftest.py makes them."""
    from chalicelib.auth.keys import RelyingPartyKeys  # imports no settings and no table

    _, signing, encryption = RelyingPartyKeys.generate()
    return {"ICMS_RP_SIGNING_KEY": signing, "ICMS_RP_ENCRYPTION_KEY": encryption}


def bench_environment(endpoint: str) -> dict[str, str]:
    """The settings tests/conftest.py uses: fake credentials, moto's address, the portal's keys."""
    return {
        **relying_party_environment(),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ENDPOINT_URL": endpoint,
        "ICMS_STAGE": "dev",
        "ICMS_REGION": REGION,
        "ICMS_TABLE_NAME": "icms-dev",
        "ICMS_AWS_READ_TIMEOUT_SECONDS": "60",
        "ICMS_NOTIFICATIONS_QUEUE": "icms-dev-notifications",
        "ICMS_EMAIL_SENDER": "no-reply@icms.test",
        "ICMS_IDENTIFIER_PEPPER": "bench-pepper",
        "POWERTOOLS_SERVICE_NAME": "icms",
        # Log lines would land in the middle of the table on stdout.
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        "ICMS_LOG_LEVEL": "WARNING",
    }


def start_moto():
    from local.moto_server import SerialMotoServer

    # The server logs every request it serves; the report is the only output wanted.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    port = free_port()
    server = SerialMotoServer("127.0.0.1", port).start()
    return server, f"http://127.0.0.1:{port}"


# --- seed data, through the registry API and the firm store --------------------------------------

FIRM_UEN = "201912345K"
FIRM_NAME = "Lim & Tan LLP"
ACCUSED_NRIC_DIGITS = ("S", "8979373")
NEW_ACCUSED_NRIC_DIGITS = ("T", "0312345")
OFFICER_NRIC_DIGITS = ("S", "3000024")
ADMINISTRATOR_NRIC_DIGITS = ("S", "7712345")
COUNSEL_NRIC_DIGITS = ("S", "8012345")
SECOND_COUNSEL_NRIC_DIGITS = ("S", "8512345")
PARALEGAL_NRIC_DIGITS = ("S", "9012345")


def nric(prefix: str, digits: str) -> str:
    from chalicelib.domain.identity import nric_check_letter

    return f"{prefix}{digits}{nric_check_letter(prefix, digits)}"


def singapore_time(days_ahead: int, hour: int, minute: int = 0) -> str:
    day = (datetime.now(SGT) + timedelta(days=days_ahead)).date()
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SGT).isoformat()


def court_event(event_type: str, days_ahead: int, hour: int, room: str, status: str = "scheduled") -> dict:
    return {
        "type": event_type,
        "starts_at": singapore_time(days_ahead, hour, 30),
        "venue": {"building": "State Courts Towers", "room": room},
        "status": status,
    }


def charge(charge_no: str, statute: str, section: str, offence: str) -> dict:
    return {"charge_no": charge_no, "statute": statute, "section": section, "offence": offence}


def new_case(case_no: str, accused: dict, charges: list[dict], events: list[dict], bail: dict | None = None) -> dict:
    payload = {"case_no": case_no, "court": "state_courts", "accused": accused, "charges": charges, "events": events}
    if bail is not None:
        payload["bail"] = bail
    return payload


def accused_details(nric_value: str, name: str, email: str) -> dict:
    return {"nric": nric_value, "name": name, "email": email, "mobile": "+65 9123 4567"}


@dataclass
class World:
    """The seeded data the routes are called with."""

    accused: Principal
    counsel: Principal
    firm_administrator: Principal
    registry: Principal
    accused_nric: str
    counsel_nric: str
    officer_nric: str
    represented_case: str
    case_with_bail: str
    unrepresented_case: str
    charge_to_change: str
    event_to_move: str
    counsel_member_id: str
    new_accused_nric: str
    cases_seeded: int = 0
    charges_seeded: int = 0
    events_seeded: int = 0
    # The process's first case creation, made with cold caches like a fresh Lambda container's.
    first_create_in_process: Tally = field(default_factory=Tally)
    # Notices: entries in the accused's inbox, the code waiting on the accused's and the
    # administrator's new mobile numbers, addresses marked undeliverable, stream records relayed.
    inbox_entries: list[str] = field(default_factory=list)
    mobile_code: str = "246810"
    undeliverable: list[str] = field(default_factory=list)
    relayed: int = 0


def _commit(add_to) -> None:
    """One unaudited unit of work: seeding writes what the registry and firms would have."""
    from chalicelib.domain.clock import utc_now
    from chalicelib.store.unit_of_work import UnitOfWork

    write = UnitOfWork(None, utc_now())
    add_to(write)
    write.commit()


def signed_in(principal: Principal, last_seen_ago: timedelta = timedelta(0)) -> tuple[dict[str, str], str]:
    """A live session for the principal, made as tests/fixtures/portal.py makes them: the Cookie
    header that carries it, and its CSRF token for form posts."""
    from chalicelib.domain.clock import utc_now
    from chalicelib.domain.principals import AccountRef
    from chalicelib.store import sessions
    from chalicelib.web.session import cookie_name, encode_cookie_value

    account = AccountRef.of(principal)
    created_at = utc_now() - last_seen_ago
    lifetime = timedelta(hours=1)
    token = sessions.create(principal, account, created_at, lifetime)
    # Resumed at its own creation time, so that reading the token does not move the idle clock.
    session = sessions.resume(token, account, created_at, lifetime, lifetime)
    return {"Cookie": f"{cookie_name()}={encode_cookie_value(token, account)}"}, session.csrf_token


def call_registry(client: Client, headers: dict[str, str], method: str, path: str, payload: dict | None = None) -> dict:
    body = json.dumps(payload).encode() if payload is not None else b""
    response = client.http.request(method, path, headers=headers, body=body)
    if response.status_code >= 300:
        raise RuntimeError(f"seeding {method} {path} failed: {response.status_code} {response.body!r}")
    return json.loads(response.body)


def seed_people() -> tuple[Principal, Principal, Principal, Principal]:
    """The registry officer on the staff list, and the law firm with its four accounts. Everyone
    is keyed as Singpass and Corppass sign-in look them up: by the keyed hash of their NRIC."""
    from chalicelib.domain.firms import Firm, FirmMember
    from chalicelib.domain.principals import Principal, Role
    from chalicelib.domain.staff import StaffMember
    from chalicelib.services.intake import person_id_for
    from chalicelib.store import firms, staff

    officer = StaffMember(staff_id=person_id_for(nric(*OFFICER_NRIC_DIGITS)), nric=nric(*OFFICER_NRIC_DIGITS),
                          name="Registry Officer Tan")
    staff.add(officer)
    registry = Principal(role=Role.REGISTRY, subject_id=officer.staff_id, display_name=officer.name)

    def member(nric_value: str, name: str, role: Role, email: str | None) -> FirmMember:
        return FirmMember(member_id=person_id_for(nric_value), firm_uen=FIRM_UEN, nric=nric_value, name=name,
                          role=role, email=email)

    administrator = member(nric(*ADMINISTRATOR_NRIC_DIGITS), "Lim Mei Ling", Role.FIRM_ADMIN,
                           "meiling@limtan.example.sg")
    _commit(lambda write: firms.register_in(write, Firm(uen=FIRM_UEN, name=FIRM_NAME), administrator))
    counsel_member = member(nric(*COUNSEL_NRIC_DIGITS), "Rajesh Kumar", Role.COUNSEL, "rajesh@limtan.example.sg")
    for firm_member in (
        counsel_member,
        member(nric(*SECOND_COUNSEL_NRIC_DIGITS), "Nur Aisyah", Role.COUNSEL, "aisyah@limtan.example.sg"),
        member(nric(*PARALEGAL_NRIC_DIGITS), "Chua Wei Jie", Role.PARALEGAL, None),
    ):
        _commit(lambda write, firm_member=firm_member: firms.add_member_in(write, firm_member))

    def principal(firm_member: FirmMember) -> Principal:
        return Principal(role=firm_member.role, subject_id=firm_member.member_id, display_name=firm_member.name,
                         firm_uen=FIRM_UEN, firm_name=FIRM_NAME)

    accused_nric = nric(*ACCUSED_NRIC_DIGITS)
    accused = Principal(role=Role.ACCUSED, subject_id=person_id_for(accused_nric), display_name="Tan Ah Kow")
    return accused, principal(counsel_member), principal(administrator), registry


def seed(client: Client, counter: RoundTripCounter) -> World:
    from chalicelib.services.intake import person_id_for

    accused, counsel, administrator, registry = seed_people()
    person = accused_details(nric(*ACCUSED_NRIC_DIGITS), "Tan Ah Kow", "ahkow@example.sg")
    payloads = [
        new_case(
            "DAC-910001-2026", person,
            [
                charge("DAC-910001-2026", "Penal Code 1871", "379", "Theft"),
                charge("DAC-910011-2026", "Penal Code 1871", "323", "Voluntarily causing hurt"),
                charge("DAC-910021-2026", "Penal Code 1871", "427", "Mischief causing damage"),
            ],
            [
                court_event("mention", -30, 9, "Court 4A", status="held"),
                court_event("pre_trial_conference", 10, 10, "Chambers 7"),
                court_event("trial", 45, 9, "Court 21"),
            ],
        ),
        new_case(
            "DAC-910002-2026", person,
            [
                charge("DAC-910002-2026", "Misuse of Drugs Act 1973", "8(b)(ii)", "Consumption of a controlled drug"),
                charge("DAC-910012-2026", "Misuse of Drugs Act 1973", "8(a)", "Possession of a controlled drug"),
            ],
            [
                court_event("mention", 7, 9, "Court 4B"),
                court_event("criminal_case_disclosure_conference", 30, 14, "Chambers 3"),
            ],
            bail={"amount_cents": 15_000_00, "bailor_name": "Tan Bee Hoon", "bailor_phone": "+65 8123 4567"},
        ),
        new_case(
            "MAC-910003-2026", person,
            [
                charge("MAC-910003-2026", "Road Traffic Act 1961", "63(4)", "Speeding"),
                charge("MAC-910013-2026", "Road Traffic Act 1961", "65(1)(a)", "Careless driving"),
                charge("MAC-910023-2026", "Road Traffic Act 1961", "35(1)", "Driving without a valid licence"),
                charge("MAC-910033-2026", "Motor Vehicles (Third-Party Risks and Compensation) Act 1960", "3(1)",
                       "Using a vehicle without insurance"),
            ],
            [court_event("mention", 14, 9, "Court 2C"), court_event("plead_guilty_mention", 21, 11, "Court 2C")],
        ),
    ]
    headers = {"Content-Type": "application/json", **signed_in(registry)[0]}
    with counter.measure() as first_create_in_process:
        created = [call_registry(client, headers, "POST", "/api/registry/cases", payloads[0])]
    created += [call_registry(client, headers, "POST", "/api/registry/cases", payload) for payload in payloads[1:]]
    represented, with_bail, unrepresented = (case["case_no"] for case in created)
    second_counsel = person_id_for(nric(*SECOND_COUNSEL_NRIC_DIGITS))
    call_registry(
        client, headers, "PUT", f"/api/registry/cases/{represented}/representation",
        {"firm_uen": FIRM_UEN, "counsel_member_ids": [counsel.subject_id, second_counsel]},
    )
    return World(
        accused=accused,
        counsel=counsel,
        firm_administrator=administrator,
        registry=registry,
        accused_nric=nric(*ACCUSED_NRIC_DIGITS),
        counsel_nric=nric(*COUNSEL_NRIC_DIGITS),
        officer_nric=nric(*OFFICER_NRIC_DIGITS),
        represented_case=represented,
        case_with_bail=with_bail,
        unrepresented_case=unrepresented,
        charge_to_change="DAC-910012-2026",
        event_to_move=created[1]["upcoming_events"][0]["event_id"],
        counsel_member_id=counsel.subject_id,
        new_accused_nric=nric(*NEW_ACCUSED_NRIC_DIGITS),
        cases_seeded=len(payloads),
        charges_seeded=sum(len(p["charges"]) for p in payloads),
        events_seeded=sum(len(p["events"]) for p in payloads),
        first_create_in_process=first_create_in_process,
    )


# --- notices: delivered through the real path, settings and failures as people would leave them --

BAILOR = {"amount_cents": 10_000_00, "bailor_name": "Tan Bee Hoon", "bailor_email": "beehoon@example.sg",
          "bailor_phone": "+65 8123 4567"}


def give_mobile(principal: Principal, code: str, *, confirmed: str | None) -> None:
    """A mobile number waiting for ``code`` (and, if given, one already confirmed), as the settings
    page leaves them."""
    from chalicelib.domain.channels import ChannelSettings, PendingMobile
    from chalicelib.domain.clock import utc_now
    from chalicelib.domain.principals import InboxOwner
    from chalicelib.services.notification_settings import code_digest
    from chalicelib.store import channel_settings

    owner, now = InboxOwner.of(principal), utc_now()
    pending = PendingMobile(mobile="+6591112222", code_digest=code_digest(owner, "+6591112222", code),
                            expires_at=now + timedelta(hours=1))
    _commit(lambda write: channel_settings.start_confirmation_in(write, owner, pending, (), ChannelSettings()))
    if confirmed:
        channel_settings.ChannelSettingsItem(*channel_settings.key(owner)).update(
            actions=[channel_settings.ChannelSettingsItem.mobile.set(confirmed)])


def seed_notices(client: Client, world: World, endpoint: str) -> None:
    """Bail with a bailor who has an email and a mobile on the represented case, every notice so
    far delivered (so inboxes hold entries), a poisoned message parked on the dead-letter queue,
    two addresses marked undeliverable, and mobile numbers waiting for their codes."""
    from bench.notifications import deliver_everything
    from chalicelib.aws import client as aws_client
    from chalicelib.aws import queue_url
    from chalicelib.domain.clock import utc_now
    from chalicelib.domain.principals import InboxOwner
    from chalicelib.settings import get_settings
    from chalicelib.store import email_status, inbox
    from chalicelib.store.keys import email_address_id

    headers = {"Content-Type": "application/json", **signed_in(world.registry)[0]}
    call_registry(client, headers, "PUT", f"/api/registry/cases/{world.represented_case}/bail", BAILOR)
    give_mobile(world.accused, world.mobile_code, confirmed="+6598765432")
    give_mobile(world.firm_administrator, world.mobile_code, confirmed=None)
    aws_client("sqs").send_message(QueueUrl=queue_url(get_settings().notifications_queue),
                                   MessageBody="this is not a notice")
    world.relayed = deliver_everything(client, endpoint)
    entries = inbox.page(InboxOwner.of(world.accused)).entries
    world.inbox_entries = [entry.entry_id for entry in entries[:2]]
    for address in ("old-address@example.sg", "left-the-firm@example.sg"):
        _commit(lambda write, address=address: email_status.mark_in(
            write, address, "bounce", "bounced permanently (General): smtp; 550 5.1.1 user unknown", utc_now()))
        world.undeliverable.append(email_address_id(address))
