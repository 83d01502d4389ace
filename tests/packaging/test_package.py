"""The Lambda package really built by `chalice package`: templates inside, merged template valid."""

import json
import zipfile


def test_the_zip_carries_the_templates_beside_the_code(built):
    names = set(zipfile.ZipFile(built / "deployment.zip").namelist())
    assert {"app.py", "chalicelib/render.py", "chalicelib/settings.py"} <= names
    assert {"templates/pages/base.html", "templates/pages/case.html", "templates/notices/court_date_fixed/email.txt"} <= names
    assert not any(name.startswith(("tests/", "local/", "bench/", "static/", "node_modules/")) for name in names)


def test_the_merged_template_reports_partial_batch_failures_and_never_holds_secrets(built):
    template = json.loads((built / "sam.json").read_text())
    resources = template["Resources"]
    source = resources["DeliverNotifications"]["Properties"]["Events"]["DeliverNotificationsSqsEventSource"]
    assert source["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert resources["NotificationsQueue"]["Type"] == "AWS::SQS::Queue"  # not mixed into a function
    for function in ("APIHandler", "DeliverNotifications", "RelayOutbox", "SendCourtReminders", "RemindCourtDates",
                     "RollDiaries", "RenderPaymentAdvices"):
        variables = resources[function]["Properties"]["Environment"]["Variables"]
        assert "resolve:secretsmanager" in json.dumps(variables["ICMS_IDENTIFIER_PEPPER"])
        assert variables["ICMS_STAGE"] == "prod"
        assert "ICMS_DEMO_SIGN_IN" not in variables
    assert "placeholder" not in (built / "sam.json").read_text()


def test_the_outbox_relay_reads_the_tables_own_stream_with_bounded_retries(built):
    resources = json.loads((built / "sam.json").read_text())["Resources"]
    assert resources["IcmsTable"]["Properties"]["StreamSpecification"] == {"StreamViewType": "NEW_IMAGE"}
    source = resources["RelayOutbox"]["Properties"]["Events"]["RelayOutboxDynamodbEventSource"]
    assert source["Type"] == "DynamoDB"
    properties = source["Properties"]
    # Chalice can only name a literal ARN; the merged template points at the table's real stream.
    assert properties["Stream"] == {"Fn::GetAtt": ["IcmsTable", "StreamArn"]}
    assert properties["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert properties["BisectBatchOnFunctionError"] is True
    assert 0 < properties["MaximumRetryAttempts"] <= 10
    assert properties["DestinationConfig"]["OnFailure"]["Destination"] == {"Fn::GetAtt": ["OutboxFailuresQueue", "Arn"]}
    [only] = properties["FilterCriteria"]["Filters"]
    assert json.loads(only["Pattern"]) == {"eventName": ["INSERT"], "dynamodb": {"NewImage": {"type": {"S": ["outbox"]}}}}
    assert resources["OutboxFailuresQueue"]["Type"] == "AWS::SQS::Queue"


def test_unknown_urls_reach_the_app_and_every_answer_carries_the_security_headers(built):
    template = json.loads((built / "sam.json").read_text())
    resources = template["Resources"]
    swagger = resources["RestAPI"]["Properties"]["DefinitionBody"]
    greedy = swagger["paths"]["/{proxy+}"]
    assert {"get", "post", "put", "patch", "delete"} <= set(greedy)
    assert greedy["get"]["parameters"] == [{"name": "proxy", "in": "path", "required": True, "type": "string"}]
    missing = resources["UnknownRouteResponse"]["Properties"]
    assert missing["ResponseType"] == "MISSING_AUTHENTICATION_TOKEN" and missing["StatusCode"] == "404"
    policy = resources["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
    # Only for answers that carry none of their own (the app's own policy names the uploads bucket).
    csp = policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]
    assert csp["Override"] is False and "frame-ancestors 'none'" in csp["ContentSecurityPolicy"]
    distribution = resources["PortalDistribution"]["Properties"]["DistributionConfig"]
    behaviours = [distribution["DefaultCacheBehavior"], *distribution["CacheBehaviors"]]
    assert all(b["ResponseHeadersPolicyId"] == {"Ref": "SecurityHeadersPolicy"} for b in behaviours)


def test_ses_feedback_reaches_its_consumer_through_sns_and_sqs(built):
    resources = json.loads((built / "sam.json").read_text())["Resources"]
    source = resources["RecordEmailFeedback"]["Properties"]["Events"]["RecordEmailFeedbackSqsEventSource"]
    assert source["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    variables = resources["RecordEmailFeedback"]["Properties"]["Environment"]["Variables"]
    assert "resolve:secretsmanager" in json.dumps(variables["ICMS_IDENTIFIER_PEPPER"])
    assert variables["ICMS_EMAIL_CONFIGURATION_SET"] == "icms-prod"
    topic = resources["EmailFeedbackTopic"]["Properties"]
    assert topic["Subscription"] == [{"Protocol": "sqs", "Endpoint": {"Fn::GetAtt": ["EmailFeedbackQueue", "Arn"]}}]
    destination = resources["EmailFeedbackDestination"]["Properties"]["EventDestination"]
    assert sorted(destination["MatchingEventTypes"]) == ["bounce", "complaint"]
    assert destination["SnsDestination"] == {"TopicARN": {"Ref": "EmailFeedbackTopic"}}
    queue = resources["EmailFeedbackQueue"]["Properties"]["RedrivePolicy"]
    assert queue["deadLetterTargetArn"] == {"Fn::GetAtt": ["EmailFeedbackDeadLetterQueue", "Arn"]}
    # The notifications consumer parks a notice with its reason on its 5th try; the queue's own
    # redrive (6th receive) only catches a function that crashed every time.
    notifications = resources["NotificationsQueue"]["Properties"]["RedrivePolicy"]
    assert notifications["maxReceiveCount"] == 6


def test_every_module_ships_compiled_so_a_cold_start_compiles_nothing(built):
    """Lambda's code directory is read-only: bytecode not in the zip is compiled on every cold start."""
    import importlib.util

    with zipfile.ZipFile(built / "deployment.zip") as archive:
        names = set(archive.namelist())
        sources = {n for n in names if n.endswith(".py")}
        compiled = {n for n in names if n.endswith(".pyc")}
        for module in ("app.py", "chalicelib/settings.py", "chalicelib/web/routing.py", "pydantic/main.py",
                       "botocore/client.py"):
            head, _, tail = module.rpartition("/")
            expected = f"{head + '/' if head else ''}__pycache__/{tail[:-3]}.cpython-311.pyc"
            assert expected in compiled, expected
            header = archive.read(expected)[:16]
            assert header[:4] == importlib.util.MAGIC_NUMBER
            assert int.from_bytes(header[4:8], "little") == 0b01  # hash-based, source not checked (PEP 552)
    assert len(compiled) >= 0.95 * len(sources)


def test_the_package_keeps_the_sdk_models_of_every_service_the_functions_call_and_no_others(built, tmp_path):
    """Made from the package alone, as Lambda runs it: a client for every service in
    ``aws.SERVICES``, and PynamoDB's connection; a service outside the list has no model."""
    import subprocess
    import sys

    from chalicelib.aws import SERVICES

    with zipfile.ZipFile(built / "deployment.zip") as archive:
        models = {n.split("/")[2] for n in archive.namelist() if n.startswith("botocore/data/") and n.count("/") > 3}
        archive.extractall(tmp_path)
    assert SERVICES <= models and len(models) < 20
    script = ("import sys, boto3, botocore.exceptions\n"
              f"for service in {sorted(SERVICES)!r}:\n"
              "    boto3.client(service, region_name='ap-southeast-1')\n"
              "from pynamodb.connection import Connection\n"
              "Connection(region='ap-southeast-1').client\n"
              "try:\n"
              "    boto3.client('ec2', region_name='ap-southeast-1')\n"
              "except botocore.exceptions.UnknownServiceError:\n"
              "    print('ec2: no model')\n")
    env = {"PYTHONPATH": str(tmp_path), "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "PATH": "/usr/bin:/bin"}
    completed = subprocess.run([sys.executable, "-S", "-c", script], cwd=tmp_path, env=env, capture_output=True,
                               text=True)
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.strip() == "ec2: no model"
