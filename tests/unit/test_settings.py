import pytest
from pydantic import ValidationError

from chalicelib.settings import Settings

REAL_SECRET = "a-real-secret-from-secrets-manager"
PAYMENT_SECRETS = {"gateway_secret_key": "sk_live_from-secrets-manager", "gateway_webhook_secret": "whsec_from-secrets",
                   "payment_reference_key": REAL_SECRET}


@pytest.fixture(autouse=True)
def bare_environment(monkeypatch):
    """Settings as a fresh Lambda would see them: none of the test run's local values."""
    import os

    for name in list(os.environ):
        if name.startswith("ICMS_") or name == "AWS_ENDPOINT_URL":
            monkeypatch.delenv(name)


def test_prod_refuses_local_endpoints_and_throwaway_secrets():
    with pytest.raises(ValidationError, match="AWS_ENDPOINT_URL"):
        Settings(stage="prod", identifier_pepper=REAL_SECRET, AWS_ENDPOINT_URL="http://127.0.0.1:5000")
    with pytest.raises(ValidationError, match="real secret"):
        Settings(stage="prod", identifier_pepper="local-only-pepper-change-me")
    with pytest.raises(ValidationError, match="SECURE"):
        Settings(stage="prod", identifier_pepper=REAL_SECRET, session_cookie_secure=False)


def test_prod_with_real_values_is_accepted():
    settings = Settings(stage="prod", identifier_pepper=REAL_SECRET, documents_require_malware_scan=True,
                        **PAYMENT_SECRETS)
    assert settings.stage.value == "prod"


@pytest.mark.parametrize("secret", sorted(PAYMENT_SECRETS))
def test_prod_refuses_the_local_gateway_and_its_throwaway_keys(secret):
    with pytest.raises(ValidationError, match=secret.upper()):
        Settings(stage="prod", identifier_pepper=REAL_SECRET, documents_require_malware_scan=True,
                 **(PAYMENT_SECRETS | {secret: "local-only"}))
    with pytest.raises(ValidationError, match="GATEWAY_API_BASE"):
        Settings(stage="prod", identifier_pepper=REAL_SECRET, documents_require_malware_scan=True,
                 gateway_api_base="http://127.0.0.1:8420", **PAYMENT_SECRETS)


def test_prod_accepts_uploads_only_once_scanned_for_malware():
    with pytest.raises(ValidationError, match="MALWARE_SCAN"):
        Settings(stage="prod", identifier_pepper=REAL_SECRET, documents_require_malware_scan=False)


def test_settings_come_from_icms_environment_variables(monkeypatch):
    monkeypatch.setenv("ICMS_TABLE_NAME", "icms-elsewhere")
    monkeypatch.setenv("ICMS_SESSION_IDLE_MINUTES", "20")
    settings = Settings()
    assert settings.table_name == "icms-elsewhere"
    assert settings.session_idle_minutes == 20


def test_in_prod_a_function_not_given_a_payment_secret_starts_but_cannot_use_it():
    settings = Settings(stage="prod", identifier_pepper=REAL_SECRET, documents_require_malware_scan=True)
    for secret in PAYMENT_SECRETS:
        with pytest.raises(RuntimeError, match=f"ICMS_{secret.upper()} is not set for this function"):
            getattr(settings, secret).get_secret_value()
    given = Settings(stage="prod", identifier_pepper=REAL_SECRET, documents_require_malware_scan=True,
                     **PAYMENT_SECRETS)
    assert given.payment_reference_key.get_secret_value() == REAL_SECRET
