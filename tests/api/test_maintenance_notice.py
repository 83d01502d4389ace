"""The registry's maintenance notice: put up through a form, shown on every page (signed in or
not, error pages too), written with its audit entry in one transaction, guarded by revision."""

from datetime import timedelta
from urllib.parse import urlencode

from chalicelib.domain.clock import in_singapore, singapore_date, utc_now
from chalicelib.store import audit
from tests.fixtures.portal import accused_principal, session_headers, signed_in

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _window(days=2, hours=4):
    starts = in_singapore(utc_now() + timedelta(days=days)).replace(hour=22, minute=0, second=0, microsecond=0)
    return starts, {"message": "Sign-in and case pages will not work.", "starts_at": f"{starts:%Y-%m-%dT%H:%M}",
                    "ends_at": f"{starts + timedelta(hours=hours):%Y-%m-%dT%H:%M}"}


def _post(portal, headers, csrf, path, fields):
    return portal.http.post(path, headers={**FORM, **headers}, body=urlencode({**fields, "csrf_token": csrf}))


def test_a_notice_put_up_shows_on_every_page_and_is_audited(portal, registry_officer):
    headers, csrf = signed_in(registry_officer)
    starts, fields = _window()
    response = _post(portal, headers, csrf, "/registry/maintenance", {**fields, "revision": "0"})
    assert response.status_code == 303 and response.headers["Location"] == "/registry/maintenance?saved=set"

    expected_from = f"{starts:%a}, {starts.day} {starts:%b %Y}, 10.00pm"
    accused = session_headers(accused_principal("S8979373D"))
    for path, caller in (("/", {}), ("/help", {}), ("/cases", accused), ("/cases/DAC-000000-2026", accused)):
        html = portal.http.get(path, headers=caller).body.decode()
        assert "Planned maintenance: ICMS will not be available from " + expected_from in html, path
        assert "Sign-in and case pages will not work." in html and "attend court as scheduled" in html

    [entry] = [e for e in audit.on_day(singapore_date(utc_now())) if e.action.value == "maintenance_notice_set"]
    assert entry.actor_name == "Registry Officer Tan" and "Sign-in and case pages" in entry.detail

    page = portal.http.get("/registry/maintenance", headers=headers).body.decode()
    assert "Take the notice down now" in page and 'name="revision" value="1"' in page


def test_taking_the_notice_down_removes_it_from_pages(portal, registry_officer):
    headers, csrf = signed_in(registry_officer)
    _post(portal, headers, csrf, "/registry/maintenance", {**_window()[1], "revision": "0"})
    down = _post(portal, headers, csrf, "/registry/maintenance/remove", {"revision": "1"})
    assert down.status_code == 303
    assert "Planned maintenance" not in portal.http.get("/").body.decode()
    actions = [e.action.value for e in audit.on_day(singapore_date(utc_now()))]
    assert "maintenance_notice_removed" in actions
    again = _post(portal, headers, csrf, "/registry/maintenance/remove", {"revision": "2"})
    assert again.status_code == 409 and "no maintenance notice showing" in again.body.decode()


def test_an_officer_working_from_a_stale_page_is_told_and_nothing_is_overwritten(portal, registry_officer, aws):
    headers, csrf = signed_in(registry_officer)
    _post(portal, headers, csrf, "/registry/maintenance", {**_window()[1], "revision": "0"})
    stale = _post(portal, headers, csrf, "/registry/maintenance",
                  {**_window(days=3)[1], "message": "Something else.", "revision": "0"})
    assert stale.status_code == 409 and "changed by someone else" in stale.body.decode()
    assert "Something else." not in portal.http.get("/").body.decode()
    audited = [e for e in audit.on_day(singapore_date(utc_now())) if e.action.value == "maintenance_notice_set"]
    assert len(audited) == 1  # the refused change wrote no audit entry either


def test_mistakes_in_the_form_are_sentences_beside_their_fields(portal, registry_officer):
    headers, csrf = signed_in(registry_officer)
    starts, fields = _window()
    response = _post(portal, headers, csrf, "/registry/maintenance",
                     {"message": "", "starts_at": fields["starts_at"], "ends_at": f"{starts:%Y-%m-%dT}21:00",
                      "revision": "0"})
    assert response.status_code == 422
    html = response.body.decode()
    assert 'id="maintenance-message-error">Enter the message.</p>' in html
    assert portal.http.get("/").body.decode().count("Planned maintenance") == 0
    response = _post(portal, headers, csrf, "/registry/maintenance", {**fields, "ends_at": f"{starts:%Y-%m-%dT}21:00",
                                                                     "revision": "0"})
    assert response.status_code == 422
    assert 'id="maintenance-ends_at-error">The end of the window must be after its start.</p>' in response.body.decode()
    bad_time = _post(portal, headers, csrf, "/registry/maintenance", {**fields, "starts_at": "tomorrow night",
                                                                      "revision": "0"})
    assert "The start of the window is not a date and time ICMS can read." in bad_time.body.decode()


def test_a_window_under_way_says_so(portal, registry_officer):
    headers, csrf = signed_in(registry_officer)
    now = in_singapore(utc_now())
    fields = {"message": "Filing is paused.", "starts_at": f"{now - timedelta(minutes=5):%Y-%m-%dT%H:%M}",
              "ends_at": f"{now + timedelta(hours=1):%Y-%m-%dT%H:%M}", "revision": "0"}
    assert _post(portal, headers, csrf, "/registry/maintenance", fields).status_code == 303
    assert "Maintenance under way: ICMS may not be available until" in portal.http.get("/").body.decode()
