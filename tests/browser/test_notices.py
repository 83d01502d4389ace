"""Notices in the browser, against the running stack: a registry change reaches the accused's inbox
(with the unread count in the header) and the local mailbox within seconds; a poisoned message
shows on the registry's dead-letter page with its reason and can be sent back."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta

import boto3
import requests
from playwright.sync_api import Page, expect

from tests.browser.mockpass_page import sign_in_on_mockpass
from tests.fixtures.stack import sign_in_over_http

ACCUSED = "S6005040F"  # Tan Wei Ming: a confirmed mobile in the demo data
OFFICER = "S3000024B"


def _settled_unread(page: Page, stack) -> int:
    """The count once the demo data's own notices (delivered as the stack starts) stopped arriving."""
    previous, stable_since = -1, time.monotonic()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        current = page.request.get(stack.url + "/api/inbox").json()["unread"]
        if current != previous:
            previous, stable_since = current, time.monotonic()
        elif current > 0 and time.monotonic() - stable_since > 3:
            return current
        time.sleep(0.5)
    raise AssertionError("the demo data's notices never settled")


def _move_next_hearing(stack, case_prefix: str) -> str:
    officer = sign_in_over_http(stack, "/registry/sign-in",
                                {"X-Custom-NRIC": OFFICER, "X-Custom-UUID": "0e7e5a7f-69f0-4f0e-8f7a-2f0a3c0e1a11"})
    headers = {"Cookie": officer, "Content-Type": "application/json"}
    case_no = f"{case_prefix}-{datetime.now().year}"
    case = requests.get(f"{stack.url}/api/registry/cases/{case_no}", headers=headers, timeout=10).json()
    event = case["next_event"]
    moved_to = datetime.fromisoformat(event["starts_at"]) + timedelta(days=7)
    moved = requests.patch(f"{stack.url}/api/registry/cases/{case_no}/events/{event['event_id']}", headers=headers,
                           data=json.dumps({"starts_at": moved_to.isoformat()}), timeout=10)
    assert moved.status_code == 200, moved.text
    return case_no


def test_a_registry_change_reaches_the_accused_inbox_with_the_unread_count(stack, page):
    page.goto(stack.url + "/sign-in")
    page.get_by_role("link", name="Sign in with Singpass").click()
    sign_in_on_mockpass(page, ACCUSED)
    expect(page).to_have_url(stack.url + "/cases")
    before = _settled_unread(page, stack)

    case_no = _move_next_hearing(stack, "MAC-901877")
    header_count = page.locator(".icms-inbox-link .icms-unread-count")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        page.reload()
        if header_count.count() and header_count.inner_text().startswith(str(before + 1)):
            break
        time.sleep(0.5)
    expect(header_count).to_contain_text(f"{before + 1} unread")

    page.get_by_role("link", name=re.compile(r"^Inbox")).click()
    expect(page).to_have_url(stack.url + "/inbox")
    newest = page.locator(".inbox-item").first
    expect(newest).to_contain_text(f"Court date changed: {case_no}")
    expect(newest).to_contain_text("Unread")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    newest.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Court date changed: {case_no}")
    expect(page.locator(".inbox-notice-body")).to_contain_text("The new date is")
    if before:
        expect(header_count).to_contain_text(f"{before} unread")
    else:
        expect(header_count).to_have_count(0)
    page.get_by_role("link", name=f"Go to case {case_no}").click()
    expect(page).to_have_url(f"{stack.url}/cases/{case_no}")

    page.goto(stack.url + "/local/mailbox")
    expect(page.locator(".mailbox-email").first).to_contain_text(f"Court date changed: {case_no}")
    expect(page.locator(".mailbox-sms").first).to_contain_text(f"the court date for case {case_no} has changed")
    page.screenshot(path="/tmp/icms-mailbox.png", full_page=True)


def test_a_poisoned_message_shows_on_the_dead_letter_page_and_can_be_sent_back(stack, page):
    sqs = boto3.client("sqs", endpoint_url=f"http://127.0.0.1:{stack.moto}", region_name="ap-southeast-1",
                       aws_access_key_id="local", aws_secret_access_key="local")
    url = sqs.get_queue_url(QueueName="icms-dev-notifications")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"kind": "court_date_fixed", "case_no": "DAC-000000-2026"}))

    page.goto(stack.url + "/registry/sign-in")
    sign_in_on_mockpass(page, OFFICER)
    expect(page).to_have_url(stack.url + "/registry")
    page.get_by_role("link", name="Open delivery problems").click()
    parked = page.locator(".dead-letter-table tbody tr", has_text="DAC-000000-2026")
    deadline = time.monotonic() + 15
    while not parked.count() and time.monotonic() < deadline:
        time.sleep(0.5)
        page.reload()
    expect(parked).to_contain_text("not a notice this release can read")
    expect(parked).to_contain_text("0 times")
    expect(page.locator(".dead-letter-depth")).to_contain_text("waiting")

    page.get_by_role("button", name="Send parked notices back for delivery").click()
    expect(page.get_by_role("status")).to_contain_text("sent back for delivery")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        page.goto(stack.url + "/registry/delivery")
        if parked.count() and "1 time" in parked.inner_text():
            break
        time.sleep(0.5)
    expect(parked).to_contain_text("1 time")  # it failed again and is parked again, counted
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
