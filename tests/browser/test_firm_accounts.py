"""A firm administrator signs in with Corppass, creates a counsel, and that counsel signs in and
sees the firm's cases; the accused sees only their own. All through mockpass's page."""

import re

from playwright.sync_api import expect

from tests.browser.mockpass_page import sign_in_on_mockpass

FIRM_UEN = "123456789A"
NEW_COUNSEL_NRIC = "S6005044I"


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/signed-out$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out")


def test_an_administrator_creates_a_counsel_who_then_signs_in(stack, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    page.goto(stack.url + "/sign-in")
    page.get_by_role("link", name="Sign in with Corppass").click()
    sign_in_on_mockpass(page, "S8979373D", uen=FIRM_UEN)
    expect(page.get_by_text("Wong Siew Ling").first).to_be_visible()
    page.get_by_role("link", name="Firm accounts").click()

    page.get_by_label("NRIC/FIN").fill(NEW_COUNSEL_NRIC)
    page.get_by_label("Full name").fill("Priya Nair")
    page.get_by_label("Email address").fill("priya.nair@tanlim.example.sg")
    page.get_by_role("radio", name="Counsel").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status").first).to_contain_text("Priya Nair now has a counsel account")
    expect(page.get_by_text("S****044I").first).to_be_visible()
    expect(page.get_by_text(NEW_COUNSEL_NRIC)).to_have_count(0)
    _sign_out(page)

    page.goto(stack.url + "/sign-in")
    page.get_by_role("link", name="Sign in with Corppass").click()
    sign_in_on_mockpass(page, NEW_COUNSEL_NRIC, uen=FIRM_UEN)
    expect(page).to_have_url(stack.url + "/cases")
    expect(page.get_by_text("Priya Nair").first).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(4)  # the cases Tan & Lim LLP is on record for, and no others
    assert page.goto(stack.url + "/firm/members").status == 403  # counsel do not manage accounts
    context.close()


def test_a_person_without_a_firm_account_is_told_what_to_do(stack, page):
    page.goto(stack.url + "/sign-in")
    page.get_by_role("link", name="Sign in with Corppass").click()
    sign_in_on_mockpass(page, "S6005047C", uen=FIRM_UEN)
    expect(page.get_by_role("heading", level=1)).to_have_text("We could not sign you in")
    expect(page.get_by_role("alert")).to_contain_text("administrator")
