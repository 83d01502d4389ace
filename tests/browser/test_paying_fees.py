"""Paying fees end to end in Chromium against `make run`'s stack: online through localstripe's
Stripe.js stand-in (the card never reaches ICMS), and through a payment advice at the kiosk
simulator. Both receipts then show in the portal."""

import re
from datetime import datetime

from playwright.sync_api import Page, expect

from chalicelib.domain.clock import SINGAPORE
from tests.browser.mockpass_page import sign_in_on_mockpass

YEAR = datetime.now(SINGAPORE).year


def _signed_in_fees(stack, page: Page, case: str) -> None:
    page.goto(f"{stack.url}/cases/{case}/fees")
    page.get_by_role("link", name="Sign in with Singpass").click()
    sign_in_on_mockpass(page, "S6005040F")
    expect(page).to_have_url(f"{stack.url}/cases/{case}/fees")


def _card(page: Page, number: str) -> None:
    element = page.locator("#card-element")
    for field, value in (("number", number), ("exp_month", "12"), ("exp_year", "34"), ("cvc", "123"),
                         ("postal_code", "049145")):
        element.locator(f"input[placeholder='{field}']").fill(value)


def test_a_fee_paid_online_by_card_declined_first_then_authenticated(stack, page):
    case = f"MAC-901877-{YEAR}"
    posted_to_icms: list[str] = []
    page.on("request", lambda r: posted_to_icms.append(r.post_data or "") if r.url.startswith(stack.url) else None)
    _signed_in_fees(stack, page, case)
    page.get_by_role("link", name=re.compile(r"Pay S\$30\.00")).click()
    page.get_by_role("link", name="Pay by card").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pay S$30.00 by card")

    _card(page, "4000000000000341")  # declined when charged
    page.get_by_role("button", name="Pay S$30.00").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your card was declined")
    expect(page.get_by_text("Nothing has been recorded")).to_be_visible()

    page.get_by_role("link", name="Try again by card").click()
    _card(page, "4000002500003155")  # asks the card holder to authenticate
    page.get_by_role("button", name="Pay S$30.00").click()
    page.get_by_role("button", name="Complete authentication").click()  # the stand-in's 3-D Secure dialog
    expect(page).to_have_url(re.compile(rf"/cases/{case}/receipts/R[0-9]{{6}}-[0-9A-Z*~$=]{{9}}\?paid=1$"))
    expect(page.get_by_text("Payment received.")).to_be_visible()
    expect(page.get_by_text("e-Payment (card)")).to_be_visible()
    assert not any("4000002500003155" in body or "4000000000000341" in body for body in posted_to_icms)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto(f"{stack.url}/cases/{case}/fees")
    expect(page.get_by_role("link", name=re.compile(r"^Receipt R"))).to_have_count(2)  # in the table and the list


def test_a_fee_paid_at_the_kiosk_simulator_with_a_payment_advice(stack, page, chromium):
    case = f"SC-001245-{YEAR}"
    _signed_in_fees(stack, page, case)
    page.get_by_role("link", name=re.compile(r"Pay S\$15\.00")).click()
    page.get_by_role("button", name="Get a payment advice").click()
    expect(page).to_have_url(re.compile(rf"/cases/{case}/fees\?advice=[0-9A-Z]{{8}}#advices$"))
    download = page.get_by_role("link", name="Download the payment advice (PDF)")
    for _ in range(40):  # the queue's consumer renders it within seconds
        if download.count():
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(download).to_be_visible()
    reference = re.search(r"PA(-[0-9A-Z]{5}){4}", page.locator("#advices").inner_text()).group(0)

    kiosk = chromium.new_page(viewport={"width": 800, "height": 900})
    kiosk.goto(f"http://localhost:{stack.kiosk}/")
    kiosk.get_by_label("Payment reference").fill(reference.replace("-", " ").lower())
    kiosk.get_by_role("button", name="Continue").click()
    expect(kiosk.locator("#owed")).to_have_text("S$15.00")
    kiosk.get_by_label("Credit card", exact=True).check()
    kiosk.get_by_label(re.compile("Card number")).fill("3782 822463 10005")
    kiosk.get_by_role("button", name="Pay S$15.00").click()
    expect(kiosk.get_by_role("alert")).to_contain_text("American Express (AMEX) cards are not accepted")
    kiosk.go_back()
    kiosk.get_by_label("NETS FlashPay", exact=True).check()
    kiosk.get_by_role("button", name="Pay S$15.00").click()
    expect(kiosk.get_by_role("heading", level=1)).to_have_text("Payment received")
    receipt = kiosk.locator("#receipt-no").inner_text()
    kiosk.close()

    page.goto(f"{stack.url}/cases/{case}/fees")
    page.get_by_role("link", name=f"Receipt {receipt}").first.click()
    expect(page.get_by_text("NETS FlashPay at kiosk")).to_be_visible()
    expect(page.get_by_text("L2-01, State Courts, Level 2")).to_be_visible()
