"""Typed settings: the only place that reads the process environment.

Every value comes from an ``ICMS_*`` environment variable (set by ``.chalice/config.json`` per
stage in AWS, by the local stack on a developer machine, and by the test fixtures). Secrets such as
the identifier pepper are injected the same way; in AWS they come from Secrets Manager through the
deployment, never from the repository.

The environment is read by a few lines below rather than by pydantic-settings: that library loads
its every source (dotenv, command line, AWS Secrets Manager and more) on import, which cost each
cold start about a tenth of the app's import; ICMS reads environment variables and nothing else.
"""

from __future__ import annotations

import json
import os
from enum import Enum
from functools import lru_cache
from typing import Any, get_origin
from urllib.parse import urlsplit

from botocore.config import Config
from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

ENV_PREFIX = "ICMS_"


class Stage(str, Enum):
    DEV = "dev"
    PROD = "prod"


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)

    stage: Stage = Stage.DEV
    region: str = "ap-southeast-1"
    # Set only off AWS (moto on loopback); in Lambda the SDK finds the regional endpoints itself.
    # Read under the SDK's own name so boto3, PynamoDB and Powertools all agree on it.
    aws_endpoint_url: str | None = Field(default=None, validation_alias="AWS_ENDPOINT_URL")
    # How long any AWS call (DynamoDB through PynamoDB or boto3, SQS, S3, SES, SNS) may take before
    # the SDK gives up and retries it; every client is configured from ``aws_client_config``.
    # DynamoDB answers in milliseconds. moto serves DynamoDB one request at a time and copies the
    # whole table in every transaction, so it can take seconds on a busy machine; it is taught
    # DynamoDB's transaction tokens (local/moto_tokens.py), but a retried single-item write or queue
    # message still queued would be applied twice: the local stack and the tests wait longer instead.
    aws_read_timeout_seconds: float = Field(default=5, ge=1, le=120)

    table_name: str = "icms-dev"
    # Only a placeholder for Chalice's stream event at import time: the deployed event source
    # names the table's real stream (infra/lambda.yaml) and the local runner looks it up.
    table_stream_arn: str = ""
    notifications_queue: str = "icms-dev-notifications"
    # Private bucket for uploaded documents (its name carries the account id, so the deployment
    # sets it from the template; locally moto's account is 123456789012).
    documents_bucket: str = "icms-dev-documents-123456789012"
    # In AWS an upload counts only once GuardDuty Malware Protection for S3 has tagged it clean;
    # moto has no scanner, so it is off locally and in tests.
    documents_require_malware_scan: bool = False
    upload_ticket_minutes: int = Field(default=10, ge=1, le=60)
    download_link_seconds: int = Field(default=60, ge=10, le=900)
    # Where notices that cannot be delivered are parked, with why, for the registry to see.
    notifications_dead_letter_queue: str = "icms-dev-notifications-dlq"
    outbox_failures_queue: str = "icms-dev-outbox-failures"
    # The reminder job's pages of court events (one message per day ahead, then per further page).
    reminder_pages_queue: str = "icms-dev-reminder-pages"
    # SES bounces and complaints, through SNS (infra/resources.yaml).
    email_feedback_queue: str = "icms-dev-email-feedback"
    email_feedback_dead_letter_queue: str = "icms-dev-email-feedback-dlq"
    email_sender: str = "no-reply@icms.judiciary.example.sg"
    # The SES configuration set whose event destination reports bounces and complaints; empty
    # where there is none (moto, which ignores it anyway).
    email_configuration_set: str = ""
    # Shown as the sender of SMS where sender IDs are honoured (Singapore requires registering it
    # with the SMS Sender ID Registry).
    sms_sender_id: str = "ICMS"

    # Public origin of the portal (CloudFront in AWS, the local edge on a developer machine).
    public_base_url: str = "http://localhost:8000"
    # Where the built static folder is served; same origin as the portal behind CloudFront.
    static_base_path: str = "/static"

    # Keyed hash that turns NRIC/FIN numbers into opaque, stable keys (see docs/data-model.md).
    identifier_pepper: SecretStr = SecretStr("local-only-pepper-change-me")

    session_cookie_secure: bool = True
    session_idle_minutes: int = Field(default=15, ge=1, le=240)
    session_absolute_hours: int = Field(default=12, ge=1, le=24)

    # Singpass (accused persons, registry officers) and Corppass (law firms): OpenID Connect.
    # Issuers must match discovery exactly; locally they are mockpass on loopback.
    singpass_issuer: str = "http://localhost:5156/singpass/v2"
    singpass_client_id: str = "icms-local"
    corppass_issuer: str = "http://localhost:5156/corppass/v2"
    corppass_client_id: str = "icms-local"
    # The portal's private keys as JWK JSON (EC P-256): one to sign client assertions, one that
    # providers encrypt ID tokens to. In AWS they come from Secrets Manager.
    rp_signing_key: SecretStr | None = None
    rp_encryption_key: SecretStr | None = None
    # Singpass's FAPI 2.0 profile (pushed authorization requests, DPoP-bound tokens).
    oidc_fapi2: bool = False
    login_attempt_minutes: int = Field(default=10, ge=1, le=30)

    # How long each Lambda container reuses the maintenance notice it read: at most one read per
    # container in this many seconds, whatever the traffic. 0 reads it on every page.
    maintenance_notice_cache_seconds: int = Field(default=30, ge=0, le=300)
    # Overrides of the rules for changing a court date (domain/reschedule.py), as JSON, e.g.
    # {"mention": {"notice_working_days": 5}}; docs/rescheduling.md gives the defaults and why.
    reschedule_rules: dict[str, dict[str, int | str]] = Field(default_factory=dict)
    # --- payments ----------------------------------------------------------------------------
    # The card gateway (Stripe). Locally and in tests: localstripe on loopback, any sk_test_ key.
    # In AWS the keys and the webhook signing secret come from Secrets Manager (infra/lambda.yaml)
    # and the SDK talks to the gateway's own API (no base URL set).
    gateway_api_base: str | None = None
    gateway_secret_key: SecretStr = SecretStr("sk_test_local-only")
    gateway_publishable_key: str = "pk_test_local-only"
    gateway_webhook_secret: SecretStr = SecretStr("whsec_local-only")
    # Where the payment page loads Stripe.js from, and every origin that script and its frames
    # talk to: the Content-Security-Policy names exactly these.
    gateway_js_url: str = "https://js.stripe.com/v3/"
    gateway_browser_origins: str = "https://js.stripe.com https://api.stripe.com https://hooks.stripe.com"
    # Payment advices: SQS-rendered PDFs with a QR code carrying a signed reference.
    payment_advice_queue: str = "icms-dev-payment-advices"
    payment_reference_key: SecretStr = SecretStr("local-only-payment-reference-key")
    payment_advice_days: int = Field(default=14, ge=1, le=60)

    max_request_bytes: int = Field(default=64 * 1024, ge=1024)
    log_level: str = "INFO"

    @property
    def documents_upload_origin(self) -> str:
        """Where browsers post uploads to: moto on loopback, or the bucket's regional endpoint."""
        if self.aws_endpoint_url:
            parts = urlsplit(self.aws_endpoint_url)
            return f"{parts.scheme}://{parts.netloc}"
        return f"https://{self.documents_bucket}.s3.{self.region}.amazonaws.com"

    @property
    def gateway_origins(self) -> list[str]:
        """The gateway's browser-facing origins, for the Content-Security-Policy."""
        origins = self.gateway_browser_origins.split()
        parts = urlsplit(self.gateway_js_url)
        script_origin = f"{parts.scheme}://{parts.netloc}"
        return origins if script_origin in origins else [script_origin, *origins]

    @model_validator(mode="before")
    @classmethod
    def _from_environment(cls, given: Any) -> Any:
        """Every value not given comes from ``ICMS_<FIELD NAME>`` (or the field's own alias, as
        ``AWS_ENDPOINT_URL``); mappings and lists are JSON there."""
        values = dict(given or {})
        for name, field in cls.model_fields.items():
            alias = field.validation_alias if isinstance(field.validation_alias, str) else None
            variable = alias or ENV_PREFIX + name.upper()
            if name in values or variable in values or variable not in os.environ:
                continue
            raw = os.environ[variable]
            values[alias or name] = json.loads(raw) if get_origin(field.annotation) in (dict, list) else raw
        return values

    @model_validator(mode="after")
    def _stream_placeholder(self) -> "Settings":
        if not self.table_stream_arn:
            placeholder = f"arn:aws:dynamodb:{self.region}:000000000000:table/{self.table_name}/stream/from-template"
            object.__setattr__(self, "table_stream_arn", placeholder)
        return self

    @model_validator(mode="after")
    def _prod_is_locked_down(self) -> "Settings":
        if self.stage is Stage.PROD:
            if self.aws_endpoint_url:
                raise ValueError("AWS_ENDPOINT_URL must not be set in the prod stage")
            if not self.session_cookie_secure:
                raise ValueError("ICMS_SESSION_COOKIE_SECURE must stay true in the prod stage")
            if self.identifier_pepper.get_secret_value().startswith("local-only"):
                raise ValueError("ICMS_IDENTIFIER_PEPPER must be set to a real secret in prod")
            if not self.documents_require_malware_scan:
                raise ValueError("ICMS_DOCUMENTS_REQUIRE_MALWARE_SCAN must stay true in the prod stage")
            if self.gateway_api_base:
                raise ValueError("ICMS_GATEWAY_API_BASE must not be set in the prod stage")
            for name in FUNCTION_SECRETS:
                if name not in self.model_fields_set:
                    # Only the functions that use a secret are given it (infra/lambda.yaml); the
                    # others must never fall back on the local one.
                    object.__setattr__(self, name, _NotGiven(name))
                elif "local-only" in getattr(self, name).get_secret_value():
                    raise ValueError(f"ICMS_{name.upper()} must be set to a real secret in prod")
        return self


# Secrets only some functions are given in AWS: the card gateway's (the API) and the key that signs
# payment advice references (the API, which makes and reads them).
FUNCTION_SECRETS = ("gateway_secret_key", "gateway_webhook_secret", "payment_reference_key")


class _NotGiven(SecretStr):
    """A secret this function was not given: using it is a deployment mistake, said plainly."""

    def __init__(self, name: str) -> None:
        super().__init__("")
        self._name = name

    def get_secret_value(self) -> str:
        raise RuntimeError(f"ICMS_{self._name.upper()} is not set for this function (infra/lambda.yaml)")


# The SDK's timeouts and retries for every AWS client, the same for PynamoDB's connection.
AWS_CONNECT_TIMEOUT_SECONDS = 2
AWS_MAX_ATTEMPTS = 3


def aws_client_config(settings: Settings | None = None) -> Config:
    """The one client configuration every boto3 client is made with (``chalicelib/aws.py``, the local
    event runner); PynamoDB's connection (``store/table.py``) takes the same values."""
    settings = settings or get_settings()
    return Config(connect_timeout=AWS_CONNECT_TIMEOUT_SECONDS, read_timeout=settings.aws_read_timeout_seconds,
                  retries={"mode": "standard", "max_attempts": AWS_MAX_ATTEMPTS})


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
