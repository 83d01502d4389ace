"""The card gateway adapter: the only module that knows the gateway is Stripe.

Payments speak of intents, tokens and events in ICMS's own terms (``Intent``, ``GatewayEvent``);
a later gateway (a government payment service, say) replaces this module and nothing else.

How a card payment goes (it works the same against Stripe and against localstripe, the fake
that ``make run`` and the tests use; see docs/payments.md for what the fake cannot do):
1. ``create_intent``: one PaymentIntent per fee, for the fee's recorded amount in SGD, with the
   fee as idempotency key (a retried call gets the same intent back from Stripe).
2. The payment page hands the card to the gateway itself (Stripe.js, ``createToken``): card
   numbers never reach ICMS, which receives a token id.
3. ``card_of_token`` (an unknown token is refused before anything is written), then
   ``pay_with_card``: the server puts the token's card on the intent and confirms it. The answer
   is succeeded, declined, or needs the card holder's authentication (3-D Secure), which the
   page completes with Stripe.js before ICMS reads the intent again.
4. The gateway's webhook (``verify_event``) reports the outcome, signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..domain.errors import DomainError, RuleViolation, Unavailable
from ..domain.payments import CURRENCY, FeeOwed
from ..settings import get_settings

# The SDK is imported by the calls that talk to the gateway: most requests never do, and every
# function's cold start is spared it (bench/cold_start.py).
if TYPE_CHECKING:
    import stripe


def _sdk():
    import stripe

    return stripe


# Stripe's own default: a signed event older than this is refused (a replay or a stale retry).
WEBHOOK_TOLERANCE_SECONDS = 300


class GatewayUnavailable(Unavailable):
    """The gateway did not answer as expected; nothing was charged by this request."""

    code = "gateway_unavailable"


class WebhookRefused(DomainError):
    code = "webhook_refused"


@dataclass(frozen=True)
class Intent:
    intent_id: str
    status: str  # succeeded | requires_action | requires_payment_method | requires_confirmation | processing | canceled
    amount_cents: int
    currency: str
    client_secret: str
    case_no: str | None
    fee_id: str | None
    error_code: str | None = None
    error_message: str | None = None
    card_last4: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded"

    @property
    def needs_authentication(self) -> bool:
        return self.status == "requires_action"

    @property
    def authentication_failed(self) -> bool:
        return self.error_code == "payment_intent_authentication_failure"

    @property
    def declined(self) -> bool:
        return self.status == "requires_payment_method" and self.error_code is not None \
            and not self.authentication_failed


@dataclass(frozen=True)
class GatewayEvent:
    event_id: str
    event_type: str
    intent: Intent | None  # for payment_intent.* events


@lru_cache(maxsize=1)
def _client() -> stripe.StripeClient:
    settings = get_settings()
    base = {"api": settings.gateway_api_base} if settings.gateway_api_base else None
    return _sdk().StripeClient(settings.gateway_secret_key.get_secret_value(), base_addresses=base,
                               max_network_retries=2)


def _plain(obj) -> dict:
    return obj.to_dict() if hasattr(obj, "to_dict") else obj


def _intent(obj, *, error_code: str | None = None, error_message: str | None = None) -> Intent:
    obj = _plain(obj)
    last_error = obj.get("last_payment_error") or {}
    metadata = obj.get("metadata") or {}
    return Intent(
        intent_id=obj["id"], status=obj["status"], amount_cents=int(obj["amount"]), currency=obj["currency"],
        client_secret=obj.get("client_secret") or "", case_no=metadata.get("case_no"), fee_id=metadata.get("fee_id"),
        error_code=error_code or last_error.get("code"), error_message=error_message or last_error.get("message"),
    )


def _unavailable(error: stripe.StripeError) -> GatewayUnavailable:
    return GatewayUnavailable("The card payment service did not answer as expected, and nothing was charged. "
                              f"Try again in a few minutes, or pay at a kiosk. ({type(error).__name__})")


def create_intent(fee: FeeOwed, attempt: int = 1) -> Intent:
    """A PaymentIntent for the fee's recorded amount. Idempotency key: the fee (and the attempt,
    counted up only when a declined intent cannot be confirmed again)."""
    stripe = _sdk()
    key = f"icms-fee-{fee.case_no}-{fee.fee_id}" + (f"-{attempt}" if attempt > 1 else "")
    try:
        created = _client().v1.payment_intents.create(
            params={"amount": fee.amount_cents, "currency": CURRENCY, "payment_method_types": ["card"],
                    "metadata": {"case_no": fee.case_no, "fee_id": fee.fee_id,
                                 "application_no": fee.application_no}},
            options={"idempotency_key": key},
        )
    except stripe.StripeError as error:
        raise _unavailable(error) from error
    return _intent(created)


def retrieve(intent_id: str) -> Intent:
    stripe = _sdk()
    try:
        return _intent(_client().v1.payment_intents.retrieve(intent_id))
    except stripe.StripeError as error:
        raise _unavailable(error) from error


def card_of_token(token_id: str) -> str:
    """The card a browser's token stands for, checked before anything is started or written."""
    stripe = _sdk()
    try:
        token = _client().v1.tokens.retrieve(token_id)
    except stripe.InvalidRequestError as error:
        raise RuleViolation("The card payment service did not recognise the card details sent; enter the card "
                            "again.", field="token") from error
    except stripe.StripeError as error:
        raise _unavailable(error) from error
    return _plain(token)["card"]["id"]


def pay_with_card(intent_id: str, card_id: str) -> Intent:
    """Put the tokenised card on the intent and confirm it. A decline is an answer, not an error."""
    stripe = _sdk()
    client = _client()
    try:
        client.v1.payment_intents.update(intent_id, params={"payment_method": card_id})
        confirmed = client.v1.payment_intents.confirm(intent_id)
    except stripe.CardError as error:
        declined = client.v1.payment_intents.retrieve(intent_id)
        return _intent(declined, error_code=error.code or "card_declined",
                       error_message=error.user_message or "Your card was declined.")
    except stripe.StripeError as error:
        raise _unavailable(error) from error
    return _intent(confirmed)


def refund(intent_id: str) -> str:
    """Give a payment back in full (a fee paid twice through two channels at once)."""
    stripe = _sdk()
    try:
        made = _client().v1.refunds.create(params={"payment_intent": intent_id},
                                           options={"idempotency_key": f"icms-refund-{intent_id}"})
    except stripe.StripeError as error:
        raise _unavailable(error) from error
    return made["id"]


def verify_event(raw_body: bytes, signature_header: str | None) -> GatewayEvent:
    """The SDK's own check: a signature by the webhook secret over the timestamp and the exact
    body, and a timestamp within the tolerance. Anything else is refused before it is read."""
    stripe = _sdk()
    if not signature_header:
        raise WebhookRefused("the Stripe-Signature header is missing")
    secret = get_settings().gateway_webhook_secret.get_secret_value()
    try:
        event = stripe.Webhook.construct_event(raw_body, signature_header, secret,
                                               tolerance=WEBHOOK_TOLERANCE_SECONDS)
    except ValueError as error:
        raise WebhookRefused("the webhook body is not a JSON event") from error
    except stripe.SignatureVerificationError as error:
        if "tolerance" in str(error).lower():
            raise WebhookRefused("the webhook's signed timestamp is more than 5 minutes old (a stale or "
                                 "replayed delivery)") from error
        raise WebhookRefused("the webhook's signature does not match its body") from error
    event = _plain(event)
    obj = event["data"]["object"]
    intent = _intent(obj) if event["type"].startswith("payment_intent.") and obj.get("object") == "payment_intent" \
        else None
    return GatewayEvent(event_id=event["id"], event_type=event["type"], intent=intent)
