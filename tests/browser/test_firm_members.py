"""The firm administrator's accounts page on a desktop screen: every Deactivate control can be
clicked and, reached with the Tab key, is seen, at every width from 992 to 1920 pixels (the
"Who does what" panel once covered them). Deactivating asks first, naming the person."""

import re

from playwright.sync_api import expect

from tests.browser.checks import problem_of, sideways_overflow
from tests.browser.mockpass_page import sign_in_on_mockpass

FIRM_UEN = "123456789A"
ADMINISTRATOR_NRIC = "S8979373D"
LEAVER_NRIC = "S6005045G"
DESKTOP_WIDTHS = (992, 1024, 1280, 1440, 1920)


def _tab_to_each(page, controls) -> list[str]:
    """Tab from the top of the page past every control; the problems of each as focus reaches it."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    waiting = {controls.nth(i).get_attribute("href") for i in range(controls.count())}
    problems = []
    for _ in range(150):
        page.keyboard.press("Tab")
        href = page.evaluate("() => document.activeElement.getAttribute('href')")
        if href in waiting:
            waiting.discard(href)
            problems += [f"focused: {p}" for p in [problem_of(page.locator(f"a[href='{href}']"))] if p]
        if not waiting:
            return problems
    raise AssertionError(f"the Tab key never reached {sorted(waiting)}")


def test_deactivate_is_clickable_and_seen_at_desktop_widths_and_asks_first(stack, chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(stack.url + "/sign-in")
    page.get_by_role("link", name="Sign in with Corppass").click()
    sign_in_on_mockpass(page, ADMINISTRATOR_NRIC, uen=FIRM_UEN)
    page.goto(stack.url + "/firm/members")

    # Someone who is leaving: added here so that the demo's own accounts stay as they are.
    page.get_by_label("NRIC/FIN").fill(LEAVER_NRIC)
    page.get_by_label("Full name").fill("Koh Boon Hock")
    page.get_by_label("Email address").fill("boonhock.koh.with.a.long.address@tanlim.example.sg")
    page.get_by_role("radio", name="Paralegal").check()
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("status").first).to_contain_text("Koh Boon Hock now has a paralegal account")

    # On a phone a long email address wraps inside its row: nothing is cut off or scrolls sideways.
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 800})
        email = page.locator("table.firm-members td", has_text="boonhock.koh.with.a.long.address")
        assert email.evaluate("cell => cell.scrollWidth <= cell.clientWidth"), f"email cut off at {width}px"
        assert sideways_overflow(page) == 0, f"the page scrolls sideways at {width}px"

    controls = page.locator("table.firm-members").get_by_role("link", name=re.compile("^Deactivate"))
    assert controls.count() >= 3
    for width in DESKTOP_WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for index in range(controls.count()):
            control = controls.nth(index)
            control.scroll_into_view_if_needed()
            assert problem_of(control) is None, f"at {width}px: {problem_of(control)}"
            control.click(trial=True, timeout=2000)  # Playwright's own check that a click lands on it
        assert _tab_to_each(page, controls) == [], f"at {width}px"

    page.get_by_role("link", name="Deactivate Koh Boon Hock").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deactivate Koh Boon Hock's account?")
    expect(page.locator("main")).to_contain_text("S****045G")
    page.get_by_role("link", name="Cancel, keep the account").click()
    expect(page).to_have_url(stack.url + "/firm/members")
    row = page.locator("table.firm-members tr", has_text="Koh Boon Hock")
    expect(row).to_contain_text("Active")

    page.get_by_role("link", name="Deactivate Koh Boon Hock").click()
    page.get_by_role("button", name="Deactivate Koh Boon Hock").click()
    expect(page.get_by_role("status").first).to_contain_text("Koh Boon Hock's account is deactivated")
    expect(row).to_contain_text("Deactivated")
    expect(page.get_by_role("link", name="Deactivate Koh Boon Hock")).to_have_count(0)
    context.close()
