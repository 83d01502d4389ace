"""Each function's own role in the packaged prod template: only what it uses, audit entries never
changed; and the alarms and limits that guard production (infra/iam.yaml, infra/alarms.yaml)."""

import json

import pytest

TABLE = {"Fn::GetAtt": ["IcmsTable", "Arn"]}
ITEM_WRITES = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
LOGS = {"logs:CreateLogStream", "logs:PutLogEvents"}
TRACING = {"xray:PutTraceSegments", "xray:PutTelemetryRecords"}
CONSUME = {"sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"}

# What each function may do, and nothing more. A new function fails here until it is given a role.
GRANTS = {
    "APIHandler": {
        "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
        "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem",
        "s3:PutObject", "s3:GetObject", "s3:GetObjectTagging", "s3:DeleteObject",
        "sqs:GetQueueUrl", "sqs:SendMessage", *CONSUME, "sns:Publish", *LOGS, *TRACING},
    "RelayOutbox": {
        "dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams",
        "sqs:GetQueueUrl", "sqs:SendMessage", *LOGS, *TRACING},
    "DeliverNotifications": {
        "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem",
        "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem",
        *CONSUME, "sqs:GetQueueUrl", "sqs:SendMessage", "ses:SendEmail", "sns:Publish", *LOGS, *TRACING},
    "RecordEmailFeedback": {
        "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem",
        *CONSUME, "sqs:GetQueueUrl", "sqs:SendMessage", *LOGS, *TRACING},
    "SendCourtReminders": {"sqs:GetQueueUrl", "sqs:SendMessage", *LOGS, *TRACING},
    "RemindCourtDates": {"dynamodb:Query", "dynamodb:BatchWriteItem", *CONSUME, "sqs:GetQueueUrl", "sqs:SendMessage",
                         *LOGS, *TRACING},
    "RenderPaymentAdvices": {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "s3:PutObject", *CONSUME,
                             *LOGS, *TRACING},
    "RollDiaries": {"dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem", *LOGS, *TRACING},
}


def _listed(value) -> list:
    return value if isinstance(value, list) else [value]


@pytest.fixture(scope="module")
def template(built):
    return json.loads((built / "sam.json").read_text())


def _functions(template) -> dict:
    return {name: r for name, r in template["Resources"].items() if r["Type"] == "AWS::Serverless::Function"}


def _statements(template, function: str) -> list[dict]:
    role = _functions(template)[function]["Properties"]["Role"]["Fn::GetAtt"][0]
    return [s for policy in template["Resources"][role]["Properties"]["Policies"]
            for s in policy["PolicyDocument"]["Statement"]]


def test_every_function_has_a_role_of_its_own(template):
    functions = _functions(template)
    assert set(functions) == set(GRANTS), "a function without a least-privilege role in infra/iam.yaml"
    roles = [f["Properties"]["Role"]["Fn::GetAtt"][0] for f in functions.values()]
    assert len(set(roles)) == len(roles)


@pytest.mark.parametrize("function", sorted(GRANTS))
def test_a_role_allows_only_what_its_function_uses(template, function):
    statements = _statements(template, function)
    allowed = {a for s in statements if s["Effect"] == "Allow" for a in _listed(s["Action"])}
    assert allowed == GRANTS[function]
    for statement in statements:
        assert not any("*" in action for action in _listed(statement["Action"])), statement
        if statement["Effect"] != "Allow":
            continue
        actions = set(_listed(statement["Action"]))
        if "Resource" in statement and "*" in _listed(statement["Resource"]):
            # Only X-Ray takes no resource.
            assert actions <= TRACING, statement
        if "NotResource" in statement:
            # SMS to phone numbers: sns:Publish to anything but a topic.
            assert actions == {"sns:Publish"} and statement["NotResource"] == "arn:aws:sns:*:*:*"


@pytest.mark.parametrize("function", sorted(GRANTS))
def test_no_role_may_change_or_delete_an_audit_entry(template, function):
    statements = _statements(template, function)
    writes = {a for s in statements if s["Effect"] == "Allow" for a in _listed(s["Action"])} & ITEM_WRITES
    if not writes - {"dynamodb:PutItem"}:
        return  # adds items at most: an audit entry is added once, with attribute_not_exists
    conditioned_to_outbox = [s for s in statements if s["Effect"] == "Allow"
                             and s.get("Condition", {}).get("ForAllValues:StringLike", {}).get(
                                 "dynamodb:LeadingKeys") == ["OUTBOX#*"]]
    if conditioned_to_outbox and all(set(_listed(s["Action"])) & ITEM_WRITES == set() or s in conditioned_to_outbox
                                     for s in statements if s["Effect"] == "Allow"):
        return  # writes outbox items only
    [deny] = [s for s in statements if s["Effect"] == "Deny"]
    assert set(_listed(deny["Action"])) >= {"dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
    assert deny["Resource"] == TABLE
    assert deny["Condition"] == {"ForAnyValue:StringLike": {"dynamodb:LeadingKeys": ["AUDIT#*"]}}


def test_the_relay_and_the_schedule_read_no_items(template):
    for function in ("RelayOutbox", "SendCourtReminders"):
        actions = {a for s in _statements(template, function) for a in _listed(s["Action"])}
        assert not actions & {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:BatchGetItem", *ITEM_WRITES}


def test_the_advice_renderer_writes_only_advice_pdfs_and_the_diary_roll_only_case_partitions(template):
    [pdfs] = [s for s in _statements(template, "RenderPaymentAdvices") if "s3:PutObject" in _listed(s["Action"])]
    assert pdfs["Resource"] == {"Fn::Sub": "${DocumentsBucket.Arn}/cases/*/payment-advices/*"}
    [writes] = [s for s in _statements(template, "RollDiaries")
                if s["Effect"] == "Allow" and set(_listed(s["Action"])) & ITEM_WRITES]
    assert writes["Condition"] == {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["CASE#*"]}}
    # Only the API is given the gateway's keys and the advice references' signing key.
    secrets = {"ICMS_GATEWAY_SECRET_KEY", "ICMS_GATEWAY_WEBHOOK_SECRET", "ICMS_PAYMENT_REFERENCE_KEY"}
    for name, function in _functions(template).items():
        given = secrets & set(function["Properties"]["Environment"]["Variables"])
        assert given == (secrets if name == "APIHandler" else set()), name


def test_no_role_carries_the_placeholder_policy_chalice_reads(template):
    for function in GRANTS:
        assert all(s.get("Sid") != "ReplacedByInfraIamYaml" for s in _statements(template, function))


# --- alarms and limits ------------------------------------------------------------------------


def _alarms(template) -> list[dict]:
    return [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm"]


def _watches(alarm: dict) -> tuple[str, str, object]:
    [dimension, *_] = alarm["Dimensions"]
    return alarm["Namespace"], alarm["MetricName"], dimension["Value"]


def test_every_dead_letter_queue_raises_an_alarm_when_anything_arrives(template):
    resources = template["Resources"]
    dead = {q["Properties"]["RedrivePolicy"]["deadLetterTargetArn"]["Fn::GetAtt"][0]
            for q in resources.values() if q["Type"] == "AWS::SQS::Queue" and "RedrivePolicy" in q["Properties"]}
    dead.add("OutboxFailuresQueue")  # the relay's on-failure destination
    watched = {_watches(a)[2]["Fn::GetAtt"][0] for a in _alarms(template)
               if _watches(a)[:2] == ("AWS/SQS", "ApproximateNumberOfMessagesVisible")}
    assert dead <= watched
    for alarm in _alarms(template):
        if alarm["MetricName"] == "ApproximateNumberOfMessagesVisible":
            assert alarm["Threshold"] == 0 and alarm["ComparisonOperator"] == "GreaterThanThreshold"


def test_every_function_alarms_on_errors_and_throttles(template):
    watched = {(_watches(a)[1], _watches(a)[2]["Ref"]) for a in _alarms(template) if a["Namespace"] == "AWS/Lambda"}
    for function in _functions(template):
        assert {("Errors", function), ("Throttles", function)} <= watched


def test_the_table_throttling_and_the_apis_5xx_rate_raise_alarms(template):
    watched = {_watches(a)[:2] for a in _alarms(template)}
    assert {("AWS/DynamoDB", "ReadThrottleEvents"), ("AWS/DynamoDB", "WriteThrottleEvents"),
            ("AWS/ApiGateway", "5XXError")} <= watched
    topic = {"Ref": "AlarmTopic"}
    assert all(alarm["AlarmActions"] == [topic] for alarm in _alarms(template))


def test_the_api_is_throttled_and_downstreams_are_protected(template):
    resources = template["Resources"]
    [settings] = resources["RestAPI"]["Properties"]["MethodSettings"]
    assert settings["ThrottlingRateLimit"] > 0 and settings["ThrottlingBurstLimit"] >= settings["ThrottlingRateLimit"]
    delivery = resources["DeliverNotifications"]["Properties"]["Events"]["DeliverNotificationsSqsEventSource"]
    assert delivery["Properties"]["ScalingConfig"]["MaximumConcurrency"] <= 50  # SES and SNS sending rates
    assert resources["APIHandler"]["Properties"]["ReservedConcurrentExecutions"] == {
        "Fn::If": ["IsProd", 200, {"Ref": "AWS::NoValue"}]}
    # Reserved concurrency adds up within the account's default limit of 1,000, leaving 100 unreserved.
    reserved = [f["Properties"].get("ReservedConcurrentExecutions") for f in _functions(template).values()]
    assert sum(r["Fn::If"][1] for r in reserved if r) <= 900


def test_only_the_relay_asks_for_payment_advices_to_be_rendered(template):
    """Advices are asked for through the outbox: the API commits the request, the relay sends it."""
    advices = {"Fn::GetAtt": ["PaymentAdvicesQueue", "Arn"]}

    def senders_to(queue) -> set[str]:
        return {function for function in _functions(template) for s in _statements(template, function)
                if "sqs:SendMessage" in _listed(s["Action"]) and queue in _listed(s.get("Resource", []))}

    assert senders_to(advices) == {"RelayOutbox"}
