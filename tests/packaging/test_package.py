"""The Lambda package really built by `chalice package`: templates inside, merged template valid."""

import json
import zipfile

import pytest

from local.package import package


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return package("prod", tmp_path_factory.mktemp("build"))


def test_the_zip_carries_the_templates_beside_the_code(built):
    names = set(zipfile.ZipFile(built / "deployment.zip").namelist())
    assert {"app.py", "chalicelib/render.py", "chalicelib/settings.py"} <= names
    assert {"templates/pages/base.html", "templates/pages/case.html", "templates/emails/court_date.txt"} <= names
    assert not any(name.startswith(("tests/", "local/", "bench/", "static/", "node_modules/")) for name in names)


def test_the_merged_template_reports_partial_batch_failures_and_never_holds_secrets(built):
    template = json.loads((built / "sam.json").read_text())
    resources = template["Resources"]
    source = resources["DeliverNotifications"]["Properties"]["Events"]["DeliverNotificationsSqsEventSource"]
    assert source["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    assert resources["NotificationsQueue"]["Type"] == "AWS::SQS::Queue"  # not mixed into a function
    for function in ("APIHandler", "DeliverNotifications", "SendCourtReminders"):
        variables = resources[function]["Properties"]["Environment"]["Variables"]
        assert "resolve:secretsmanager" in json.dumps(variables["ICMS_IDENTIFIER_PEPPER"])
        assert variables["ICMS_STAGE"] == "prod"
        assert "ICMS_DEMO_SIGN_IN" not in variables
    assert "placeholder" not in (built / "sam.json").read_text()
