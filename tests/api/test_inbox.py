"""The portal inbox: notices arrive through the real path, the header shows the unread count on
every page, opening a notice marks it read, pages follow a cursor, and nobody opens another's."""

from __future__ import annotations

import json
import re
from datetime import timedelta

from tests.fixtures.portal import accused_principal, create_case, new_case_payload, session_headers

CASE = "DAC-912345-2026"
ACCUSED = "S8979373D"


def _unread_in_header(html: str) -> int:
    found = re.search(r'class="icms-unread-count">([0-9]+)<', html)
    return int(found.group(1)) if found else 0


def _get(portal, path, principal=None):
    headers = session_headers(principal or accused_principal(ACCUSED))
    return portal.http.get(path, headers=headers)


def _api(portal, path, principal=None) -> dict:
    response = _get(portal, path, principal)
    assert response.status_code == 200, response.body
    return json.loads(response.body)


def _stored_unread(nric: str = ACCUSED) -> int:
    from chalicelib.domain.principals import InboxOwner
    from chalicelib.store.inbox import UnreadItem, unread_key

    try:
        return int(UnreadItem.get(*unread_key(InboxOwner.person(accused_principal(nric).subject_id))).count)
    except UnreadItem.DoesNotExist:
        return 0


def test_a_registry_change_reaches_the_inbox_with_the_unread_count_on_every_page(portal, registry_officer, events):
    create_case(portal, registry_officer, new_case_payload())
    events.deliver()

    for path in ("/inbox", "/cases", f"/cases/{CASE}"):
        page = _get(portal, path)
        assert page.status_code == 200
        assert _unread_in_header(page.body.decode()) == 1, path
    listing = _get(portal, "/inbox").body.decode()
    assert f"Court date fixed: {CASE}" in listing and "Unread" in listing
    inbox = _api(portal, "/api/inbox")
    assert inbox["unread"] == 1 and inbox["next_cursor"] is None
    [entry] = inbox["entries"]
    assert (entry["title"], entry["link"], entry["read"], entry["kind"], entry["topic"]) == (
        f"Court date fixed: {CASE}", f"/cases/{CASE}", False, "court_date_fixed", "court_dates")
    # A page that is not found still shows the header's count.
    missing = _get(portal, "/cases/DAC-999999-2026")
    assert missing.status_code == 404 and _unread_in_header(missing.body.decode()) == 1


def test_opening_a_notice_marks_it_read_once_and_links_to_what_it_is_about(portal, registry_officer, events):
    create_case(portal, registry_officer, new_case_payload())
    events.deliver()
    [entry] = _api(portal, "/api/inbox")["entries"]

    opened = _get(portal, f"/inbox/{entry['entry_id']}")
    html = opened.body.decode()
    assert opened.status_code == 200
    assert "State Courts Towers, Court 4A" in html and f'href="/cases/{CASE}"' in html
    assert _unread_in_header(html) == 0  # the count after this opening, not before it
    assert _stored_unread() == 0

    again = _api(portal, f"/api/inbox/{entry['entry_id']}")
    assert again["read"] is True and again["unread"] == 0 and again["read_at"] is not None
    assert _stored_unread() == 0  # opening twice takes one off once
    assert _api(portal, "/api/inbox")["entries"][0]["read"] is True


def test_a_notice_delivered_twice_is_one_entry_counted_once(portal, registry_officer, events):
    create_case(portal, registry_officer, new_case_payload())
    [message] = events.queued()
    events.deliver([message])
    from chalicelib.store.keys import DELIVERY_RECORD_SK
    from chalicelib.store.table import Entity

    # Even past the delivery's idempotency record (say it expired), the entry and its count are
    # written once.
    for item in list(Entity.scan(Entity.sk == DELIVERY_RECORD_SK)):  # tests may scan
        item.delete()
    events.deliver([{**message, "MessageId": "again"}])
    assert len(_api(portal, "/api/inbox")["entries"]) == 1
    assert _stored_unread() == 1


def _fill_inbox(count: int, nric: str = ACCUSED) -> list[str]:
    from chalicelib.domain.clock import utc_now
    from chalicelib.domain.inbox import InboxEntry
    from chalicelib.domain.notices import NoticeTopic
    from chalicelib.domain.principals import InboxOwner
    from chalicelib.store import inbox
    from chalicelib.store.keys import inbox_entry_id

    owner, start = InboxOwner.person(accused_principal(nric).subject_id), utc_now() - timedelta(days=count)
    entries = []
    for n in range(count):
        at = start + timedelta(hours=n)
        entries.append(inbox.NewEntry(owner, InboxEntry(
            entry_id=inbox_entry_id(at, f"notice-{n}"), notice_id=f"notice-{n}", kind="court_date_fixed",
            topic=NoticeTopic.COURT_DATES, case_no=CASE, title=f"Notice {n}", body=f"Body {n}", link=f"/cases/{CASE}",
            created_at=at)))
    assert inbox.add_all(entries) == count  # 45 entries and their counter: one transaction per 50
    return [e.entry.entry_id for e in entries]


def test_pages_follow_the_cursor_newest_first_to_the_end(portal, aws):
    ids = _fill_inbox(45)
    seen, cursor, pages = [], None, 0
    while True:
        page = _api(portal, "/api/inbox" + (f"?after={cursor}" if cursor else ""))
        assert page["unread"] == 45
        seen += [e["entry_id"] for e in page["entries"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3 and seen == list(reversed(ids))
    html = _get(portal, f"/inbox?after={ids[25]}").body.decode()
    assert "Notice 24" in html and "Notice 25" not in html and 'href="/inbox">Newest notices' in html
    assert f'href="/inbox?after={ids[5]}"' in html  # the next page starts after its last entry


def test_pages_go_back_to_newer_notices_and_the_newest_page_offers_none(portal, aws):
    ids = _fill_inbox(45)  # newest first: ids[44] .. ids[0]; pages of 20
    first = _api(portal, "/api/inbox")
    assert first["previous_cursor"] is None
    second = _api(portal, f"/api/inbox?after={first['next_cursor']}")
    third = _api(portal, f"/api/inbox?after={second['next_cursor']}")
    assert [e["entry_id"] for e in third["entries"]] == list(reversed(ids[:5])) and third["next_cursor"] is None
    back = _api(portal, f"/api/inbox?before={third['previous_cursor']}")
    assert back["entries"] == second["entries"] and back["next_cursor"] == second["next_cursor"]
    newest = _api(portal, f"/api/inbox?before={back['previous_cursor']}")
    assert newest["entries"] == first["entries"] and newest["previous_cursor"] is None
    html = _get(portal, f"/inbox?after={first['next_cursor']}").body.decode()
    assert f'href="/inbox?before={second["previous_cursor"]}">Newer notices' in html
    assert "Newer notices" not in _get(portal, "/inbox").body.decode()


def test_a_page_goes_one_way_only(portal, aws):
    ids = _fill_inbox(3)
    response = _get(portal, f"/api/inbox?after={ids[2]}&before={ids[0]}")
    assert response.status_code == 422
    [problem] = json.loads(response.body)["fields"]
    assert problem["field"] == "before" and "not both" in problem["message"]


def test_a_bad_cursor_is_refused_with_a_message(portal, aws):
    response = _get(portal, "/api/inbox?after=not-a-cursor")
    assert response.status_code == 422
    assert json.loads(response.body)["fields"][0]["field"] == "after"
    page = _get(portal, "/inbox?after=<script>")
    assert page.status_code == 422 and "<script>" not in page.body.decode()
    assert _get(portal, "/api/inbox?colour=blue").status_code == 422


def test_nobody_opens_another_persons_notice(portal, aws):
    [theirs] = _fill_inbox(1, nric="S8116474F")
    other = accused_principal(ACCUSED)
    assert _get(portal, f"/api/inbox/{theirs}", other).status_code == 404
    assert _get(portal, f"/inbox/{theirs}", other).status_code == 404
    assert _get(portal, "/api/inbox/20260101T000000000000Z-0000000000000000", other).status_code == 404
    assert _get(portal, "/api/inbox/..%2F..%2Fetc", other).status_code == 422  # not an entry's id at all
    assert _get(portal, "/inbox/..%2F..%2Fetc", other).status_code == 404
    assert _stored_unread("S8116474F") == 1


def test_a_law_firm_user_has_an_inbox_and_a_registry_officer_none(portal, registry_officer, law_firm, events):
    from tests.fixtures.portal import firm_principal, json_headers

    payload = new_case_payload()
    payload["events"] = []
    create_case(portal, registry_officer, payload)
    portal.http.put(f"/api/registry/cases/{CASE}/representation", headers=json_headers(registry_officer),
                    body=json.dumps({"firm_uen": law_firm["uen"], "counsel_member_ids": [law_firm["counsel_id"]]}))
    from tests.fixtures.portal import next_weekday_at

    portal.http.post(f"/api/registry/cases/{CASE}/events", headers=json_headers(registry_officer),
                     body=json.dumps({"type": "trial", "starts_at": next_weekday_at(9, 30),
                                      "venue": {"building": "State Courts Towers", "room": "Court 26"}}))
    events.deliver()
    counsel = firm_principal(law_firm, "counsel")
    assert _api(portal, "/api/inbox", counsel)["unread"] == 1
    assert _unread_in_header(_get(portal, "/cases", counsel).body.decode()) == 1
    assert _api(portal, "/api/inbox", firm_principal(law_firm, "paralegal"))["unread"] == 0  # not on record
    registry_home = _get(portal, "/registry", registry_officer).body.decode()
    assert 'href="/inbox"' not in registry_home and 'href="/registry/delivery"' in registry_home
