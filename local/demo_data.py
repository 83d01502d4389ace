"""Demo data for the local stack, loaded through the same services the registry uses.

Dates are computed from today, so the demo never goes stale: past hearings are recorded as held,
upcoming ones are scheduled on weekdays at the times the courts sit. Loading twice changes
nothing: each firm, member and case is created only if it is not there yet.

Everyone signs in through mockpass, so people use the NRICs of its test personas: accused persons
and the registry officer are on its Singpass list, and three of the firm's staff are on its
Corppass list for entity 123456789A (one click each). The paralegal and the youth, whom no
persona fits (a youth's NRIC starts with T and the year of birth), are typed into mockpass's
"your own user" form; the youth's T-series number is made up, with a valid check letter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from chalicelib.domain.audit import Actor, AuditAction
from chalicelib.domain.cases import Court, EventStatus, EventType
from chalicelib.domain.clock import SINGAPORE, in_singapore, utc_now
from chalicelib.domain.firms import Firm, FirmMember
from chalicelib.domain.intake import (
    AccusedInput,
    BailInput,
    ChargeInput,
    CourtEventInput,
    NewCase,
    RepresentationInput,
    VenueInput,
)
from chalicelib.domain.channels import mask_mobile, singapore_mobile
from chalicelib.domain.principals import InboxOwner, Role
from chalicelib.domain.reschedule import MoveInput
from chalicelib.domain.sittings import WeeklyPattern, expand_weekly, sitting_id_for
from chalicelib.domain.staff import StaffMember
from chalicelib.domain.working_days import is_working_day
from chalicelib.services import intake, reschedule
from chalicelib.store import cases, channel_settings, firms, sittings, staff
from chalicelib.store.unit_of_work import UnitOfWork
from local import demo_filings

FIRM = Firm(uen="123456789A", name="Tan & Lim LLP")

STATE_COURTS = ("State Courts Towers", "Court 4A")
STATE_COURTS_TRIAL = ("State Courts Towers", "Court 26")
NIGHT_COURT = ("State Courts Towers", "Night Court 2")
YOUTH_COURT = ("Youth Courts, Family Justice Courts", "Youth Court 1")

PENAL_CODE = "Penal Code 1871"
MISUSE_OF_DRUGS = "Misuse of Drugs Act 1973"
ROAD_TRAFFIC = "Road Traffic Act 1961"
PUBLIC_HEALTH = "Environmental Public Health Act 1987"
THIRD_PARTY_RISKS = "Motor Vehicles (Third-Party Risks and Compensation) Act 1960"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    nric: str
    name: str
    email: str
    mobile: str | None = None
    date_of_birth: date | None = None


@dataclass(frozen=True)
class Hearing:
    type: EventType
    days_from_today: int  # negative: already held; positive: scheduled
    at: tuple[int, int]  # Singapore time (hour, minute)
    venue: tuple[str, str]


@dataclass(frozen=True)
class DemoCase:
    number: str  # without the year, e.g. "DAC-904512"
    court: Court
    accused: str  # DemoPerson key
    charges: tuple[tuple[str, str, str], ...]  # (statute, section, offence)
    hearings: tuple[Hearing, ...]
    counsel: tuple[str, ...] = ()  # firm member keys on record
    bail: BailInput | None = None
    # Fixed after intake (through the registry's fix-event path) rather than with the new case.
    later_hearings: tuple[Hearing, ...] = field(default_factory=tuple)


ACCUSED = (
    DemoPerson("accused-tan-wei-ming", "S6005040F", "Tan Wei Ming", "tan.weiming@example.sg",
               "+65 9123 4567", date(1989, 7, 12)),
    DemoPerson("accused-muhammad-faizal", "S6005041D", "Muhammad Faizal bin Ismail", "faizal.ismail@example.sg",
               "+65 9876 5432", date(1981, 2, 3)),
    DemoPerson("accused-lim-mei-ling", "S6005042B", "Lim Mei Ling", "meiling.lim@example.sg",
               "+65 8234 5678", date(1987, 11, 21)),
    DemoPerson("accused-rajendran", "S5062854Z", "Rajendran s/o Subramaniam", "rajendran.s@example.sg",
               "+65 6345 1122", date(1950, 4, 9)),
    DemoPerson("accused-chen-jia-hui", "T0066846F", "Chen Jia Hui", "jiahui.chen@example.sg",
               "+65 9011 2233", date(2000, 8, 30)),
    DemoPerson("accused-ryan-goh", "T1112345C", "Ryan Goh Jun Jie", "goh.family@example.sg",
               None, date(2011, 5, 3)),
)

FIRM_STAFF = (
    (DemoPerson("firm-admin", "S8979373D", "Wong Siew Ling", "siewling.wong@tanlim.example.sg"), Role.FIRM_ADMIN),
    (DemoPerson("counsel-daniel-lim", "S8116474F", "Daniel Lim Wei Jie", "daniel.lim@tanlim.example.sg"), Role.COUNSEL),
    (DemoPerson("counsel-sarah-tan", "S8723211E", "Sarah Tan Hui Min", "sarah.tan@tanlim.example.sg"), Role.COUNSEL),
    (DemoPerson("paralegal", "S6005043J", "Nur Hidayah binte Salleh", "hidayah@tanlim.example.sg"), Role.PARALEGAL),
)

# Left the firm: the administrator deactivated the account and can reactivate it.
FORMER_STAFF = (
    (DemoPerson("former-paralegal", "S7712345H", "Koh Li Ting", "liting.koh@tanlim.example.sg"), Role.PARALEGAL),
)

REGISTRY_OFFICER = DemoPerson("registry-officer", "S3000024B", "Aishah Rahman", "aishah.rahman@judiciary.example.sg")
# On mockpass's persona lists, so one click signs them in; the others use its custom form.
MOCKPASS_SINGPASS_LIST = {"S6005040F", "S6005041D", "S6005042B", "S5062854Z", "T0066846F", "S3000024B"}
MOCKPASS_CORPPASS_LIST = {"S8979373D", "S8116474F", "S8723211E"}

MORNING, AFTERNOON, EVENING = (9, 30), (14, 30), (19, 0)
COURT_NAMES = {Court.STATE_COURTS: "State Courts", Court.NIGHT_COURTS: "Night Courts",
               Court.YOUTH_COURTS: "Youth Courts"}

CASES = (
    DemoCase("DAC-904512", Court.STATE_COURTS, "accused-tan-wei-ming",
             ((PENAL_CODE, "379", "Theft of two bottles of whisky (value S$189) from a supermarket at Jurong Point"),
              (PENAL_CODE, "379", "Theft of a power bank (value S$59) from an electronics shop at Jurong Point")),
             (Hearing(EventType.MENTION, -21, MORNING, STATE_COURTS),
              Hearing(EventType.PRE_TRIAL_CONFERENCE, 3, MORNING, STATE_COURTS)),
             counsel=("counsel-daniel-lim",)),
    DemoCase("MAC-901877", Court.STATE_COURTS, "accused-tan-wei-ming",
             ((PENAL_CODE, "323", "Voluntarily causing hurt to a taxi driver at Boon Lay Way"),),
             (Hearing(EventType.MENTION, -7, AFTERNOON, STATE_COURTS),
              Hearing(EventType.MENTION, 7, AFTERNOON, STATE_COURTS))),
    DemoCase("SC-001245", Court.NIGHT_COURTS, "accused-tan-wei-ming",
             ((ROAD_TRAFFIC, "63(4)", "Exceeding the speed limit: 92 km/h in a 60 km/h zone on Jalan Bahar"),),
             (Hearing(EventType.NIGHT_COURT_HEARING, 10, EVENING, NIGHT_COURT),)),
    DemoCase("DAC-906233", Court.STATE_COURTS, "accused-muhammad-faizal",
             ((PENAL_CODE, "420", "Cheating a buyer into paying S$4,800 for concert tickets that did not exist"),),
             (Hearing(EventType.MENTION, -28, MORNING, STATE_COURTS),
              Hearing(EventType.PRE_TRIAL_CONFERENCE, -6, AFTERNOON, STATE_COURTS)),
             counsel=("counsel-sarah-tan",),
             bail=BailInput(amount_cents=20_000_00, bailor_name="Ismail bin Ahmad",
                            bailor_phone="+65 9455 6677", bailor_email="ismail.ahmad@example.sg"),
             later_hearings=(Hearing(EventType.CCDC, 1, MORNING, STATE_COURTS),
                             Hearing(EventType.TRIAL, 30, MORNING, STATE_COURTS_TRIAL))),
    DemoCase("DAC-907810", Court.STATE_COURTS, "accused-muhammad-faizal",
             ((MISUSE_OF_DRUGS, "8(b)(ii)", "Consumption of a specified drug (methamphetamine)"),),
             (Hearing(EventType.MENTION, 14, MORNING, STATE_COURTS),)),
    DemoCase("MAC-902345", Court.STATE_COURTS, "accused-lim-mei-ling",
             ((ROAD_TRAFFIC, "67(1)(b)",
               "Driving with 54 micrograms of alcohol in 100 millilitres of breath, above the prescribed limit"),),
             (Hearing(EventType.MENTION, -10, MORNING, STATE_COURTS),
              Hearing(EventType.PLEAD_GUILTY_MENTION, 5, AFTERNOON, STATE_COURTS)),
             counsel=("counsel-daniel-lim",)),
    DemoCase("SC-001377", Court.NIGHT_COURTS, "accused-rajendran",
             ((PUBLIC_HEALTH, "17(1)(a)", "Throwing a cigarette butt on the pavement at Tampines Street 81"),),
             (Hearing(EventType.NIGHT_COURT_HEARING, 4, EVENING, NIGHT_COURT),)),
    DemoCase("SC-001402", Court.NIGHT_COURTS, "accused-chen-jia-hui",
             ((THIRD_PARTY_RISKS, "3(1)", "Using a motorcycle on Woodlands Avenue 3 without third-party insurance"),),
             (Hearing(EventType.NIGHT_COURT_HEARING, -14, EVENING, NIGHT_COURT),
              Hearing(EventType.NIGHT_COURT_HEARING, 7, EVENING, NIGHT_COURT))),
    DemoCase("YAC-000318", Court.YOUTH_COURTS, "accused-ryan-goh",
             ((PENAL_CODE, "379", "Theft of a pair of headphones (value S$129) from a shop at Tampines Mall"),),
             (Hearing(EventType.MENTION, -12, MORNING, YOUTH_COURT),
              Hearing(EventType.MENTION, 9, MORNING, YOUTH_COURT)),
             counsel=("counsel-sarah-tan",)),
    DemoCase("YAC-000342", Court.YOUTH_COURTS, "accused-ryan-goh",
             ((PENAL_CODE, "426", "Mischief: spray-painting the notice board at a void deck in Tampines Street 45"),),
             (Hearing(EventType.MENTION, 9, AFTERNOON, YOUTH_COURT),)),
)


def court_day(today: date, days_from_today: int) -> date:
    """Today plus the offset, moved off a weekend or public holiday: forward for future dates, back
    for past ones."""
    day = today + timedelta(days=days_from_today)
    step = timedelta(days=1 if days_from_today > 0 else -1)
    while not is_working_day(day):
        day += step
    return day


def _event(hearing: Hearing, today: date) -> CourtEventInput:
    day = court_day(today, hearing.days_from_today)
    hour, minute = hearing.at
    return CourtEventInput(
        type=hearing.type,
        starts_at=datetime(day.year, day.month, day.day, hour, minute, tzinfo=SINGAPORE),
        venue=VenueInput(building=hearing.venue[0], room=hearing.venue[1]),
        status=EventStatus.HELD if hearing.days_from_today < 0 else EventStatus.SCHEDULED,
    )


def case_number(case: DemoCase, today: date) -> str:
    return f"{case.number}-{today.year}"


def _new_case(case: DemoCase, today: date) -> NewCase:
    person = next(p for p in ACCUSED if p.key == case.accused)
    number = case_number(case, today)
    prefix, serial = case.number.split("-")
    return NewCase(
        case_no=number,
        court=case.court,
        accused=AccusedInput(nric=person.nric, name=person.name, email=person.email, mobile=person.mobile,
                             date_of_birth=person.date_of_birth),
        # Each charge carries its own number in the case's series, as the courts number them.
        charges=[ChargeInput(charge_no=f"{prefix}-{int(serial) + i:06d}-{today.year}", statute=statute,
                             section=section, offence=offence)
                 for i, (statute, section, offence) in enumerate(case.charges)],
        # Hearings already held are recorded after filing, as the registry would have recorded them.
        events=[_event(h, today) for h in case.hearings if h.days_from_today >= 0],
    )


# How long before its first hearing a demo case was filed.
FILED_BEFORE_FIRST_HEARING = timedelta(days=14)


def filed_at(case: DemoCase, today: date, now: datetime) -> datetime:
    """When the demo case was filed: two weeks before its first hearing, and never after now, so
    that no case shows a "Filed" date later than hearings already held."""
    first = min(_event(h, today).starts_at for h in (*case.hearings, *case.later_hearings))
    return min(now, first - FILED_BEFORE_FIRST_HEARING)


def subject_id(person: DemoPerson) -> str:
    """The key a person is stored under: the accused's person id, or the firm member's id."""
    return intake.person_id_for(person.nric)


def _load_registry_staff() -> None:
    officer = StaffMember(staff_id=subject_id(REGISTRY_OFFICER), nric=REGISTRY_OFFICER.nric,
                          name=REGISTRY_OFFICER.name, email=REGISTRY_OFFICER.email)
    if staff.get(officer.staff_id) is None:
        staff.add(officer)


# The demo data is loaded as the registry would key it in, audited like any other change.
LOADER = Actor.system("demo data")


def _load_firm(now: datetime) -> None:
    for person, role, active in [*((p, r, True) for p, r in FIRM_STAFF), *((p, r, False) for p, r in FORMER_STAFF)]:
        member = FirmMember(member_id=subject_id(person), firm_uen=FIRM.uen, nric=person.nric, name=person.name,
                            role=role, email=person.email, active=active)
        write = UnitOfWork(LOADER, now)
        if role is Role.FIRM_ADMIN and firms.get_firm(FIRM.uen) is None:
            firms.register_in(write, FIRM, member)
            write.audit(AuditAction.FIRM_REGISTERED, target=FIRM.uen, detail=FIRM.name)
        elif firms.get_member(FIRM.uen, member.member_id) is None:
            firms.add_member_in(write, member)
        else:
            continue
        write.audit(AuditAction.ACCOUNT_CREATED, target=member.member_id,
                    detail=f"{member.role.label} account for {member.name}, firm {member.firm_uen}")
        write.commit()


def _load_case(case: DemoCase, today: date, now: datetime) -> bool:
    number = case_number(case, today)
    if cases.get_case(number) is not None:
        return False
    filed = filed_at(case, today, now)
    intake.create_case(LOADER, _new_case(case, today), filed)
    for hearing in case.hearings:
        if hearing.days_from_today < 0:
            intake.fix_event(LOADER, number, _event(hearing, today), now)
    if case.counsel:
        staff = {p.key: p for p, _ in FIRM_STAFF}
        intake.record_representation(
            LOADER,
            number,
            RepresentationInput(firm_uen=FIRM.uen, counsel_member_ids=[subject_id(staff[k]) for k in case.counsel]),
            filed,
        )
    if case.bail is not None:
        intake.set_bail(LOADER, number, case.bail, now)
    for hearing in case.later_hearings:
        intake.fix_event(LOADER, number, _event(hearing, today), now)
    return True


@dataclass(frozen=True)
class Persona:
    """Someone to sign in as, and how: which door, which NRIC (and UEN) to pick on mockpass."""

    door: str  # "Singpass", "Corppass", "Registry"
    nric: str
    name: str
    description: str
    uen: str | None = None

    @property
    def one_click(self) -> bool:
        listed = MOCKPASS_CORPPASS_LIST if self.door == "Corppass" else MOCKPASS_SINGPASS_LIST
        return self.nric in listed


def _represented(count: int, of: int) -> str:
    if count == 0:
        return "not represented"
    if count == of:
        return f"represented by {FIRM.name}" if of == 1 else f"all represented by {FIRM.name}"
    return f"{'one' if count == 1 else count} represented by {FIRM.name}"


def personas() -> list[Persona]:
    """Who one can sign in as; each description says who they are and what they see."""
    listed = []
    for person in ACCUSED:
        own = [c for c in CASES if c.accused == person.key]
        courts = " and ".join(sorted({COURT_NAMES[c.court] for c in own}))
        description = (f"Accused in {len(own)} {courts} case{'s' if len(own) > 1 else ''}; "
                       + _represented(sum(1 for c in own if c.counsel), len(own)))
        listed.append(Persona("Singpass", person.nric, person.name, description))
    firm_cases = sum(1 for c in CASES if c.counsel)
    for person, role in FIRM_STAFF:
        description = f"{role.label} at {FIRM.name}; sees the {firm_cases} cases the firm is on record for"
        if role is Role.COUNSEL:
            description += f", {sum(1 for c in CASES if person.key in c.counsel)} of them as counsel"
        if role is Role.FIRM_ADMIN:
            description += ", and manages the firm's accounts"
        listed.append(Persona("Corppass", person.nric, person.name, description, uen=FIRM.uen))
    listed.append(Persona("Registry", REGISTRY_OFFICER.nric, REGISTRY_OFFICER.name,
                          f"Registry officer; opens any case, reads the audit log, keeps the {len(CASES)} "
                          "cases current and registers law firms through the registry's forms"))
    return listed


# --- the court calendar: sittings for the weeks ahead, and the demo's hearings placed in them -----


@dataclass(frozen=True)
class DemoSittings:
    court: Court
    venue: tuple[str, str]
    weekdays: tuple[int, ...]
    at: tuple[int, int]
    hears: tuple[EventType, ...]
    seats: int


SITTINGS = (
    DemoSittings(Court.NIGHT_COURTS, NIGHT_COURT, (0, 1, 2, 3, 4), EVENING, (EventType.NIGHT_COURT_HEARING,), 20),
    DemoSittings(Court.STATE_COURTS, STATE_COURTS, (0, 1, 2, 3, 4), MORNING,
                 (EventType.MENTION, EventType.PRE_TRIAL_CONFERENCE, EventType.CCDC), 30),
    DemoSittings(Court.STATE_COURTS, STATE_COURTS, (1, 3), AFTERNOON,
                 (EventType.MENTION, EventType.PLEAD_GUILTY_MENTION, EventType.PRE_TRIAL_CONFERENCE), 30),
    DemoSittings(Court.YOUTH_COURTS, YOUTH_COURT, (1, 3), MORNING, (EventType.MENTION,), 10),
)
SITTING_WEEKS = 5


def _load_sittings(today: date, now: datetime) -> int:
    """The weeks ahead's sittings that are not there yet (public holidays skipped)."""
    made = 0
    for plan in SITTINGS:
        pattern = WeeklyPattern(court=plan.court, venue=VenueInput(building=plan.venue[0], room=plan.venue[1]),
                                weekdays=list(plan.weekdays), start_time=f"{plan.at[0]:02d}:{plan.at[1]:02d}",
                                first_day=today, last_day=today + timedelta(weeks=SITTING_WEEKS),
                                hears=list(plan.hears), seats=plan.seats)
        planned = expand_weekly(pattern, now)[0]
        existing = {s.sitting_id for s in sittings.on_calendar(plan.court, planned[0].starts_at,
                                                                planned[-1].starts_at + timedelta(minutes=1))}
        missing = [s for s in planned if s.sitting_id not in existing]
        if missing:
            write = UnitOfWork(LOADER, now)
            for sitting in missing:
                sittings.create_in(write, sitting)
            write.audit(AuditAction.SITTINGS_CREATED, target=plan.court.value,
                        detail=f"demo: {len(missing)} sitting(s) in {plan.venue[1]}")
            write.commit()
            made += len(missing)
    return made


def _place_in_sittings(case: DemoCase, today: date, now: datetime) -> None:
    """Each scheduled hearing of a new demo case takes a seat in the sitting at its time and room."""
    number = case_number(case, today)
    for event in cases.get_case(number).upcoming_events(now):
        sitting_id = sitting_id_for(event.starts_at, event.venue)
        if event.sitting_id is None and sittings.get(sitting_id) is not None:
            reschedule.place(LOADER, number, event.event_id, MoveInput(sitting_id=sitting_id), now)


def load(now: datetime | None = None) -> int:
    """Load whatever part of the demo data is missing; return how many cases were created."""
    now = now or utc_now()
    today = in_singapore(now).date()
    _load_registry_staff()
    _load_firm(now)
    _load_confirmed_mobiles(now)  # before the cases, so that their first notices go by SMS too
    _load_sittings(today, now)
    created = 0
    for case in CASES:
        if _load_case(case, today, now):
            _place_in_sittings(case, today, now)
            created += 1
    demo_filings.load(today, now)
    from local import demo_payments

    demo_payments.load(today, now)
    return created


# Who has confirmed a mobile number for SMS (as if they had typed back the code): the rest get
# email and the inbox only, until they add one on /settings/notifications.
CONFIRMED_MOBILES = ("accused-tan-wei-ming",)


def _load_confirmed_mobiles(now: datetime) -> None:
    for person in (p for p in ACCUSED if p.key in CONFIRMED_MOBILES and p.mobile):
        owner = InboxOwner.person(subject_id(person))
        if channel_settings.get(owner).mobile is None:
            write = UnitOfWork(LOADER, now)
            channel_settings.confirmed_mobile_in(write, owner, singapore_mobile(person.mobile))
            write.audit(AuditAction.MOBILE_CONFIRMED, target=mask_mobile(singapore_mobile(person.mobile)),
                        detail="demo data")
            write.commit()
