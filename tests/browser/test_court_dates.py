"""Changing a court date in Chromium, on a phone, against the local stack and its demo data: an
unrepresented accused moves a Night Court hearing into a free slot and sees the new date at once;
counsel asks to move a trial date, a registry officer approves it, and counsel sees the outcome;
the accused's calendar feed shows the new date."""

import re
from datetime import datetime

import requests
from icalendar import Calendar
from playwright.sync_api import expect

from chalicelib.domain.clock import SINGAPORE
from tests.browser.mockpass_page import sign_in_on_mockpass

YEAR = datetime.now(SINGAPORE).year
FIRM_UEN = "123456789A"


def _sign_in(page, url: str, door: str, nric: str, uen: str | None = None) -> None:
    page.goto(url + ("/registry/sign-in" if door == "Registry" else "/sign-in"))
    if door != "Registry":
        page.get_by_role("link", name=f"Sign in with {door}").click()
    sign_in_on_mockpass(page, nric, uen=uen)


def test_an_accused_moves_a_night_court_hearing_into_a_free_slot(stack, page):
    _sign_in(page, stack.url, "Singpass", "S6005040F")  # Tan Wei Ming: SC-001245 is his, unrepresented
    page.goto(f"{stack.url}/cases/SC-001245-{YEAR}")
    changes = page.locator("#date-changes")
    expect(changes).to_contain_text("You can change this date now")
    changes.get_by_role("link", name=re.compile("Change this date")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Change a court date")
    first_slot = page.locator("input[name=sitting_id]").first
    slot_text = page.locator("label.slot-option").first.inner_text()
    first_slot.check()
    page.get_by_role("button", name="Confirm the new date").click()

    expect(page).to_have_url(re.compile(rf"/cases/SC-001245-{YEAR}\?moved="))
    expect(page.get_by_text("Your new court date is confirmed.")).to_be_visible()
    new_day = slot_text.split("\n")[0].split(",")[0:2]
    next_date = page.locator("section", has=page.get_by_role("heading", name="Next court date"))
    expect(next_date).to_contain_text(new_day[1].strip())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The calendar feed, turned on from the page, has the new date.
    page.get_by_role("link", name="Calendar", exact=True).click()
    page.get_by_role("button", name="Turn on my calendar feed").click()
    feed_url = page.get_by_label("Your feed link").input_value()
    assert feed_url.startswith(stack.url + "/calendar/feeds/")
    feed = Calendar.from_ical(requests.get(feed_url, timeout=30).content)
    starts = [e.decoded("dtstart") for e in feed.walk("VEVENT") if f"SC-001245-{YEAR}" in str(e["summary"])]
    assert len(starts) == 1 and starts[0].strftime("%-d %b") in slot_text.replace(",", "")


def test_counsel_asks_to_move_a_trial_and_the_registry_decides(stack, chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    _sign_in(page, stack.url, "Corppass", "S8723211E", uen=FIRM_UEN)  # Sarah Tan, counsel for DAC-906233
    page.goto(f"{stack.url}/cases/DAC-906233-{YEAR}")
    trial = page.locator("li.date-change", has_text="Trial")
    expect(trial).to_contain_text("A judge decides every change of a trial date")
    trial.get_by_role("link", name=re.compile("Ask the court")).click()
    page.get_by_label("Your reasons").fill("Counsel is in the Court of Appeal for the whole week of the trial.")
    page.get_by_role("button", name="Send the request to the court").click()
    expect(page.get_by_text("Your request was sent to the court.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    context.close()

    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    _sign_in(page, stack.url, "Registry", "S3000024B")
    page.get_by_role("link", name="Date requests").click()
    page.get_by_role("link", name=re.compile(f"DAC-906233-{YEAR}")).click()
    expect(page.get_by_role("heading", name=re.compile("vacate the trial"))).to_be_visible()
    page.locator("input[name=sitting_id]").first.check()
    page.get_by_role("button", name="Approve with this date").click()
    expect(page).to_have_url(re.compile(r"/registry/reschedule-requests\?decided="))
    page.goto(f"{stack.url}/cases/DAC-906233-{YEAR}")
    expect(page.locator("#date-changes")).to_contain_text("Approved")
    expect(page.locator("#date-changes")).to_contain_text("the trial was vacated")
    context.close()
