"""Law-firm accounts through the HTTP API and pages, against moto: the registry registers a firm
and its administrator; the administrator creates and deactivates counsel and paralegal accounts."""

import json
from urllib.parse import urlencode

import boto3
import pytest

from chalicelib.domain.clock import singapore_date, utc_now
from chalicelib.store import audit
from tests.fixtures.portal import (
    accused_principal,
    create_case,
    firm_principal,
    json_headers,
    new_case_payload,
    session_headers,
    signed_in,
)

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
NEW_UEN = "201912345K"
NEW_ADMIN_NRIC = "S7712345H"
NEW_COUNSEL_NRIC = "T0123456G"
NEW_PARALEGAL_NRIC = "S9001234G"
FULL_NRICS = ("S8116474F", "S8723211E", "S5062854Z", NEW_ADMIN_NRIC, NEW_COUNSEL_NRIC, NEW_PARALEGAL_NRIC)


def _items(aws):
    """Every item in the table (a Scan: test fixtures only), for proving nothing was written."""
    table = boto3.resource("dynamodb", endpoint_url=aws, region_name="ap-southeast-1").Table("icms-dev")
    bookkeeping = ("SESSION#", "STAFF", "AUDIT#")
    return sorted((i["pk"], i["sk"], i.get("active")) for i in table.scan()["Items"]
                  if not i["pk"].startswith(bookkeeping))


def _body(response):
    return json.loads(response.body)


def _audit_today():
    return audit.on_day(singapore_date(utc_now()))


def _assert_no_full_nric(text: str) -> None:
    for nric in FULL_NRICS:
        assert nric not in text


def _new_firm(**overrides) -> dict:
    payload = {
        "uen": NEW_UEN,
        "name": "Ong & Partners LLC",
        "administrator": {"nric": NEW_ADMIN_NRIC, "name": "Ong Bee Hoon", "email": "beehoon@ong.example.sg"},
    }
    payload.update(overrides)
    return payload


def _register(portal, officer, payload):
    return portal.http.post("/api/registry/firms", headers=json_headers(officer), body=json.dumps(payload))


def _new_member(nric=NEW_COUNSEL_NRIC, name="Rajesh Kumar", role="counsel", email="rajesh@tanlim.example.sg"):
    return {"nric": nric, "name": name, "email": email, "role": role}


def _admin(law_firm):
    return firm_principal(law_firm, "admin")


def _create_json(portal, principal, payload):
    return portal.http.post("/api/firm/members", headers=json_headers(principal), body=json.dumps(payload))


def _form_post(portal, headers, path, fields: dict):
    return portal.http.post(path, headers={**FORM, **headers}, body=urlencode(fields))


# --- the registry registers firms ----------------------------------------------------------------


def test_the_registry_registers_a_firm_with_its_administrator(portal, registry_officer, aws):
    response = _register(portal, registry_officer, _new_firm(uen=" 201912345k "))
    assert response.status_code == 201, response.body
    created = _body(response)
    assert created["uen"] == NEW_UEN and created["name"] == "Ong & Partners LLC" and created["active"]
    administrator = created["administrator"]
    assert administrator["nric_masked"] == "S****345H"
    assert administrator["role"] == "firm_admin" and administrator["active"]
    _assert_no_full_nric(response.body.decode())

    read = portal.http.get(f"/api/registry/firms/{NEW_UEN}", headers=json_headers(registry_officer))
    assert read.status_code == 200
    assert [(m["name"], m["nric_masked"], m["role"]) for m in _body(read)["members"]] == [
        ("Ong Bee Hoon", "S****345H", "firm_admin")]
    _assert_no_full_nric(read.body.decode())

    entries = [(e.action.value, e.target, e.actor_name) for e in reversed(_audit_today())]
    assert entries == [
        ("firm_registered", NEW_UEN, "Registry Officer Tan"),
        ("account_created", administrator["member_id"], "Registry Officer Tan"),
    ]
    assert not any(NEW_ADMIN_NRIC in (e.detail or "") + (e.target or "") for e in _audit_today())


def test_a_uen_already_registered_is_409_and_writes_nothing(portal, registry_officer, law_firm, aws):
    before = _items(aws)
    response = _register(portal, registry_officer, _new_firm(uen=law_firm["uen"]))
    assert response.status_code == 409
    body = _body(response)
    assert "already registered" in body["message"] and body["fields"][0]["field"] == "uen"
    assert _items(aws) == before
    assert not [e for e in _audit_today() if e.action.value in ("firm_registered", "account_created")]


@pytest.mark.parametrize(
    "mutate, field",
    [
        (lambda p: p.update(uen="12345"), "uen"),
        (lambda p: p.pop("name"), "name"),
        (lambda p: p.pop("administrator"), "administrator"),
        (lambda p: p["administrator"].update(nric="S7712345A"), "administrator.nric"),
        (lambda p: p["administrator"].pop("name"), "administrator.name"),
        (lambda p: p["administrator"].update(email="not-an-email"), "administrator.email"),
        (lambda p: p["administrator"].update(role="counsel"), "administrator.role"),
        (lambda p: p.update(active=False), "active"),
    ],
)
def test_bad_firm_registrations_are_422_naming_the_field(portal, registry_officer, aws, mutate, field):
    payload = _new_firm()
    mutate(payload)
    response = _register(portal, registry_officer, payload)
    assert response.status_code == 422, response.body
    assert any(f["field"] == field for f in _body(response)["fields"]), response.body
    assert _items(aws) == []


def test_only_the_registry_registers_and_reads_firms(portal, law_firm):
    payload = json.dumps(_new_firm())
    anonymous = portal.http.post("/api/registry/firms", headers={"Content-Type": "application/json"}, body=payload)
    assert anonymous.status_code == 401
    for principal in (_admin(law_firm), firm_principal(law_firm, "counsel"), accused_principal("S8979373D")):
        assert portal.http.post("/api/registry/firms", headers=json_headers(principal), body=payload).status_code == 403
        assert portal.http.get(f"/api/registry/firms/{law_firm['uen']}",
                               headers=json_headers(principal)).status_code == 403


def test_reading_an_unknown_or_malformed_uen(portal, registry_officer):
    unknown = portal.http.get(f"/api/registry/firms/{NEW_UEN}", headers=json_headers(registry_officer))
    assert unknown.status_code == 404 and NEW_UEN in _body(unknown)["message"]
    malformed = portal.http.get("/api/registry/firms/not-a-uen", headers=json_headers(registry_officer))
    assert malformed.status_code == 422 and _body(malformed)["fields"][0]["field"] == "uen"


# --- the administrator's JSON API ----------------------------------------------------------------


def test_the_administrator_lists_the_firm_with_masked_nrics(portal, law_firm):
    response = portal.http.get("/api/firm/members", headers=json_headers(_admin(law_firm)))
    assert response.status_code == 200
    body = _body(response)
    assert body["uen"] == law_firm["uen"]
    assert [(m["name"], m["nric_masked"], m["role"], m["active"]) for m in body["members"]] == [
        ("Tan Kok Wah", "S****474F", "firm_admin", True),
        ("Lim Wei Ling", "S****211E", "counsel", True),
        ("Nur Aisyah", "S****854Z", "paralegal", True),
    ]
    _assert_no_full_nric(response.body.decode())


def test_created_counsel_can_be_put_on_record_by_the_registry(portal, law_firm, registry_officer):
    admin = _admin(law_firm)
    response = _create_json(portal, admin, _new_member(nric=" t0123456g "))
    assert response.status_code == 201, response.body
    created = _body(response)
    assert created["nric_masked"] == "T****456G" and created["role"] == "counsel" and created["active"]
    _assert_no_full_nric(response.body.decode())

    create_case(portal, registry_officer, new_case_payload())
    recorded = portal.http.put("/api/registry/cases/DAC-912345-2026/representation",
                               headers=json_headers(registry_officer),
                               body=json.dumps({"firm_uen": law_firm["uen"],
                                                "counsel_member_ids": [created["member_id"]]}))
    assert recorded.status_code == 201, recorded.body
    assert _body(recorded)["counsel"] == ["Rajesh Kumar"]

    [entry] = [e for e in _audit_today() if e.action.value == "account_created"]
    assert (entry.actor_id, entry.actor_role, entry.target) == (admin.subject_id, "firm_admin", created["member_id"])
    assert "Rajesh Kumar" in entry.detail and NEW_COUNSEL_NRIC not in entry.detail


@pytest.mark.parametrize("role", ["firm_admin", "registry", "accused", "judge"])
def test_the_administrator_creates_only_counsel_and_paralegals(portal, law_firm, aws, role):
    before = _items(aws)
    response = _create_json(portal, _admin(law_firm), _new_member(role=role))
    assert response.status_code == 422
    [problem] = _body(response)["fields"]
    assert problem["field"] == "role" and "counsel or paralegal" in problem["message"]
    assert _items(aws) == before


@pytest.mark.parametrize(
    "change, field",
    [
        ({"nric": "S1234567A"}, "nric"),
        ({"email": "rajesh-at-tanlim"}, "email"),
        ({"name": "   "}, "name"),
        ({"firm_uen": "201912345K"}, "firm_uen"),  # the firm is always the administrator's own
    ],
)
def test_bad_new_members_are_422_naming_the_field(portal, law_firm, aws, change, field):
    before = _items(aws)
    response = _create_json(portal, _admin(law_firm), {**_new_member(), **change})
    assert response.status_code == 422
    assert [f["field"] for f in _body(response)["fields"]] == [field]
    assert _items(aws) == before


def test_a_person_with_an_account_in_the_firm_is_not_added_twice(portal, law_firm, aws):
    before = _items(aws)
    response = _create_json(portal, _admin(law_firm), _new_member(nric="S8723211E"))
    assert response.status_code == 409 and _body(response)["fields"][0]["field"] == "nric"
    assert _items(aws) == before


def test_a_deactivated_counsel_is_signed_out_on_the_next_request(portal, law_firm):
    admin = _admin(law_firm)
    counsel_headers, _ = signed_in(firm_principal(law_firm, "counsel"))
    assert portal.http.get("/api/cases", headers=counsel_headers).status_code == 200

    path = f"/api/firm/members/{law_firm['counsel_id']}/deactivate"
    response = portal.http.post(path, headers=json_headers(admin))
    assert response.status_code == 200, response.body
    assert _body(response)["active"] is False and _body(response)["name"] == "Lim Wei Ling"
    assert portal.http.get("/api/cases", headers=counsel_headers).status_code == 401
    assert portal.http.get("/cases", headers=counsel_headers).status_code == 303  # to sign-in

    again = portal.http.post(path, headers=json_headers(admin))
    assert again.status_code == 409 and "already deactivated" in _body(again)["message"]

    [entry] = [e for e in _audit_today() if e.action.value == "account_deactivated"]
    assert (entry.actor_id, entry.target) == (admin.subject_id, law_firm["counsel_id"])
    assert "Lim Wei Ling" in entry.detail and "S8723211E" not in entry.detail


def test_the_administrator_cannot_deactivate_themself(portal, law_firm, aws):
    before = _items(aws)
    response = portal.http.post(f"/api/firm/members/{law_firm['admin_id']}/deactivate",
                                headers=json_headers(_admin(law_firm)))
    assert response.status_code == 422
    assert "cannot deactivate your own account" in _body(response)["message"]
    assert _items(aws) == before


def test_members_of_another_firm_are_not_found(portal, law_firm, registry_officer, aws):
    other = _body(_register(portal, registry_officer, _new_firm()))
    other_admin_id = other["administrator"]["member_id"]
    before = _items(aws)
    admin = _admin(law_firm)
    for member_id in (other_admin_id, "no-such-member", "x" * 300):
        response = portal.http.post(f"/api/firm/members/{member_id}/deactivate", headers=json_headers(admin))
        assert response.status_code == 404, (member_id, response.body)
    assert _items(aws) == before


def test_another_administrator_cannot_be_deactivated_by_the_firm(portal, law_firm, aws):
    from chalicelib.domain.firms import FirmMember
    from chalicelib.domain.principals import Role
    from chalicelib.services.intake import person_id_for
    from chalicelib.domain.clock import utc_now
    from chalicelib.store import firms
    from chalicelib.store.unit_of_work import UnitOfWork

    second = FirmMember(member_id=person_id_for("G1234567X"), firm_uen=law_firm["uen"], nric="G1234567X",
                        name="Second Admin", role=Role.FIRM_ADMIN)
    write = UnitOfWork(None, utc_now())
    firms.add_member_in(write, second)
    write.commit()
    response = portal.http.post(f"/api/firm/members/{second.member_id}/deactivate",
                                headers=json_headers(_admin(law_firm)))
    assert response.status_code == 422 and "only counsel and paralegal" in _body(response)["message"]


@pytest.mark.parametrize("key", ["counsel", "paralegal"])
def test_counsel_and_paralegals_cannot_manage_accounts(portal, law_firm, aws, key):
    principal = firm_principal(law_firm, key)
    headers, csrf = signed_in(principal)
    before = _items(aws)
    json_calls = [
        portal.http.get("/api/firm/members", headers=headers),
        portal.http.post("/api/firm/members", headers={**headers, "Content-Type": "application/json"},
                         body=json.dumps(_new_member(nric=NEW_PARALEGAL_NRIC))),
        portal.http.post(f"/api/firm/members/{law_firm['paralegal_id']}/deactivate",
                         headers={**headers, "Content-Type": "application/json"}),
    ]
    page_calls = [
        portal.http.get("/firm/members", headers=headers),
        _form_post(portal, headers, "/firm/members", {**_new_member(nric=NEW_PARALEGAL_NRIC), "csrf_token": csrf}),
        _form_post(portal, headers, f"/firm/members/{law_firm['paralegal_id']}/deactivate", {"csrf_token": csrf}),
    ]
    assert [r.status_code for r in json_calls + page_calls] == [403] * 6
    assert _items(aws) == before
    assert "Firm accounts" not in portal.http.get("/cases", headers=headers).body.decode()


def test_anonymous_callers_are_sent_to_sign_in(portal):
    assert portal.http.get("/api/firm/members").status_code == 401
    page = portal.http.get("/firm/members")
    assert page.status_code == 303 and page.headers["Location"].startswith("/sign-in")


# --- the administrator's pages -------------------------------------------------------------------


def test_the_members_page_shows_masked_nrics_the_rule_and_deactivate_buttons(portal, law_firm):
    response = portal.http.get("/firm/members", headers=session_headers(_admin(law_firm)))
    assert response.status_code == 200
    html = response.body.decode()
    assert 'href="/firm/members">Firm accounts</a>' in html
    for masked in ("S****474F", "S****211E", "S****854Z"):
        assert masked in html
    _assert_no_full_nric(html)
    assert "Paralegals prepare drafts; counsel of the firm on record submit them." in html
    assert f'href="/firm/members/{law_firm["counsel_id"]}/deactivate"' in html
    assert f'href="/firm/members/{law_firm["paralegal_id"]}/deactivate"' in html
    assert f'/firm/members/{law_firm["admin_id"]}/deactivate"' not in html
    assert 'name="csrf_token"' in html
    assert "style=" not in html and "<script" not in html  # the CSP allows neither


def test_adding_a_member_through_the_form(portal, law_firm):
    headers, csrf = signed_in(_admin(law_firm))
    response = _form_post(portal, headers, "/firm/members", {
        **_new_member(nric=NEW_PARALEGAL_NRIC, name="Chua Mei Xin", role="paralegal",
                      email="meixin@tanlim.example.sg"),
        "csrf_token": csrf,
    })
    assert response.status_code == 303, response.body
    location = response.headers["Location"]
    assert location.startswith("/firm/members?added=")
    html = portal.http.get(location, headers=headers).body.decode()
    assert "Chua Mei Xin now has a paralegal account" in html
    assert "S****234G" in html
    _assert_no_full_nric(html)
    assert any(e.action.value == "account_created" and e.target == location.rsplit("=", 1)[1]
               for e in _audit_today())


def test_form_errors_are_shown_beside_the_fields_with_the_values_kept(portal, law_firm, aws):
    headers, csrf = signed_in(_admin(law_firm))
    before = _items(aws)
    response = _form_post(portal, headers, "/firm/members", {
        "nric": "S1234567A", "name": "", "email": "rajesh@tanlim.example.sg", "role": "firm_admin",
        "csrf_token": csrf,
    })
    assert response.status_code == 422
    html = response.body.decode()
    assert "The account was not created." in html
    # Sentences that name the field in words and say what to do, not the API's field names.
    assert 'id="member-nric-error">The NRIC/FIN is not a valid NRIC/FIN' in html
    assert "for example S1234567D." in html
    assert 'id="member-name-error">Enter the full name.</p>' in html
    assert 'id="member-role-error">The role must be counsel or paralegal' in html
    assert "nric:" not in html and "String should" not in html
    assert 'value="rajesh@tanlim.example.sg"' in html and 'value="S1234567A"' in html
    assert "member-email-error" not in html
    assert _items(aws) == before


def test_a_duplicate_person_is_shown_on_the_form(portal, law_firm, aws):
    headers, csrf = signed_in(_admin(law_firm))
    response = _form_post(portal, headers, "/firm/members",
                          {**_new_member(nric="S8723211E"), "csrf_token": csrf})
    assert response.status_code == 409
    assert "already has an account in the firm" in response.body.decode()


def test_deactivating_through_the_form(portal, law_firm):
    headers, csrf = signed_in(_admin(law_firm))
    paralegal_headers = session_headers(firm_principal(law_firm, "paralegal"))
    response = _form_post(portal, headers, f"/firm/members/{law_firm['paralegal_id']}/deactivate",
                          {"csrf_token": csrf})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/firm/members?deactivated={law_firm['paralegal_id']}"
    html = portal.http.get(response.headers["Location"], headers=headers).body.decode()
    assert "Nur Aisyah's account is deactivated" in html
    assert "Deactivated</span>" in html
    assert f'href="/firm/members/{law_firm["paralegal_id"]}/deactivate"' not in html
    assert portal.http.get("/api/cases", headers=paralegal_headers).status_code == 401


def test_deactivating_asks_first_naming_the_person_and_changes_nothing_until_confirmed(portal, law_firm, aws):
    headers, _ = signed_in(_admin(law_firm))
    before = _items(aws)
    response = portal.http.get(f"/firm/members/{law_firm['paralegal_id']}/deactivate", headers=headers)
    assert response.status_code == 200
    html = response.body.decode()
    assert "Deactivate Nur Aisyah's account?" in html
    assert f'<form method="post" action="/firm/members/{law_firm["paralegal_id"]}/deactivate"' in html
    assert 'name="csrf_token"' in html and 'href="/firm/members">Cancel, keep the account</a>' in html
    _assert_no_full_nric(html)
    assert _items(aws) == before


def test_the_confirmation_page_applies_the_same_rules_as_deactivating(portal, law_firm):
    headers, csrf = signed_in(_admin(law_firm))
    own = portal.http.get(f"/firm/members/{law_firm['admin_id']}/deactivate", headers=headers)
    assert own.status_code == 422 and "cannot deactivate your own account" in own.body.decode()
    foreign = portal.http.get("/firm/members/0123456789abcdef0123456789abcdef/deactivate", headers=headers)
    assert foreign.status_code == 404
    _form_post(portal, headers, f"/firm/members/{law_firm['paralegal_id']}/deactivate", {"csrf_token": csrf})
    again = portal.http.get(f"/firm/members/{law_firm['paralegal_id']}/deactivate", headers=headers)
    assert again.status_code == 409 and "already deactivated" in again.body.decode()


def test_form_posts_without_the_csrf_token_are_refused(portal, law_firm, aws):
    headers, _ = signed_in(_admin(law_firm))
    before = _items(aws)
    created = _form_post(portal, headers, "/firm/members", _new_member())
    deactivated = _form_post(portal, headers, f"/firm/members/{law_firm['counsel_id']}/deactivate", {})
    forged = _form_post(portal, headers, f"/firm/members/{law_firm['counsel_id']}/deactivate",
                        {"csrf_token": "guessed"})
    assert [r.status_code for r in (created, deactivated, forged)] == [403, 403, 403]
    assert _items(aws) == before


def test_self_and_foreign_deactivation_through_the_form(portal, law_firm, aws):
    headers, csrf = signed_in(_admin(law_firm))
    own = _form_post(portal, headers, f"/firm/members/{law_firm['admin_id']}/deactivate", {"csrf_token": csrf})
    assert own.status_code == 422 and "cannot deactivate your own account" in own.body.decode()
    foreign = _form_post(portal, headers, "/firm/members/0123456789abcdef0123456789abcdef/deactivate",
                         {"csrf_token": csrf})
    assert foreign.status_code == 404


def test_the_audit_entry_records_the_address_of_the_administrator(portal, law_firm):
    headers = {**json_headers(_admin(law_firm)), "CloudFront-Viewer-Address": "203.0.113.7:50123"}
    response = portal.http.post(f"/api/firm/members/{law_firm['paralegal_id']}/deactivate", headers=headers)
    assert response.status_code == 200
    [entry] = [e for e in _audit_today() if e.action.value == "account_deactivated"]
    assert entry.ip == "203.0.113.7" and entry.actor_name == "Tan Kok Wah"


# --- reactivating an account ---------------------------------------------------------------------


def test_a_deactivated_account_is_reactivated_after_a_confirmation_page_and_audited(portal, law_firm, aws):
    headers, csrf = signed_in(_admin(law_firm))
    paralegal = law_firm["paralegal_id"]
    _form_post(portal, headers, f"/firm/members/{paralegal}/deactivate", {"csrf_token": csrf})
    listing = portal.http.get("/firm/members", headers=headers).body.decode()
    assert f'href="/firm/members/{paralegal}/reactivate"' in listing
    before = _items(aws)
    confirm = portal.http.get(f"/firm/members/{paralegal}/reactivate", headers=headers)
    html = confirm.body.decode()
    assert confirm.status_code == 200 and "Reactivate Nur Aisyah's account?" in html
    assert f'<form method="post" action="/firm/members/{paralegal}/reactivate"' in html and 'name="csrf_token"' in html
    _assert_no_full_nric(html)
    assert _items(aws) == before  # asking changes nothing
    done = _form_post(portal, headers, f"/firm/members/{paralegal}/reactivate", {"csrf_token": csrf})
    assert done.status_code == 303 and done.headers["Location"] == f"/firm/members?reactivated={paralegal}"
    page = portal.http.get(done.headers["Location"], headers=headers).body.decode()
    assert "Nur Aisyah's account is active again" in page
    assert f'href="/firm/members/{paralegal}/deactivate"' in page
    [entry] = [e for e in _audit_today() if e.action.value == "account_reactivated"]
    assert entry.target == paralegal and entry.actor_name == "Tan Kok Wah" and "Nur Aisyah" in entry.detail
    # The person signs in again and sees the firm's cases.
    assert portal.http.get("/api/cases", headers=session_headers(firm_principal(law_firm, "paralegal"))).status_code == 200


def test_reactivation_refuses_active_accounts_administrators_other_firms_and_forms_without_csrf(portal, law_firm, aws):
    headers, csrf = signed_in(_admin(law_firm))
    active = portal.http.get(f"/firm/members/{law_firm['counsel_id']}/reactivate", headers=headers)
    assert active.status_code == 409 and "already active" in active.body.decode()
    own = portal.http.get(f"/firm/members/{law_firm['admin_id']}/reactivate", headers=headers)
    assert own.status_code == 422 and "reactivates only counsel and paralegal accounts" in own.body.decode()
    foreign = _form_post(portal, headers, "/firm/members/0123456789abcdef0123456789abcdef/reactivate",
                         {"csrf_token": csrf})
    assert foreign.status_code == 404
    _form_post(portal, headers, f"/firm/members/{law_firm['paralegal_id']}/deactivate", {"csrf_token": csrf})
    before = _items(aws)
    forged = _form_post(portal, headers, f"/firm/members/{law_firm['paralegal_id']}/reactivate", {})
    counsel_headers, counsel_csrf = signed_in(firm_principal(law_firm, "counsel"))
    by_counsel = _form_post(portal, counsel_headers, f"/firm/members/{law_firm['paralegal_id']}/reactivate",
                            {"csrf_token": counsel_csrf})
    assert (forged.status_code, by_counsel.status_code) == (403, 403)
    assert _items(aws) == before


def test_reactivating_through_json(portal, law_firm):
    admin = _admin(law_firm)
    path = f"/api/firm/members/{law_firm['paralegal_id']}"
    assert portal.http.post(f"{path}/deactivate", headers=json_headers(admin)).status_code == 200
    response = portal.http.post(f"{path}/reactivate", headers=json_headers(admin))
    assert response.status_code == 200 and _body(response)["active"] is True
    again = portal.http.post(f"{path}/reactivate", headers=json_headers(admin))
    assert again.status_code == 409
