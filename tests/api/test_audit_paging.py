"""The audit log pages by key: every entry of a busy day reachable, none twice, none cut off."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from html import unescape

from tests.fixtures.portal import session_headers


def _write_entries(count: int):
    from chalicelib.domain.audit import AuditAction, AuditEntry
    from chalicelib.domain.clock import singapore_date, utc_now
    from chalicelib.store import audit

    start = utc_now().replace(hour=1)  # 9am Singapore time: the same Singapore day for every entry
    for n in range(count):
        audit.append(AuditEntry(at=start + timedelta(seconds=n), action=AuditAction.LOGIN, actor_role="accused",
                                actor_id=f"p{n}", actor_name=f"Person {n}", ip="203.0.113.9", target=f"t{n}"))
    return singapore_date(start)


def test_700_entries_in_a_day_page_through_the_api_older_and_back_newer(portal, registry_officer):
    day = _write_entries(700)
    headers = session_headers(registry_officer)
    seen: list[str] = []
    pages = []
    cursor = None
    while True:
        query = f"day={day.isoformat()}" + (f"&cursor={cursor}" if cursor else "")
        response = portal.http.get(f"/api/registry/audit?{query}", headers=headers)
        assert response.status_code == 200, response.body
        body = json.loads(response.body)
        pages.append(body)
        seen += [e["target"] for e in body["entries"] if e["action"] == "login"]
        if body["older"] is None:
            break
        cursor = body["older"]
    assert len(seen) == 700 and len(set(seen)) == 700
    assert seen == [f"t{n}" for n in reversed(range(700))]  # newest first, in order, across pages
    assert pages[0]["newer"] is None and all(len(p["entries"]) <= 100 for p in pages)

    back = portal.http.get(f"/api/registry/audit?day={day.isoformat()}&cursor={pages[-1]['newer']}", headers=headers)
    assert json.loads(back.body)["entries"] == pages[-2]["entries"]


def test_the_audit_page_links_to_older_and_newer_entries(portal, registry_officer):
    day = _write_entries(150)
    headers = session_headers(registry_officer)
    first = portal.http.get(f"/registry/audit?day={day.isoformat()}", headers=headers)
    assert first.status_code == 200
    older = re.search(r'href="([^"]+)" rel="next">Older entries', first.body.decode())
    assert older and "Newer entries" not in first.body.decode()
    second = portal.http.get(unescape(older.group(1)), headers=headers)
    assert second.status_code == 200
    text = second.body.decode()
    assert "Newer entries" in text and "Older entries" not in text
    assert "Person 0" in text and "Person 149" not in text


def test_a_forged_cursor_is_a_422_naming_it(portal, registry_officer):
    from chalicelib.store.paging import encode_cursor

    headers = session_headers(registry_officer)
    for cursor in ["not-a-cursor", encode_cursor("next", {"pk": "CASE#DAC-912345-2026", "sk": "CASE"})]:
        response = portal.http.get(f"/api/registry/audit?cursor={cursor}", headers=headers)
        assert response.status_code == 422, response.body
        assert json.loads(response.body)["fields"][0]["field"] == "cursor"
