"""The maintenance notice's rules, and the per-container cache that keeps it cheap to show."""

from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.domain.errors import RuleViolation
from chalicelib.domain.maintenance import MaintenanceNotice, MaintenanceWindow, plan_maintenance

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=timezone.utc)  # 10am in Singapore


def window(starts: str, ends: str, message: str = "Sign-in will not work.") -> MaintenanceWindow:
    return MaintenanceWindow.model_validate({"message": message, "starts_at": starts, "ends_at": ends})


def test_a_form_time_is_singapore_time_and_stored_in_utc():
    notice = plan_maintenance(window("2026-12-05T22:00", "2026-12-06T02:00"), NOW, "Aishah Rahman", 0)
    assert notice.starts_at == datetime(2026, 12, 5, 14, 0, tzinfo=timezone.utc)
    assert notice.ends_at == datetime(2026, 12, 5, 18, 0, tzinfo=timezone.utc)
    assert notice.revision == 1 and notice.set_by == "Aishah Rahman"
    assert notice.shows(NOW) and not notice.under_way(NOW)
    assert notice.under_way(notice.starts_at) and not notice.shows(notice.ends_at)


@pytest.mark.parametrize("starts, ends, field, words", [
    ("2026-12-05T22:00", "2026-12-05T21:00", "ends_at", "after its start"),
    ("2026-11-30T22:00", "2026-12-01T09:00", "ends_at", "already ended"),
    ("2026-12-05T22:00", "2026-12-09T22:00", "ends_at", "at most 72 hours"),
    ("2027-02-05T22:00", "2027-02-06T02:00", "starts_at", "at most 31 days ahead"),
])
def test_windows_that_cannot_be_meant_are_refused(starts, ends, field, words):
    with pytest.raises(RuleViolation, match=words) as refused:
        plan_maintenance(window(starts, ends), NOW, "Aishah Rahman", 0)
    assert refused.value.field == field


def test_an_unreadable_time_and_an_overlong_message_are_named():
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as refused:
        window("5 Dec, late", "2026-12-06T02:00", message="x" * 301)
    fields = {e["loc"][0]: e["msg"] for e in refused.value.errors()}
    assert "is not a date and time ICMS can read" in fields["starts_at"]
    assert "message" in fields


def test_pages_read_the_notice_at_most_once_per_cache_period(monkeypatch):
    from chalicelib.services import maintenance

    reads = []
    stored = MaintenanceNotice(message="m", starts_at=NOW, ends_at=NOW + timedelta(hours=2), set_by="A",
                               set_at=NOW, revision=1)
    monkeypatch.setattr(maintenance.store, "get", lambda consistent=False: reads.append(1) or stored)
    monkeypatch.setattr(maintenance, "get_settings", lambda: type("S", (), {"maintenance_notice_cache_seconds": 30}))
    clock = [1000.0]
    monkeypatch.setattr(maintenance.time, "monotonic", lambda: clock[0])
    maintenance.forget()

    assert [maintenance.notice_for_pages(NOW) for _ in range(50)] == [stored] * 50
    assert len(reads) == 1
    clock[0] += 31
    assert maintenance.notice_for_pages(NOW + timedelta(hours=3)) is None  # read again; its window is over
    assert len(reads) == 2
    maintenance.forget()


def test_a_failed_read_leaves_pages_without_the_notice_rather_than_failing(monkeypatch):
    from chalicelib.services import maintenance

    def unreachable(consistent=False):
        raise ConnectionError("DynamoDB unreachable")

    monkeypatch.setattr(maintenance.store, "get", unreachable)
    maintenance.forget()
    assert maintenance.notice_for_pages(NOW) is None
    maintenance.forget()
