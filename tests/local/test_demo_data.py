"""The demo data: loaded through the intake services, idempotent, and true to the court rules."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from chalicelib.domain.cases import NIGHT_COURT_SITTING, Court, EventStatus, EventType
from chalicelib.domain.clock import in_singapore
from chalicelib.domain.principals import Role
from local import demo_data


def load_and_read(now: datetime | None = None):
    from chalicelib.store import cases

    created = demo_data.load(now)
    today = in_singapore(now or datetime.now(timezone.utc)).date()
    return created, [cases.get_case(demo_data.case_number(c, today)) for c in demo_data.CASES]


def test_loading_twice_creates_everything_once(aws):
    from chalicelib.store import firms, staff

    created, loaded = load_and_read()
    again, reloaded = load_and_read()

    assert created == len(demo_data.CASES) >= 8
    assert again == 0
    assert [c.version for c in reloaded] == [c.version for c in loaded]
    assert {c.court for c in loaded} == set(Court)
    assert len({c.accused.person_id for c in loaded}) >= 3
    _, members = firms.get_firm_with_members(demo_data.FIRM.uen)
    assert sorted(m.role.value for m in members if m.active) == ["counsel", "counsel", "firm_admin", "paralegal"]
    # A former paralegal, deactivated, for the administrator to reactivate.
    assert [(m.name, m.role.value) for m in members if not m.active] == [("Koh Li Ting", "paralegal")]
    officer = staff.get(demo_data.subject_id(demo_data.REGISTRY_OFFICER))
    assert officer is not None and officer.active


def test_the_demo_has_what_each_persona_needs_to_see(aws):
    from chalicelib.store import firms

    _, loaded = load_and_read()
    by_accused: dict[str, int] = {}
    for case in loaded:
        by_accused[case.accused.name] = by_accused.get(case.accused.name, 0) + 1
    assert max(by_accused.values()) >= 2

    counsel_on_record = {c.member_id for case in loaded if case.representation for c in case.representation.counsel}
    _, members = firms.get_firm_with_members(demo_data.FIRM.uen)
    counsel = {m.member_id for m in members if m.role is Role.COUNSEL}
    assert counsel and counsel <= counsel_on_record

    bailed = [case for case in loaded if case.bail is not None]
    assert bailed and all(case.bail.bailor_email for case in bailed)


def test_events_are_past_and_held_or_upcoming_on_weekdays_at_court_hours(aws):
    now = datetime.now(timezone.utc)
    _, loaded = load_and_read(now)
    events = [(case, event) for case in loaded for event in case.events]
    assert any(e.status is EventStatus.HELD for _, e in events)
    assert any(e.status is EventStatus.SCHEDULED for _, e in events)
    for case, event in events:
        local = in_singapore(event.starts_at)
        assert (event.starts_at < now) == (event.status is EventStatus.HELD), (case.case_no, event)
        assert local.weekday() < 5, (case.case_no, local)
        if case.court is Court.NIGHT_COURTS:
            assert event.type is EventType.NIGHT_COURT_HEARING
            assert NIGHT_COURT_SITTING[0] <= local.time() <= NIGHT_COURT_SITTING[1]
        else:
            assert time(9) <= local.time() <= time(17)


def test_court_days_skip_weekends_away_from_today():
    friday = date(2026, 3, 6)
    assert demo_data.court_day(friday, 1) == date(2026, 3, 9)  # Saturday -> Monday
    assert demo_data.court_day(date(2026, 3, 9), -1) == friday  # Sunday -> Friday
    assert demo_data.court_day(friday, 5) == date(2026, 3, 11)


def test_youth_cases_are_heard_in_the_youth_courts():
    for case in demo_data.CASES:
        if case.court is Court.YOUTH_COURTS:
            assert all(h.venue == demo_data.YOUTH_COURT for h in case.hearings)


def test_every_persona_can_sign_in_through_mockpass_and_the_listed_ones_in_one_click():
    """The one-click personas must really be on mockpass's lists (for Corppass, in the demo firm's
    entity), or `make run`'s banner would send people to a login that does not exist."""
    from local.environment import REPO

    assertions = (REPO / "node_modules/@opengovsg/mockpass/lib/assertions.js").read_text()
    singpass_list = assertions.split("singPass: [", 1)[1].split("],", 1)[0]
    corppass_list = assertions.split("corpPass: [", 1)[1].split("],", 1)[0]
    personas = demo_data.personas()
    assert {p.door for p in personas} == {"Singpass", "Corppass", "Registry"}
    assert len(personas) == len(demo_data.ACCUSED) + len(demo_data.FIRM_STAFF) + 1
    for persona in personas:
        if not persona.one_click:
            continue
        if persona.door == "Corppass":
            entry = corppass_list.split(f"nric: '{persona.nric}'", 1)[1].split("}", 1)[0]
            assert f"uen: '{demo_data.FIRM.uen}'" in entry, persona
        else:
            assert f"nric: '{persona.nric}'" in singpass_list, persona
    assert sum(p.one_click for p in personas) >= len(personas) - 2


def test_no_case_was_filed_after_a_hearing_already_held(aws):
    now = datetime.now(timezone.utc)
    _, loaded = load_and_read(now)
    for case in loaded:
        assert case.filed_at <= now, case.case_no
        assert all(case.filed_at < event.starts_at for event in case.events), case.case_no
        if case.representation:
            assert case.filed_at <= case.representation.since <= now
