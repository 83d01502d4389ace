"""Payment kiosks: each request signed with the kiosk's secret, fresh, used once; no cookies."""

import json
import time

import pytest

from chalicelib.domain.clock import singapore_date, utc_now
from chalicelib.store import audit, kiosks
from tests.fixtures.portal import accused_principal, json_headers, kiosk_headers

STATUS = "/api/kiosk/status"


def _denials():
    return [e.detail for e in audit.on_day(singapore_date(utc_now())) if e.action.value == "access_denied"]


def test_a_registered_kiosk_gets_its_configuration_and_the_courts_clock(portal, kiosk):
    response = portal.http.get(STATUS, headers=kiosk_headers(kiosk, "GET", STATUS))
    assert response.status_code == 200, response.body
    body = json.loads(response.body)
    assert body["kiosk_id"] == "L2-01" and body["location"] == "State Courts, Level 2"
    assert body["payment_methods"] == ["cash", "nets", "nets_flashpay", "credit_card"]
    assert body["refused_card_schemes"] == ["amex"]


@pytest.mark.parametrize(
    "tamper, reason",
    [
        (lambda h: h.pop("X-ICMS-Signature"), "are all required"),
        (lambda h: h.update({"X-ICMS-Signature": "A" * 43}), "signature does not match"),
        (lambda h: h.update({"X-ICMS-Kiosk": "L9-99"}), "not registered"),
    ],
)
def test_a_request_that_is_not_properly_signed_is_refused_and_audited(portal, kiosk, tamper, reason):
    headers = kiosk_headers(kiosk, "GET", STATUS)
    tamper(headers)
    response = portal.http.get(STATUS, headers=headers)
    assert response.status_code == 401 and reason in json.loads(response.body)["message"]
    assert any(reason in d for d in _denials())


def test_a_request_signed_for_another_path_or_query_does_not_pass(portal, kiosk):
    headers = kiosk_headers(kiosk, "GET", "/api/kiosk/something-else")
    assert portal.http.get(STATUS, headers=headers).status_code == 401
    headers = kiosk_headers(kiosk, "GET", STATUS, query={"advice": "PA-1"})
    assert portal.http.get(STATUS + "?advice=PA-2", headers=headers).status_code == 401
    assert portal.http.get(STATUS + "?advice=PA-1", headers=headers).status_code == 200


def test_a_replayed_or_stale_request_is_refused(portal, kiosk):
    headers = kiosk_headers(kiosk, "GET", STATUS)
    assert portal.http.get(STATUS, headers=headers).status_code == 200
    replay = portal.http.get(STATUS, headers=headers)
    assert replay.status_code == 401 and "already used" in json.loads(replay.body)["message"]
    stale = kiosk_headers(kiosk, "GET", STATUS, timestamp=int(time.time()) - 600)
    assert portal.http.get(STATUS, headers=stale).status_code == 401


def test_a_deactivated_kiosk_is_refused(portal, kiosk):
    kiosks.deactivate(kiosk)
    response = portal.http.get(STATUS, headers=kiosk_headers(kiosk, "GET", STATUS))
    assert response.status_code == 401 and "deactivated" in json.loads(response.body)["message"]


def test_people_cannot_use_kiosk_routes_and_kiosks_cannot_use_peoples(portal, kiosk):
    assert portal.http.get(STATUS, headers=json_headers(accused_principal("S8979373D"))).status_code == 401
    signed = kiosk_headers(kiosk, "GET", "/api/cases")
    assert portal.http.get("/api/cases", headers=signed).status_code == 401
