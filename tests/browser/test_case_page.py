"""An accused person signs in through Singpass (mockpass's page) and opens a case, on a phone."""

import re
from datetime import datetime

from playwright.sync_api import expect

from chalicelib.domain.clock import SINGAPORE
from tests.browser.mockpass_page import sign_in_on_mockpass


def test_an_accused_signs_in_and_sees_the_next_court_date(stack, page):
    page.goto(stack.url + "/cases")
    expect(page).to_have_url(re.compile(r"/sign-in\?next=%2Fcases$"))
    page.get_by_role("link", name="Sign in with Singpass").click()
    sign_in_on_mockpass(page, "S6005040F")

    expect(page).to_have_url(stack.url + "/cases")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("My cases"))
    expect(page.get_by_text("Tan Wei Ming").first).to_be_visible()
    page.get_by_role("link", name=re.compile(r"DAC-904512-\d{4}")).first.click()

    expect(page).to_have_url(re.compile(r"/cases/DAC-904512-\d{4}$"))
    next_date = page.locator("section", has=page.get_by_role("heading", name="Next court date"))
    expect(next_date).to_contain_text(re.compile(r"\d{1,2}\.\d{2}(am|pm)"))
    expect(next_date).to_contain_text("State Courts Towers")
    expect(page.get_by_text("A Singapore Government Agency Website").first).to_be_visible()
    expect(page.get_by_text("Your lawyer acts for you in this case")).to_be_visible()

    # The SGDS stylesheet came from /static and applied (no CDN, nothing blocked by the CSP).
    body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert body_font and "Times" not in body_font
    # Inter itself came from /static (built from npm), not a CDN and not a fallback font.
    assert page.evaluate("document.fonts.ready.then(() => document.fonts.check('700 16px Inter'))")
    assert page.evaluate("[...document.fonts].some(f => f.family.replace(/['\"]/g, '') === 'Inter' && f.status === 'loaded')")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    page.screenshot(path="/tmp/icms-case-page.png", full_page=True)


def test_another_persons_case_is_not_found_in_the_browser(stack, page):
    page.goto(stack.url + "/sign-in")
    page.get_by_role("link", name="Sign in with Singpass").click()
    sign_in_on_mockpass(page, "S6005040F")
    expect(page).to_have_url(stack.url + "/cases")
    youth_case = f"YAC-000318-{datetime.now(SINGAPORE).year}"  # Ryan Goh's, not Tan Wei Ming's
    response = page.goto(f"{stack.url}/cases/{youth_case}")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("could not find", re.I))


def test_a_printed_case_page_says_when_it_was_printed_and_keeps_headings_with_their_text(stack, page):
    page.goto(stack.url + "/sign-in")
    page.get_by_role("link", name="Sign in with Singpass").click()
    sign_in_on_mockpass(page, "S6005040F")
    page.get_by_role("link", name=re.compile(r"DAC-904512-\d{4}")).first.click()
    printed_on = page.locator(".printed-on")
    expect(printed_on).to_be_hidden()  # on screen the page is live; only paper needs a date

    page.emulate_media(media="print")
    expect(printed_on).to_be_visible()
    expect(printed_on).to_contain_text(re.compile(r"Printed from ICMS on \w{3}, \d{1,2} \w{3} \d{4}, \d{1,2}\.\d{2}(am|pm)"))
    expect(page.locator(".sgds-masthead")).to_be_hidden()
    for heading in ("h1", "#next-event-heading", "#charges-heading"):
        assert page.locator(heading).evaluate("e => getComputedStyle(e).breakAfter") == "avoid", heading
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
