"""Driving mockpass's login page (the local Singpass and Corppass) the way a person does."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def sign_in_on_mockpass(page: Page, nric: str, uen: str | None = None) -> None:
    """On mockpass's page, type the person into its "or with your own user" form and log in."""
    expect(page).to_have_url(re.compile(r"/(singpass|corppass)/v2/authorize"))
    page.locator("#loginModelbtn:visible").first.click()  # its login form sits in a dialog
    form = page.locator("form[action$='custom-profile']")
    form.locator("#nric").fill(nric)
    if uen is not None:
        form.locator("#uen").fill(uen)
    form.get_by_role("button", name="Login").click()
