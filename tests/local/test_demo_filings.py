"""The demo lets each persona file what the portal offers, and the registry find work waiting."""

from __future__ import annotations

from datetime import datetime, timezone

from chalicelib.domain.clock import in_singapore
from local import demo_data


def test_every_type_of_filing_can_be_made_by_someone_in_the_demo_and_the_registry_has_work(aws):
    from chalicelib.services import filings
    from chalicelib.store import filings as filing_store
    from local.demo_filings import _number, _principal

    now = datetime.now(timezone.utc)
    demo_data.load(now)
    demo_data.load(now)  # twice: nothing more
    today = in_singapore(now).date()
    who = {"accused-tan-wei-ming": "MAC-901877", "counsel-daniel-lim": "DAC-904512",
           "counsel-sarah-tan": "DAC-906233"}
    available: set[str] = set()
    for key, case in who.items():
        principal = _principal(key)
        case_filings = filings.read(principal, _number(case, today))
        available |= {c.type.code for c in filings.choices(principal, case_filings, now) if c.refusal is None}
    assert available == {"court_records", "leave_jurisdiction", "mitigation_plea", "case_for_the_defence",
                         "written_submissions", "other_document"}

    queue = filing_store.review_queue(None, None, cursor=None)
    assert [row.type_code for row in queue.items] == ["written_submissions"]
    magistrates = filing_store.read_case(_number("MAC-901877", today))
    assert [f.status.value for f in magistrates.filings] == ["awaiting_payment"]
    assert [fee.status.value for fee in magistrates.fees] == ["due"]
