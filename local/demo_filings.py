"""Demo filings: what the cases need for every type of filing, and a few filings already made.

After the demo cases are loaded, the registry records what the court has done in them (bail in
Tan Wei Ming's Magistrate's case, his guilty plea to the first charge of his District case, the
date set at Muhammad Faizal's CCDC for the Case for the Defence), then Tan Wei Ming asks for court
records (a fee is due) and his counsel files written submissions, so that the registry's queue and
a fee to waive are there to try. Everything goes through the services, audited like any change;
loading twice changes nothing.

Who can file what, signed in as:

- Tan Wei Ming (accused, MAC-901877, no lawyer, on bail): court records, leave to leave
  jurisdiction, written submissions, other documents.
- Daniel Lim (counsel) or Nur Hidayah (paralegal, drafts only), for Tan Wei Ming in DAC-904512: a
  mitigation plea (a charge is convicted), submissions, court records.
- Sarah Tan (counsel), for Muhammad Faizal in DAC-906233 (CCDC process, on bail): the Case for the
  Defence, leave to leave jurisdiction.
"""

from __future__ import annotations

import io
import secrets
from datetime import date, datetime, timedelta

from chalicelib.domain.audit import Actor
from chalicelib.domain.cases import ChargeStatus
from chalicelib.domain.intake import BailInput, ChargeChange
from chalicelib.domain.principals import Principal, Role

LOADER = Actor.system("demo data")


def _principal(key: str) -> Principal:
    from local import demo_data

    for person, role in demo_data.FIRM_STAFF:
        if person.key == key:
            return Principal(role=role, subject_id=demo_data.subject_id(person), display_name=person.name,
                             firm_uen=demo_data.FIRM.uen, firm_name=demo_data.FIRM.name)
    person = next(p for p in (*demo_data.ACCUSED, demo_data.REGISTRY_OFFICER) if p.key == key)
    role = Role.REGISTRY if person is demo_data.REGISTRY_OFFICER else Role.ACCUSED
    return Principal(role=role, subject_id=demo_data.subject_id(person), display_name=person.name)


def _number(prefix: str, today: date) -> str:
    from local import demo_data

    return next(demo_data.case_number(c, today) for c in demo_data.CASES if c.number == prefix)


def _verified_pdf(principal: Principal, case, now: datetime) -> str:
    """A one-page PDF uploaded and checked as the upload routes do it."""
    from pypdf import PdfWriter

    from chalicelib.aws import client
    from chalicelib.services import uploads
    from chalicelib.settings import get_settings
    from chalicelib.store.uploads import object_key

    ticket = uploads.start(principal, case, "submissions-on-sentence.pdf", now)
    writer, out = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(out)
    client("s3").put_object(Bucket=get_settings().documents_bucket, Key=object_key(case.case_no, ticket.upload_id),
                            Body=out.getvalue(), ContentType="application/pdf", ServerSideEncryption="AES256")
    uploads.complete(LOADER, principal, case, ticket.upload_id, now)
    return ticket.upload_id


def _file(principal: Principal, case_no: str, payload: dict, now: datetime) -> None:
    from chalicelib.services import filings
    from chalicelib.web.filing_schemas import parse_filing_request

    made = filings.create(LOADER, principal, case_no, parse_filing_request(payload),
                          filings.RequestKey.of(principal, "demo-" + secrets.token_hex(8)), now)
    filings.submit(LOADER, principal, case_no, made.filing.filing_id, None, now)


def load(today: date, now: datetime) -> None:
    from chalicelib.services import filings, intake
    from chalicelib.store import filings as filing_store

    registry = _principal("registry-officer")
    magistrates, district, ccdc_case = (_number(n, today) for n in ("MAC-901877", "DAC-904512",
                                                                               "DAC-906233"))
    if filing_store.read_case(magistrates).case.bail is None:
        intake.set_bail(LOADER, magistrates, BailInput(amount_cents=5_000_00, bailor_name="Tan Ah Huat",
                                                       bailor_phone="+65 9188 2233",
                                                       bailor_email="tan.ahhuat@example.sg"), now)
    first_charge = filing_store.read_case(district).case.charges[0]
    if first_charge.status is ChargeStatus.PENDING:
        intake.change_charge(LOADER, district, first_charge.charge_no, ChargeChange(status=ChargeStatus.CONVICTED), now)
    with_ccdc = filing_store.read_case(ccdc_case)
    if with_ccdc.defence_case_due is None:
        ccdc = next(e for e in with_ccdc.case.events if e.type.value == "criminal_case_disclosure_conference")
        due = ccdc.starts_at.date() + timedelta(days=14)
        filings.record_defence_case_due(LOADER, registry, ccdc_case, due, now)

    accused = _principal("accused-tan-wei-ming")
    if not filing_store.read_case(magistrates).filings:
        _file(accused, magistrates, {"type": "court_records", "details": {
            "records": ["judgment", "record_of_proceedings"], "copies": 1,
            "purpose": "To see what was said at the mention and decide whether to plead guilty"}}, now)
    counsel = _principal("counsel-daniel-lim")
    if not filing_store.read_case(district).filings:
        case = filing_store.read_case(district).case
        upload = _verified_pdf(counsel, case, now)
        _file(counsel, district, {"type": "written_submissions", "details": {
            "title": "Submissions on sentence", "note": "For the pre-trial conference"},
            "documents": {"document": upload}}, now)
