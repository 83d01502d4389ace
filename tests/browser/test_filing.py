"""Filing each type of application and court document in Chromium, on a phone-sized screen, and
the registry acting on filings so that the filer sees the status change. Against the demo data."""

from __future__ import annotations

import io
import re
from datetime import datetime, timedelta

from playwright.sync_api import Page, expect
from pypdf import PdfWriter

from chalicelib.domain.clock import SINGAPORE
from tests.browser.mockpass_page import sign_in_on_mockpass

FIRM_UEN = "123456789A"
PHONE = {"width": 390, "height": 844}


def _year() -> int:
    return datetime.now(SINGAPORE).year


def _day(days: int) -> str:
    return (datetime.now(SINGAPORE) + timedelta(days=days)).date().isoformat()


def _pdf(name: str) -> dict:
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    return {"name": name, "mimeType": "application/pdf", "buffer": out.getvalue()}


def _signed_in(chromium, stack, door: str, nric: str, uen: str | None = None, *, javascript: bool = True) -> Page:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    if door == "Registry":
        page.goto(stack.url + "/registry/sign-in")
    else:
        page.goto(stack.url + "/sign-in")
        page.get_by_role("link", name=f"Sign in with {door}").click()
    sign_in_on_mockpass(page, nric, uen=uen)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    if javascript:
        return page
    # mockpass's own page needs JavaScript; the portal does not. Carry the session over.
    bare = chromium.new_context(viewport=PHONE, java_script_enabled=False, storage_state=context.storage_state())
    context.close()
    return bare.new_page()


def _start(page: Page, stack, case_no: str, type_label: str, link: str = "File an application or document") -> None:
    page.goto(f"{stack.url}/cases/{case_no}")
    page.get_by_role("link", name=link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What do you want to file?")
    page.get_by_role("link", name=type_label, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(type_label)


def _upload(page: Page, link_name: str, file_name: str) -> None:
    page.get_by_role("link", name=link_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a PDF")
    page.get_by_label("PDF file").set_input_files(_pdf(file_name))
    page.get_by_role("button", name="Upload").click()
    # The file is read back and parsed before the form comes back; against moto serving one request
    # at a time on a busy machine that can take longer than Playwright's five seconds.
    expect(page.get_by_text(re.compile(r", 1 page$")).first).to_be_visible(timeout=30_000)


def _no_sideways_scrolling(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_an_accused_without_a_lawyer_files_applications_and_documents(stack, chromium):
    case_no = f"MAC-901877-{_year()}"
    page = _signed_in(chromium, stack, "Singpass", "S6005040F")

    # A request for court records: the fee is worked out by the court's system before submitting.
    _start(page, stack, case_no, "Request for court records")
    page.get_by_label("Judgment", exact=True).check()
    page.get_by_label("Sentence", exact=True).check()
    page.get_by_label("Number of copies").fill("2")
    page.get_by_label("Purpose", exact=True).fill("To decide whether to appeal")
    page.get_by_role("button", name="Save and check").click()
    expect(page.locator("#filing-status")).to_have_text("Draft")
    expect(page.locator("#fee-total")).to_have_text("S$30.00")
    _no_sideways_scrolling(page)
    page.get_by_role("button", name="Submit to the court").click()
    expect(page.locator("#filing-status")).to_have_text("Awaiting payment")
    expect(page.locator("#what-next")).to_contain_text("Pay S$30.00 (reference FEE-")
    expect(page.locator("#timeline")).to_contain_text("Submitted to the court by Tan Wei Ming")

    # Leave to travel: the bailor comes from the court's record, and a trip over a court date is
    # warned of before it is submitted.
    _start(page, stack, case_no, "Application to leave jurisdiction")
    expect(page.get_by_label("Bailor's name")).to_have_value("Tan Ah Huat")
    page.get_by_label("Destination").fill("Kuala Lumpur, Malaysia")
    page.get_by_label("Departure date").fill(_day(2))
    page.get_by_label("Return date").fill(_day(16))
    page.get_by_label("Purpose of the trip").fill("My sister's wedding")
    page.get_by_role("button", name="Save and check").click()
    expect(page.locator("#filing-problems")).to_contain_text("The bailor must agree to the trip")  # not ticked
    page.get_by_label("My bailor agrees to this trip").check()
    page.get_by_role("button", name="Save and check").click()
    expect(page.get_by_text(re.compile("Your trip overlaps a court date"))).to_be_visible()
    expect(page.locator(".filing-details")).to_contain_text("Next court date")
    page.get_by_role("button", name="Submit to the court").click()
    expect(page.locator("#filing-status")).to_have_text("Submitted")

    # Written submissions, uploaded with the page's script (and its progress bar).
    _start(page, stack, case_no, "Written submissions")
    _upload(page, "Upload the document (pdf)", "submissions-on-bail.pdf")
    expect(page.get_by_text("submissions-on-bail.pdf")).to_be_visible()
    page.get_by_label("Title").fill("Submissions on bail")
    page.get_by_role("button", name="Save and check").click()
    page.get_by_role("button", name="Submit to the court").click()
    expect(page.locator("#filing-status")).to_have_text("Submitted")
    expect(page.get_by_role("link", name=re.compile("The document \\(PDF\\): submissions-on-bail.pdf"))).to_be_visible()

    # Another document, this time without JavaScript: the upload form posts to storage, which
    # sends the browser back to the portal.
    bare = _signed_in(chromium, stack, "Singpass", "S6005040F", javascript=False)
    _start(bare, stack, case_no, "Other document")
    bare.get_by_role("link", name="Upload the document (pdf)").click()
    bare.get_by_label("PDF file").set_input_files(_pdf("letter.pdf"))
    bare.get_by_role("button", name="Upload").click()
    expect(bare.get_by_role("heading", level=1)).to_have_text("Other document", timeout=30_000)  # see _upload
    expect(bare.get_by_text(re.compile(r", 1 page$")).first).to_be_visible()
    bare.get_by_label("Title").fill("Letter explaining my absence")
    bare.get_by_role("button", name="Save and check").click()
    bare.get_by_role("button", name="Submit to the court").click()
    expect(bare.locator("#filing-status")).to_have_text("Submitted")

    page.goto(f"{stack.url}/cases/{case_no}")
    filings = page.locator("section", has=page.get_by_role("heading", name="Applications and documents"))
    for words in ("Request for court records", "Application to leave jurisdiction",
                  "Written submissions: Submissions on bail", "Other document: Letter explaining my absence"):
        expect(filings).to_contain_text(words)
    _no_sideways_scrolling(page)


def test_counsel_file_a_mitigation_plea_and_submit_the_case_for_the_defence_a_paralegal_prepared(stack, chromium):
    counsel = _signed_in(chromium, stack, "Corppass", "S8116474F", FIRM_UEN)  # Daniel Lim
    _start(counsel, stack, f"DAC-904512-{_year()}", "Mitigation plea")
    _upload(counsel, "Upload the document (pdf)", "mitigation-plea.pdf")
    expect(counsel.get_by_label("Title")).to_have_value("Mitigation plea")
    counsel.get_by_role("button", name="Save and check").click()
    counsel.get_by_role("button", name="Submit to the court").click()
    expect(counsel.locator("#filing-status")).to_have_text("Submitted")
    expect(counsel.get_by_text("For Tan Wei Ming")).to_be_visible()

    ccdc_case = f"DAC-906233-{_year()}"
    paralegal = _signed_in(chromium, stack, "Corppass", "S6005043J", FIRM_UEN)  # Nur Hidayah
    _start(paralegal, stack, ccdc_case, "Case for the Defence", link="Prepare an application or document")
    expect(paralegal.get_by_text("Due date set by the court:")).to_be_visible()
    _upload(paralegal, "Upload the document (pdf)", "case-for-the-defence.pdf")
    paralegal.get_by_role("button", name="Save and check").click()
    expect(paralegal.locator("#what-next")).to_contain_text("Counsel of Tan & Lim LLP check it and submit it")
    expect(paralegal.get_by_role("button", name="Submit to the court")).to_have_count(0)
    draft = paralegal.url

    sarah = _signed_in(chromium, stack, "Corppass", "S8723211E", FIRM_UEN)  # Sarah Tan, on record
    sarah.goto(draft)
    expect(sarah.locator(".filing-details")).to_contain_text("Due date set by the court")
    sarah.get_by_role("button", name="Submit to the court").click()
    expect(sarah.locator("#filing-status")).to_have_text("Submitted")
    who = sarah.locator("section", has=sarah.get_by_role("heading", name="Who"))
    expect(who).to_contain_text("Nur Hidayah binte Salleh (paralegal, Tan & Lim LLP)")
    expect(who).to_contain_text("Sarah Tan Hui Min (counsel, Tan & Lim LLP)")
    expect(who).to_contain_text("Muhammad Faizal bin Ismail")


def test_the_registry_acts_and_the_filer_sees_the_status_change(stack, chromium):
    officer = _signed_in(chromium, stack, "Registry", "S3000024B")
    officer.get_by_role("link", name="Filings to review").first.click()
    expect(officer.get_by_role("heading", level=1)).to_have_text("Filings to review")
    officer.get_by_label("Type").select_option("written_submissions")
    officer.get_by_role("button", name="Show").click()
    officer.locator("#review-queue a").first.click()
    officer.get_by_role("button", name="Accept onto the record").click()
    expect(officer.locator("#filing-status")).to_have_text("Accepted")

    # The fee on Tan Wei Ming's request for court records: waived, then the request reviewed.
    officer.goto(f"{stack.url}/cases/MAC-901877-{_year()}")
    officer.get_by_role("row", name=re.compile("Request for court records.*Awaiting payment")).first \
        .get_by_role("link").click()
    reference = officer.url.rsplit("/", 1)[1]
    officer.get_by_label("Reason for waiving the fee").fill("Receiving ComCare assistance")
    officer.get_by_role("button", name="Waive the fee").click()
    expect(officer.locator("#filing-status")).to_have_text("Fee settled")
    expect(officer.locator("#fee-status")).to_have_text("Waived")
    officer.get_by_role("button", name="Start review").click()
    expect(officer.locator("#filing-status")).to_have_text("Under review")
    officer.get_by_label("Conditions (optional)").fill("Copies to be collected at the Service Hub, Level 2")
    officer.get_by_role("button", name="Approve").click()
    expect(officer.locator("#filing-status")).to_have_text("Approved")

    accused = _signed_in(chromium, stack, "Singpass", "S6005040F")
    accused.goto(f"{stack.url}/cases/MAC-901877-{_year()}")
    row = accused.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("Approved")
    row.get_by_role("link").click()
    expect(accused.locator("#timeline")).to_contain_text("The registry waived the fee.")
    conditions = accused.get_by_role("region", name="Conditions")
    expect(conditions).to_contain_text("Copies to be collected at the Service Hub, Level 2")
    _no_sideways_scrolling(accused)
