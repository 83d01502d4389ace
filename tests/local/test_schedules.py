"""EventBridge schedule expressions as the local event runner reads them."""

from datetime import datetime, timezone

import pytest
from chalice import Cron, Rate

from local.schedules import next_fire_time, schedule_text, unix_cron, year_matches


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def test_question_mark_means_any_and_the_year_is_split_off():
    assert unix_cron("0 1 * * ? *") == ("0 1 * * *", "*")
    assert unix_cron("15 10 ? * * 2030") == ("15 10 * * *", "2030")


def test_weekdays_count_from_sunday_as_one_in_eventbridge_and_zero_in_unix_cron():
    assert unix_cron("0 9 ? * 2-6 *")[0] == "0 9 * * 1-5"
    assert unix_cron("0 9 ? * 1,7 *")[0] == "0 9 * * 0,6"
    # The 3 in "6#3" is "third", not a weekday; the 2 in "2/2" is a step.
    assert unix_cron("0 9 ? * 6#3 *")[0] == "0 9 * * 5#3"
    assert unix_cron("0 9 ? * 2/2 *")[0] == "0 9 * * 1/2"
    assert unix_cron("0 9 ? * MON-FRI *")[0] == "0 9 * * MON-FRI"


def test_the_reminder_schedule_fires_daily_at_one_utc():
    reminders = Cron(0, 1, "*", "*", "?", "*")
    assert schedule_text(reminders) == "cron(0 1 * * ? *)"
    assert next_fire_time(reminders, utc(2026, 3, 2, 0, 59, 30)) == utc(2026, 3, 2, 1, 0)
    assert next_fire_time(reminders, utc(2026, 3, 2, 1, 0)) == utc(2026, 3, 3, 1, 0)


def test_eventbridge_weekday_two_is_monday():
    sunday = utc(2026, 3, 1, 12, 0)
    assert next_fire_time(Cron(0, 1, "?", "*", 2, "*"), sunday) == utc(2026, 3, 2, 1, 0)


def test_the_year_field_limits_when_a_cron_fires():
    assert next_fire_time(Cron(0, 0, 1, 1, "?", 2030), utc(2026, 6, 1)) == utc(2030, 1, 1)
    assert next_fire_time("cron(0 0 1 1 ? 2020)", utc(2026, 6, 1)) is None
    assert year_matches("2025-2027", 2026) and year_matches("2024/2", 2026) and not year_matches("2024/3", 2026)


def test_rates_count_from_the_given_time():
    start = utc(2026, 3, 2, 8, 0)
    assert next_fire_time(Rate(5, unit=Rate.MINUTES), start) == utc(2026, 3, 2, 8, 5)
    assert next_fire_time("rate(1 hour)", start) == utc(2026, 3, 2, 9, 0)
    assert next_fire_time("rate(2 days)", start) == utc(2026, 3, 4, 8, 0)


@pytest.mark.parametrize("expression", ["cron(0 1 * * ?)", "rate(0 minutes)", "every day", "rate(5 weeks)"])
def test_malformed_expressions_are_refused(expression):
    with pytest.raises(ValueError):
        next_fire_time(expression, utc(2026, 1, 1))
