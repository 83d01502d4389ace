"""What accused persons and law-firm users see, as JSON and as pages."""

import json

from tests.fixtures.portal import (
    accused_principal,
    create_case,
    firm_principal,
    json_headers,
    new_case_payload,
    next_weekday_at,
    session_headers,
)

MINE = "DAC-912345-2026"
THEIRS = "MAC-904321-2026"


def _seed(portal, officer):
    create_case(portal, officer, new_case_payload(MINE, "S8979373D"))
    second = new_case_payload("SC-901234-2026", "S8979373D", court="night_courts")
    second["charges"] = [{"charge_no": "TP-2026-118822", "statute": "Road Traffic Act 1961", "section": "63(4)",
                          "offence": "Speeding"}]
    second["events"] = [{"type": "night_court_hearing", "starts_at": next_weekday_at(19, 0, days_ahead=5),
                         "venue": {"building": "State Courts Towers", "room": "Court 26"}}]
    create_case(portal, officer, second)
    theirs = new_case_payload(THEIRS, "S8116474F")
    theirs["accused"]["name"] = "<script>alert('x')</script> Lee"
    create_case(portal, officer, theirs)


def test_my_cases_lists_only_mine_soonest_court_date_first(portal, registry_officer):
    _seed(portal, registry_officer)
    response = portal.http.get("/api/cases", headers=json_headers(accused_principal("S8979373D")))
    assert response.status_code == 200
    cases = json.loads(response.body)["cases"]
    assert [c["case_no"] for c in cases] == ["SC-901234-2026", MINE]
    assert cases[0]["next_event"]["type_label"] == "Night Court hearing"
    assert cases[0]["court_label"] == "Night Courts (State Courts)"


def test_a_case_page_shows_charges_next_event_in_singapore_time_and_no_lawyer(portal, registry_officer):
    _seed(portal, registry_officer)
    headers = session_headers(accused_principal("S8979373D"))
    response = portal.http.get(f"/cases/{MINE}", headers=headers)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    html = response.body.decode()
    assert MINE in html and "Theft" in html and "Penal Code 1871 s 379" in html
    assert "State Courts Towers, Court 4A" in html
    assert "9.30am" in html  # stored in UTC, shown in Singapore time
    assert "No lawyer is on record" in html
    assert "S****373D" in html and "S8979373D" not in html
    assert "A Singapore Government Agency Website" in html


def test_someone_elses_case_is_404_and_shows_none_of_it(portal, registry_officer):
    _seed(portal, registry_officer)
    me = accused_principal("S8979373D")
    api = portal.http.get(f"/api/cases/{THEIRS}", headers=json_headers(me))
    missing = portal.http.get("/api/cases/MAC-000000-2026", headers=json_headers(me))
    assert api.status_code == missing.status_code == 404
    assert "Lee" not in api.body.decode()
    page = portal.http.get(f"/cases/{THEIRS}", headers=session_headers(me))
    assert page.status_code == 404 and "Lee" not in page.body.decode()


def test_names_are_rendered_as_text(portal, registry_officer):
    _seed(portal, registry_officer)
    html = portal.http.get(f"/cases/{THEIRS}", headers=session_headers(accused_principal("S8116474F"))).body.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Lee" in html


def test_the_firm_on_record_sees_the_case_and_its_list(portal, registry_officer, law_firm):
    _seed(portal, registry_officer)
    recorded = portal.http.put(
        f"/api/registry/cases/{MINE}/representation", headers=json_headers(registry_officer),
        body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    assert recorded.status_code == 201
    for role in ("counsel", "paralegal", "admin"):
        principal = firm_principal(law_firm, role)
        listing = json.loads(portal.http.get("/api/cases", headers=json_headers(principal)).body)["cases"]
        assert [c["case_no"] for c in listing] == [MINE]
        assert listing[0]["counsel"] == ["Lim Wei Ling"]
        assert portal.http.get(f"/api/cases/{MINE}", headers=json_headers(principal)).status_code == 200
        assert portal.http.get(f"/api/cases/{THEIRS}", headers=json_headers(principal)).status_code == 404
    # The accused now sees who acts for them.
    html = portal.http.get(f"/cases/{MINE}", headers=session_headers(accused_principal("S8979373D"))).body.decode()
    assert "Tan &amp; Lim LLP" in html and "Lim Wei Ling" in html
    page = portal.http.get("/cases", headers=session_headers(firm_principal(law_firm, "counsel")))
    assert MINE in page.body.decode()


def test_a_firm_taken_off_record_loses_the_case(portal, registry_officer, law_firm):
    _seed(portal, registry_officer)
    path = f"/api/registry/cases/{MINE}/representation"
    portal.http.put(path, headers=json_headers(registry_officer),
                    body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    portal.http.delete(path, headers=json_headers(registry_officer))
    counsel = firm_principal(law_firm, "counsel")
    assert json.loads(portal.http.get("/api/cases", headers=json_headers(counsel)).body)["cases"] == []
    assert portal.http.get(f"/api/cases/{MINE}", headers=json_headers(counsel)).status_code == 404


def test_signed_out_callers_are_sent_to_sign_in_or_refused(portal):
    page = portal.http.get("/cases/DAC-912345-2026")
    assert page.status_code == 303
    assert page.headers["Location"] == "/sign-in?next=%2Fcases%2FDAC-912345-2026"
    api = portal.http.get("/api/cases")
    assert api.status_code == 401
    assert json.loads(api.body)["error"] == "not_authenticated"


def test_a_registry_officer_is_not_a_party(portal, registry_officer):
    response = portal.http.get("/api/cases", headers=json_headers(registry_officer))
    assert response.status_code == 403


def test_every_response_carries_the_security_headers(portal):
    for path in ("/", "/sign-in", "/api/cases"):
        headers = portal.http.get(path).headers
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert "'unsafe-inline'" not in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Strict-Transport-Security"].startswith("max-age=")


def test_a_represented_accused_sees_why_their_lawyer_files(portal, registry_officer, law_firm):
    _seed(portal, registry_officer)
    accused = accused_principal("S8979373D")
    unrepresented = json.loads(portal.http.get(f"/api/cases/{MINE}", headers=json_headers(accused)).body)
    assert unrepresented["may_file"] is True and unrepresented["filing_refusal"] is None
    portal.http.put(f"/api/registry/cases/{MINE}/representation", headers=json_headers(registry_officer),
                    body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    represented = json.loads(portal.http.get(f"/api/cases/{MINE}", headers=json_headers(accused)).body)
    assert represented["may_file"] is False
    assert "Tan & Lim LLP (Lim Wei Ling) is on record as your lawyer" in represented["filing_refusal"]
    html = portal.http.get(f"/cases/{MINE}", headers=session_headers(accused)).body.decode()
    assert "Your lawyer acts for you in this case" in html
    assert "Tan &amp; Lim LLP (Lim Wei Ling) is on record as your lawyer" in html
    counsel_view = json.loads(portal.http.get(f"/api/cases/{MINE}",
                                              headers=json_headers(firm_principal(law_firm, "counsel"))).body)
    assert counsel_view["may_file"] is True


def test_only_counsel_of_the_firm_may_file_and_the_others_are_told_why(portal, registry_officer, law_firm):
    _seed(portal, registry_officer)
    portal.http.put(f"/api/registry/cases/{MINE}/representation", headers=json_headers(registry_officer),
                    body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    views = {
        role: json.loads(portal.http.get(f"/api/cases/{MINE}", headers=json_headers(firm_principal(law_firm, role))).body)
        for role in ("counsel", "paralegal", "admin")
    }
    assert views["counsel"]["may_file"] is True
    assert views["paralegal"]["may_file"] is False and "drafts" in views["paralegal"]["filing_refusal"]
    assert views["admin"]["may_file"] is False


def test_the_attendance_warning_mentions_bail_only_where_bail_is_recorded(portal, registry_officer):
    _seed(portal, registry_officer)
    headers = session_headers(accused_principal("S8979373D"))
    summons = portal.http.get("/cases/SC-901234-2026", headers=headers).body.decode()
    assert "warrant for your arrest" in summons and "bail" not in summons.lower()

    bail = {"amount_cents": 1_500_000, "bailor_name": "Tan Ah Huat"}
    response = portal.http.put(f"/api/registry/cases/{MINE}/bail", headers=json_headers(registry_officer),
                               body=json.dumps(bail))
    assert response.status_code == 200, response.body
    bailed = portal.http.get(f"/cases/{MINE}", headers=headers).body.decode()
    assert "your bail of S$15,000.00 may be forfeited" in bailed


def test_the_next_court_date_is_explained_in_plain_words(portal, registry_officer):
    _seed(portal, registry_officer)
    html = portal.http.get("/cases/SC-901234-2026", headers=session_headers(accused_principal("S8979373D"))).body.decode()
    assert "1 Havelock Square, Singapore 059724" in html
    assert "An evening hearing for traffic and regulatory offences" in html
    assert "(in 5 days)" in html or "(in 6 days)" in html or "(in 7 days)" in html  # days_ahead=5, off weekends
    cases = portal.http.get("/cases", headers=session_headers(accused_principal("S8979373D"))).body.decode()
    assert 'class="days-away"' in cases and "Night Court hearing" in cases


def test_refusals_are_sentences_with_a_way_on(portal, registry_officer):
    _seed(portal, registry_officer)
    accused = session_headers(accused_principal("S8979373D", "Tan Ah Kow"))
    missing = portal.http.get("/cases/DAC-000000-2026", headers=accused)
    html = missing.body.decode()
    assert missing.status_code == 404
    assert "There is no case DAC-000000-2026 that you can view." in html
    assert 'href="/cases">Go to your cases</a>' in html and 'href="/help"' in html and "6587 8423" in html
    refused = portal.http.get("/registry", headers=accused)
    html = refused.body.decode()
    assert refused.status_code == 403
    assert "This is not available to a signed-in accused person." in html
    assert "You are signed in as Tan Ah Kow (accused person)" in html and 'action="/sign-out"' in html


def _case_list_reads(portal, principal):
    """Items DynamoDB read for ``GET /api/cases`` beyond the caller's session."""
    from bench.counter import RoundTripCounter

    counter = RoundTripCounter()
    counter.install()
    counter.attach_app_clients()
    try:
        with counter.measure() as tally:
            response = portal.http.get("/api/cases", headers=json_headers(principal))
    finally:
        counter.uninstall()
    assert response.status_code == 200
    return json.loads(response.body)["cases"], tally


def test_the_case_list_reads_one_item_per_case_however_many_dates_each_has(portal, registry_officer):
    """20 cases with 10 court dates each: the list reads the 20 case items (and the session), not
    the 200 events; each case's summary of scheduled dates gives its next one."""
    for n in range(20):
        payload = new_case_payload(f"DAC-9300{n:02d}-2026", "S8979373D", events=[
            {"type": "mention", "starts_at": next_weekday_at(9, 30, days_ahead=3 + n + 7 * k),
             "venue": {"building": "State Courts Towers", "room": f"Court {k + 1}A"}}
            for k in range(10)])
        payload["charges"][0]["charge_no"] = f"DAC-9300{n:02d}-2026"
        create_case(portal, registry_officer, payload)
    cases, tally = _case_list_reads(portal, accused_principal("S8979373D"))
    assert len(cases) == 20
    assert tally.items_read["Query"] == 20
    assert cases[0]["case_no"] == "DAC-930000-2026" and cases[0]["next_event"]["venue"].endswith("Court 1A")


def test_the_next_date_on_the_list_follows_every_change_to_the_cases_dates(portal, registry_officer):
    """The summary is written with each event change, in the change's own transaction."""
    def next_room():
        [case] = json.loads(portal.http.get("/api/cases", headers=json_headers(accused_principal("S8979373D"))).body)["cases"]
        return case["next_event"]["venue"].rsplit(", ", 1)[-1] if case["next_event"] else None

    create_case(portal, registry_officer, new_case_payload(MINE, "S8979373D", events=[
        {"type": "mention", "starts_at": next_weekday_at(9, 30, days_ahead=9),
         "venue": {"building": "State Courts Towers", "room": "Court 9B"}}]))
    assert next_room() == "Court 9B"
    officer = json_headers(registry_officer)
    added = portal.http.post(f"/api/registry/cases/{MINE}/events", headers=officer, body=json.dumps(
        {"type": "pre_trial_conference", "starts_at": next_weekday_at(10, 0, days_ahead=4),
         "venue": {"building": "State Courts Towers", "room": "Court 4A"}}))
    assert added.status_code == 201, added.body
    assert next_room() == "Court 4A"
    event_id = json.loads(added.body)["event_id"]
    moved = portal.http.patch(f"/api/registry/cases/{MINE}/events/{event_id}", headers=officer,
                              body=json.dumps({"starts_at": next_weekday_at(10, 0, days_ahead=12)}))
    assert moved.status_code == 200, moved.body
    assert next_room() == "Court 9B"
    vacated = portal.http.patch(f"/api/registry/cases/{MINE}/events/{event_id}", headers=officer,
                                body=json.dumps({"status": "vacated"}))
    assert vacated.status_code == 200, vacated.body
    assert next_room() == "Court 9B"


def test_a_date_that_has_passed_drops_off_the_list_without_a_write():
    """The summary keeps every scheduled date ahead at the last change; the list skips past ones."""
    from datetime import datetime, timedelta, timezone

    from chalicelib.domain.cases import CourtEvent, EventType, Venue
    from chalicelib.store.case_items import CaseItem, next_scheduled, scheduled_events

    now = datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc)
    venue = Venue(building="State Courts Towers", room="Court 4A")
    soon = CourtEvent(event_id="ev-1", type=EventType.MENTION, starts_at=now + timedelta(days=1), venue=venue)
    later = CourtEvent(event_id="ev-2", type=EventType.TRIAL, starts_at=now + timedelta(days=30), venue=venue)
    item = CaseItem("CASE#X", "CASE", scheduled=scheduled_events([later, soon], now))
    assert next_scheduled(item, now).event_id == "ev-1"
    assert next_scheduled(item, now + timedelta(days=2)).event_id == "ev-2"
    assert next_scheduled(item, now + timedelta(days=31)) is None
