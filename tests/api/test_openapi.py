"""The OpenAPI contract: generated, complete, served, readable."""

from __future__ import annotations

import json

import app
from chalicelib.web.not_found import CATCH_ALL
from chalicelib.web.openapi import build, document, error_statuses
from chalicelib.web.routing import declared_routes

ROUTES = declared_routes()


def missing_from_contract(routes, contract: dict) -> list[str]:
    """JSON routes (method and path) the contract does not describe."""
    return [f"{method} {spec.path}" for spec in routes if spec.kind == "api" for method in spec.methods
            if method.lower() not in contract["paths"].get(spec.path, {})]


def test_every_json_route_is_in_the_contract():
    assert missing_from_contract(ROUTES, document()) == []


def test_the_completeness_check_fails_when_a_json_route_is_missing():
    without_one = [spec for spec in ROUTES if spec.name != "create_case"]
    assert missing_from_contract(ROUTES, build(without_one)) == ["POST /api/registry/cases"]


def test_every_route_the_app_serves_is_declared_in_the_route_table():
    declared = {(spec.path, method) for spec in ROUTES for method in spec.methods}
    served = {(path, method) for path, methods in app.app.routes.items() for method in methods if path != CATCH_ALL}
    assert served == declared


def test_each_operation_names_its_roles_and_error_answers():
    contract = document()
    create = contract["paths"]["/api/registry/cases"]["post"]
    assert create["x-roles"] == ["registry"] and "registry officer" in create["description"].lower()
    assert set(create["responses"]) == {"201", "400", "401", "403", "409", "413", "415", "422"}
    assert create["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/NewCase"}
    assert create["security"] == [{"session": []}]
    kiosk = contract["paths"]["/api/kiosk/status"]["get"]
    assert kiosk["security"] == [{"kiosk_signature": []}] and "403" not in kiosk["responses"]
    assert contract["paths"]["/.well-known/jwks.json"]["get"]["security"] == []
    for path, methods in contract["paths"].items():
        for operation in methods.values():
            refused = [s for s in operation["responses"] if s >= "400"]
            assert all(operation["responses"][s]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
                       for s in refused), path


def test_error_statuses_follow_the_route_shape():
    by_name = {spec.name: spec for spec in ROUTES}
    assert error_statuses(by_name["public_keys"]) == [415]
    assert error_statuses(by_name["case_json"]) == [401, 403, 404, 415]
    assert error_statuses(by_name["audit_log_json"]) == [401, 403, 415, 422]


def test_the_contract_is_served_and_is_openapi_31(portal):
    import schemathesis

    response = portal.http.get("/api/openapi.json")
    assert response.status_code == 200
    served = json.loads(response.body)
    assert served == json.loads(json.dumps(document()))
    assert served["openapi"] == "3.1.0"
    loaded = schemathesis.openapi.from_dict(served)
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) == sum(len(spec.methods) for spec in ROUTES if spec.kind == "api")


def test_the_docs_page_shows_every_route_with_its_roles(portal):
    response = portal.http.get("/docs/api")
    assert response.status_code == 200
    page = response.body.decode()
    for spec in ROUTES:
        if spec.kind == "api":
            for method in spec.methods:
                assert f"{method} {spec.path}" in page
    assert "Roles: registry officer" in page and "ErrorOut" in page
    assert "<script" not in page  # the CSP allows no inline script, and no CDN


def test_request_headers_are_in_the_contract_with_their_refusals():
    contract = document()
    create = contract["paths"]["/api/cases/{case_no}/filings"]["post"]
    header = next(p for p in create["parameters"] if p["in"] == "header")
    assert (header["name"], header["required"]) == ("Idempotency-Key", True)
    assert header["schema"]["pattern"] == "^[A-Za-z0-9_.:-]{8,100}$"
    assert {"400", "422"} <= set(create["responses"]) and create["responses"]["201"]
    submit = contract["paths"]["/api/cases/{case_no}/filings/{filing_id}/submit"]["post"]
    assert [(p["name"], p["required"]) for p in submit["parameters"] if p["in"] == "header"] == [
        ("Idempotency-Key", False)]
    assert "400" not in submit["responses"]  # no body and no required header: nothing malformed to send
    by_name = {spec.name: spec for spec in ROUTES}
    assert error_statuses(by_name["create_filing_json"]) == [400, 401, 403, 404, 409, 413, 415, 422]


def test_filing_paths_and_the_review_queue_declare_their_inputs():
    contract = document()
    filing = contract["paths"]["/api/cases/{case_no}/filings/{filing_id}"]["get"]
    patterns = {p["name"]: p["schema"].get("pattern") for p in filing["parameters"] if p["in"] == "path"}
    assert patterns["filing_id"].startswith("^(APP|DOC)-") and patterns["case_no"].startswith("^(DAC|MAC|SC|YAC)")
    queue = contract["paths"]["/api/registry/filings"]["get"]
    assert {p["name"] for p in queue["parameters"]} == {"court", "type", "cursor", "limit"}
    assert "422" in queue["responses"]


def test_the_signed_routes_say_how_they_authenticate():
    """The card gateway's webhook and the kiosks hold no session: each says how it is signed."""
    contract = document()
    webhook = contract["paths"]["/webhooks/card-gateway"]["post"]
    assert webhook["security"] == [{"gateway_signature": []}] and webhook["x-roles"] == []
    assert "card gateway only" in webhook["description"]
    assert [(p["name"], p["in"], p["required"]) for p in webhook["parameters"]] == [("Stripe-Signature", "header", True)]
    assert webhook["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/GatewayEventIn")
    assert {"200", "400", "409", "503"} <= set(webhook["responses"]) and "401" not in webhook["responses"]
    scheme = contract["components"]["securitySchemes"]["gateway_signature"]
    assert (scheme["in"], scheme["name"]) == ("header", "Stripe-Signature") and "five minutes" in scheme["description"]
    for path, method in (("/api/kiosk/advices/{reference}", "get"), ("/api/kiosk/payments", "post")):
        operation = contract["paths"][path][method]
        assert operation["security"] == [{"kiosk_signature": []}] and "401" in operation["responses"], path
    assert "403" not in contract["paths"]["/api/kiosk/advices/{reference}"]["get"]["responses"]  # no role to refuse
    pay = contract["paths"]["/api/kiosk/payments"]["post"]
    assert set(pay["responses"]) >= {"201", "409", "422"} and "200" not in pay["responses"]
    receipt = contract["paths"]["/api/cases/{case_no}/receipts/{receipt_no}"]["get"]
    pattern = next(p["schema"]["pattern"] for p in receipt["parameters"] if p["name"] == "receipt_no")
    assert pattern.startswith("^R[0-9]{6}-")
