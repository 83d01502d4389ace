"""Fees to pay in the demo, and the demo kiosk, loaded after the demo filings.

Tan Wei Ming (S6005040F, one click on mockpass) owes two court-records fees: the demo filings'
request on MAC-901877 (pay it online by card), and one more on SC-001245 filed here (pay it with a
payment advice at the kiosk simulator). The kiosk L2-01 is registered with the simulator's secret.
"""

from __future__ import annotations

from datetime import date, datetime

from chalicelib.domain.kiosks import Kiosk
from chalicelib.store import kiosks
from local.kiosk_simulator import DEMO_KIOSK_ID, DEMO_KIOSK_LOCATION, DEMO_KIOSK_SECRET


def load(today: date, now: datetime) -> None:
    from chalicelib.store import filings as filing_store
    from local.demo_filings import _file, _number, _principal

    if kiosks.get_with_secret(DEMO_KIOSK_ID) is None:
        kiosks.register(Kiosk(kiosk_id=DEMO_KIOSK_ID, location=DEMO_KIOSK_LOCATION), DEMO_KIOSK_SECRET)
    night_court = _number("SC-001245", today)
    if not filing_store.read_case(night_court).filings:
        _file(_principal("accused-tan-wei-ming"), night_court, {"type": "court_records", "details": {
            "records": ["judgment"], "copies": 1,
            "purpose": "To check the speed recorded before paying the composition"}}, now)
