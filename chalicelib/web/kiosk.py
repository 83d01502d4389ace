"""What payment kiosks ask ICMS. More arrives with payment advices; today, their configuration."""

from datetime import datetime

from chalice import Blueprint

from ..domain.base import Base
from ..domain.kiosks import KIOSK_PAYMENT_METHODS, KIOSK_REFUSED_CARD_SCHEMES
from .routing import Call, kiosk_api

kiosk = Blueprint(__name__)


class KioskStatusOut(Base):
    kiosk_id: str
    location: str
    # The court's clock: a kiosk whose clock drifts gets its signed requests refused.
    server_time: datetime
    payment_methods: list[str]
    refused_card_schemes: list[str]


@kiosk_api(kiosk, "/api/kiosk/status", returns=KioskStatusOut)
def kiosk_status(call: Call):
    """The kiosk checks in: who ICMS thinks it is, the time, and what it may accept."""
    return KioskStatusOut(
        kiosk_id=call.caller.subject_id,
        location=call.caller.display_name,
        server_time=call.now,
        payment_methods=[m.value for m in KIOSK_PAYMENT_METHODS],
        refused_card_schemes=list(KIOSK_REFUSED_CARD_SCHEMES),
    )
