"""Demo fees to pay and the demo kiosk, loaded with the demo data.

Tan Wei Ming (S6005040F, one click on mockpass) owes two fees on his unrepresented cases: one to
pay online by card, one to pay through a payment advice at the kiosk simulator. The fees are the
provisional fee items payments use until filings raise fees (services/fees_owed.py).
"""

from __future__ import annotations

from datetime import datetime

from chalicelib.domain.audit import Actor
from chalicelib.domain.kiosks import Kiosk
from chalicelib.domain.payments import FeeOwed, FeeStatus
from chalicelib.store import fees_owed, kiosks
from chalicelib.store.unit_of_work import UnitOfWork
from local.kiosk_simulator import DEMO_KIOSK_ID, DEMO_KIOSK_LOCATION, DEMO_KIOSK_SECRET

# (case number without the year, fee id, application number, what for, cents)
DEMO_FEES = (
    ("MAC-901877", "FEE-0101", "APP-{year}-000101", "Application to defer a court date", 50_00),
    ("SC-001245", "FEE-0102", "APP-{year}-000102", "Application for a certified copy of the court record", 20_00),
)


def load(case_number, now: datetime) -> int:
    """Register the demo kiosk and raise the demo fees that are missing; return how many were raised."""
    if kiosks.get_with_secret(DEMO_KIOSK_ID) is None:
        kiosks.register(Kiosk(kiosk_id=DEMO_KIOSK_ID, location=DEMO_KIOSK_LOCATION), DEMO_KIOSK_SECRET)
    raised = 0
    for number, fee_id, application, description, cents in DEMO_FEES:
        case_no = case_number(number)
        if fees_owed.get(case_no, fee_id) is not None:
            continue
        write = UnitOfWork(Actor.system("demo data"), now)
        fees_owed.raise_in(write, FeeOwed(case_no=case_no, fee_id=fee_id,
                                          application_no=application.format(year=case_no[-4:]),
                                          description=description, amount_cents=cents, status=FeeStatus.DUE,
                                          payer_name="Tan Wei Ming"))
        write.commit()
        raised += 1
    return raised
