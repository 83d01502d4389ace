from datetime import datetime, timezone

from chalicelib.render import dollars, render, sg_date, sg_datetime, sg_time


def test_times_are_shown_in_singapore_time_in_the_courts_style():
    instant = datetime(2026, 12, 1, 1, 30, tzinfo=timezone.utc)  # 9.30am in Singapore
    assert sg_date(instant) == "Tue, 1 Dec 2026"
    assert sg_time(instant) == "9.30am"
    assert sg_time(datetime(2026, 12, 1, 11, 0, tzinfo=timezone.utc)) == "7.00pm"
    assert sg_time(datetime(2026, 12, 1, 4, 0, tzinfo=timezone.utc)) == "12.00pm"
    assert sg_time(datetime(2026, 11, 30, 16, 5, tzinfo=timezone.utc)) == "12.05am"
    assert sg_datetime(instant) == "Tue, 1 Dec 2026, 9.30am"


def test_a_utc_evening_is_the_next_singapore_day():
    assert sg_date(datetime(2026, 12, 1, 17, 0, tzinfo=timezone.utc)) == "Wed, 2 Dec 2026"


def test_money_is_integer_cents():
    assert dollars(1500) == "S$15.00"
    assert dollars(123456789) == "S$1,234,567.89"


def test_pages_escape_what_people_type():
    html = render("pages/error.html", status=404, message="<script>alert(1)</script>", fields=[], principal=None)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
