"""A registry officer on a phone creates a case through the forms alone: a refusal is listed at the
top with links to each field, the fields keep what was typed, and the case
then gets a court date that the firm's diary shows once a firm is on record."""

import re
from datetime import date, timedelta

from playwright.sync_api import expect

from tests.browser.checks import sideways_overflow
from tests.browser.mockpass_page import sign_in_on_mockpass

OFFICER_NRIC = "S3000024B"
COUNSEL_NRIC, FIRM_UEN = "S8116474F", "123456789A"
CASE_NO = "MAC-977001-2026"


def _weekday(days_ahead: int) -> date:
    day = date.today() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def test_a_case_made_through_the_forms_on_a_phone_reaches_the_firms_diary(stack, chromium):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(stack.url + "/registry/sign-in")
    sign_in_on_mockpass(page, OFFICER_NRIC)
    page.wait_for_url(re.compile(re.escape(stack.url) + "/registry"))
    page.get_by_role("link", name="Create a case").click()

    page.get_by_label("Case number").fill(CASE_NO.lower())
    page.get_by_label("Court", exact=True).select_option("state_courts")
    page.get_by_label("NRIC/FIN").fill("S6005047C")
    page.get_by_label("Full name").first.fill("Teo Kai Wen")
    charge = page.locator("#f-charges-0")
    charge.get_by_label("Charge number").fill(CASE_NO)
    charge.get_by_label("Statute").fill("Penal Code 1871")
    charge.get_by_label("Offence in plain words").fill("Theft")  # the section is left out
    assert sideways_overflow(page) == 0
    page.get_by_label("Offence in plain words").first.press("Enter")

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("The case was not created.")
    expect(alert).to_contain_text("Enter the section.")
    alert.get_by_role("link", name="Enter the section.").click()
    expect(charge.get_by_label("Section")).to_be_in_viewport()
    expect(page.get_by_label("Full name").first).to_have_value("Teo Kai Wen")
    charge.get_by_label("Section").fill("379")
    charge.get_by_label("Section").press("Enter")

    expect(page.get_by_role("status").first).to_contain_text("The case is created")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Manage {CASE_NO}")
    day = _weekday(6)
    fix = page.get_by_role("form", name="Fix a court date")
    fix.get_by_label("Kind of hearing").select_option("mention")
    fix.get_by_label("Date").fill(day.isoformat())
    fix.get_by_label("Time (Singapore)").fill("09:30")
    fix.get_by_label("Building").fill("State Courts Towers")
    fix.get_by_label("Court room").fill("Court 4A")
    fix.get_by_role("button", name="Fix the court date").click()
    expect(page.get_by_role("status").first).to_contain_text("The court date is fixed")

    page.get_by_role("link", name="Put a law firm on record").click()
    page.get_by_label("Law firm's UEN").fill(FIRM_UEN)
    page.get_by_role("button", name="Find the firm's counsel").click()
    page.get_by_label("Daniel Lim Wei Jie").check()
    page.get_by_role("button", name=re.compile("^Put Tan & Lim LLP on record")).click()
    expect(page.get_by_role("status").first).to_contain_text("The law firm is on record")
    assert sideways_overflow(page) == 0
    context.close()

    context = chromium.new_context(viewport={"width": 390, "height": 844}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(stack.url + "/sign-in/corppass")
    sign_in_on_mockpass(page, COUNSEL_NRIC, uen=FIRM_UEN)
    page.wait_for_url(re.compile(re.escape(stack.url) + "/"))
    page.goto(stack.url + "/diary")
    row = page.locator("table.diary tr", has_text=CASE_NO)
    expect(row).to_contain_text(f"{day.day} {day:%b %Y}, 9.30am")
    expect(row).to_contain_text("State Courts Towers, Court 4A")
    expect(row).to_contain_text("1 Havelock Square")
    page.get_by_role("link", name="My cases").click()
    expect(page.locator("table.diary tr", has_text=CASE_NO)).to_have_count(1)
    assert sideways_overflow(page) == 0
    context.close()
