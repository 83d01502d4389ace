"""The round-trip counter behind ``make bench`` counts each AWS request exactly once, whichever
client sends it and whenever that client was created."""

from __future__ import annotations

import json
import os
from collections import Counter

import boto3
import pytest

from tests.fixtures.portal import accused_principal, create_case, json_headers, new_case_payload

REGION = "ap-southeast-1"
FIRM_UEN = "201912345K"


@pytest.fixture
def counter(aws):
    from bench.counter import RoundTripCounter

    counter = RoundTripCounter()
    counter.install()
    counter.attach_app_clients()
    yield counter
    counter.uninstall()


def fresh_dynamodb_client():
    """A client on a botocore session of its own, as PynamoDB makes one per connection."""
    return boto3.session.Session().client("dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL"], region_name=REGION)


def get_missing_item(client) -> None:
    client.get_item(TableName=os.environ["ICMS_TABLE_NAME"], Key={"pk": {"S": "NOTHING"}, "sk": {"S": "HERE"}})


def register_firm() -> None:
    from chalicelib.domain.firms import Firm, FirmMember
    from chalicelib.domain.principals import Role
    from tests.fixtures.portal import put_firm

    put_firm(
        Firm(uen=FIRM_UEN, name="Lim & Tan LLP"),
        FirmMember(member_id="m-admin", firm_uen=FIRM_UEN, nric="S8979373D", name="Lim Mei Ling", role=Role.FIRM_ADMIN),
    )


def test_one_get_item_is_counted_as_exactly_one_round_trip(counter):
    from chalicelib.store import firms

    register_firm()
    with counter.measure() as tally:
        assert firms.get_firm(FIRM_UEN) is not None
    assert tally.operations("dynamodb") == Counter({"GetItem": 1})
    assert tally.total("dynamodb") == 1
    assert tally.services() == {"dynamodb"}
    assert tally.retries == 0


def test_a_guarded_write_is_one_transact_write_items(counter):
    with counter.measure() as tally:
        register_firm()
    assert tally.operations("dynamodb") == Counter({"TransactWriteItems": 1})


def test_the_case_page_is_one_query(counter, portal, registry_officer):
    from chalicelib.store import cases

    create_case(portal, registry_officer, new_case_payload())
    with counter.measure() as tally:
        assert cases.get_case("DAC-912345-2026") is not None
    assert tally.operations("dynamodb") == Counter({"Query": 1})


def test_boto3_clients_are_counted_under_their_own_service(counter):
    from chalicelib.aws import client, queue_url

    url = queue_url(os.environ["ICMS_NOTIFICATIONS_QUEUE"])
    with counter.measure() as tally:
        client("sqs").send_message(QueueUrl=url, MessageBody="{}")
    assert tally.operations("sqs") == Counter({"SendMessage": 1})
    assert tally.total("dynamodb") == 0


def test_a_client_created_after_install_is_counted_without_attaching(counter):
    dynamodb = fresh_dynamodb_client()
    with counter.measure() as tally:
        get_missing_item(dynamodb)
    assert tally.operations("dynamodb") == Counter({"GetItem": 1})


def test_a_client_reached_both_ways_counts_each_request_once(counter):
    dynamodb = fresh_dynamodb_client()
    counter.attach(dynamodb)
    counter.attach(dynamodb)
    with counter.measure() as tally:
        get_missing_item(dynamodb)
    assert tally.total("dynamodb") == 1


def test_a_client_created_before_install_is_counted_once_attached(aws):
    from bench.counter import RoundTripCounter

    dynamodb = fresh_dynamodb_client()
    counter = RoundTripCounter()
    counter.install()
    try:
        with counter.measure() as unattached:
            get_missing_item(dynamodb)
        counter.attach(dynamodb)
        with counter.measure() as attached:
            get_missing_item(dynamodb)
    finally:
        counter.uninstall()
    assert unattached.total("dynamodb") == 0
    assert attached.total("dynamodb") == 1


def test_a_pynamodb_client_the_hook_does_not_reach_is_reported(aws):
    from pynamodb.connection import Connection

    from bench.counter import HookMissedCalls, RoundTripCounter

    hidden = Connection(region=REGION, host=os.environ["AWS_ENDPOINT_URL"])
    assert hidden.client is not None  # created before the counter exists
    counter = RoundTripCounter()
    counter.install()
    try:
        assert counter.cross_checks_pynamodb, "PynamoDB's signals need blinker, which moto[server] brings"
        with pytest.raises(HookMissedCalls):
            with counter.measure():
                hidden.list_tables()
    finally:
        counter.uninstall()


def test_requests_outside_a_measurement_are_not_counted(counter):
    from chalicelib.store import firms

    register_firm()
    firms.get_firm(FIRM_UEN)
    with counter.measure() as tally:
        pass
    assert tally.services() == set()


def test_a_signed_in_route_shows_its_session_lookup_apart(counter, portal, registry_officer, monkeypatch):
    from bench.counter import ROUTE, SESSION_LOOKUP
    from bench.round_trips import label_session_lookups
    from chalicelib.web import routing

    monkeypatch.setattr(routing, "current_session", routing.current_session)  # restored after the test
    label_session_lookups(counter)
    create_case(portal, registry_officer, new_case_payload())
    headers = json_headers(accused_principal("S8979373D"))
    with counter.measure() as tally:
        response = portal.http.get("/api/cases", headers=headers)
    assert response.status_code == 200, response.body
    assert len(json.loads(response.body)["cases"]) == 1
    assert tally.operations("dynamodb", SESSION_LOOKUP) == Counter({"BatchGetItem": 1})  # the session and its account together
    assert tally.operations("dynamodb", ROUTE) == Counter({"Query": 1})


def test_the_benchmark_calls_every_route_and_only_routes_that_exist(aws):
    """A route added without a scenario, or a scenario left for a route since removed, shows here
    rather than only in the next regenerated report."""
    from bench.identity_providers import IdentityProviders
    from bench.scenarios import scenarios
    from bench.seed import World
    from chalicelib.services.sign_in import CORPPASS, SINGPASS
    from chalicelib.web.routing import declared_routes
    from tests.fixtures.fake_oidc import new_fake

    someone = accused_principal("S8979373D")
    world = World(
        accused=someone, counsel=someone, firm_administrator=someone, registry=someone,
        accused_nric="S8979373D", counsel_nric="S8979373D", officer_nric="S8979373D",
        represented_case="DAC-910001-2026", case_with_bail="DAC-910002-2026", unrepresented_case="MAC-910003-2026",
        charge_to_change="DAC-910012-2026", event_to_move="event-1", counsel_member_id="member-1",
        new_accused_nric="T0312345J", inbox_entries=["entry-1", "entry-2"], undeliverable=["address-1", "address-2"],
    )
    providers = IdentityProviders({SINGPASS: new_fake()[0], CORPPASS: new_fake()[0]})
    planned = scenarios(world, providers)
    declared = {(method, spec.path) for spec in declared_routes() for method in spec.methods}
    assert {(s.method, s.route) for s in planned if s.expected_status < 400} == declared
    assert {(s.method, s.route) for s in planned} <= declared


def test_items_read_are_counted_per_operation(counter):
    from chalicelib.store import firms

    register_firm()
    with counter.measure() as tally:
        firms.get_firm(FIRM_UEN)
        firms.get_firm_with_members(FIRM_UEN)  # the profile and its one member
        firms.get_firm("NOSUCHFIRM")
    assert tally.items_read == Counter({"GetItem": 1, "Query": 2})
