"""Payment advices and receipts as PDF: fpdf2 lays them out, segno draws the advice's QR code.

The QR code carries the advice's signed reference and nothing else; the amount printed beside it
is for the payer to read, and the kiosk asks ICMS what is owed. The built-in PDF fonts cover
Latin-1 only, so other characters in a name print as "?" (the reference and amounts are ASCII).

Only the functions that draw a PDF import this module (and with it fpdf2 and segno).
"""

from __future__ import annotations

import io

import segno
from fpdf import FPDF

from ..domain.payments import KIOSK_LOCATIONS, SERVICE_HUB, Payment, PaymentAdvice
from ..render import dollars, sg_date, sg_datetime

COURT = "State Courts of Singapore"
HELP = "Questions: State Courts Call Centre, 6 JUSTICE (6587 8423), Monday to Friday, 8.30am to 6.00pm."


def _text(value: str) -> str:
    return value.encode("latin-1", "replace").decode("latin-1")


class _Document(FPDF):
    def __init__(self, title: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_title(title)
        self.set_author(COURT)
        self.set_creator("ICMS")
        self.set_auto_page_break(auto=True, margin=18)
        self.add_page()
        self.set_font("Helvetica", "B", 10)
        self.cell(0, 6, COURT.upper(), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", "", 9)
        self.cell(0, 5, "Integrated Case Management System (ICMS)", new_x="LMARGIN", new_y="NEXT")
        self.ln(6)
        self.set_font("Helvetica", "B", 18)
        self.cell(0, 10, _text(title), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def row(self, label: str, value: str, *, bold: bool = False) -> None:
        self.set_font("Helvetica", "", 10)
        self.cell(52, 7, _text(label))
        self.set_font("Helvetica", "B" if bold else "", 11 if bold else 10)
        self.multi_cell(0, 7, _text(value), new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, text: str, size: int = 10) -> None:
        self.set_font("Helvetica", "", size)
        self.multi_cell(0, 5.5, _text(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def finish(self) -> bytes:
        self.set_y(-30)
        self.set_font("Helvetica", "", 8)
        self.multi_cell(0, 4.5, _text(HELP), new_x="LMARGIN", new_y="NEXT")
        return bytes(self.output())


def qr_svg(reference: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(reference, error="m", micro=False).save(buffer, kind="svg", border=4, omitsize=True)
    return buffer.getvalue()


def advice_pdf(advice: PaymentAdvice) -> bytes:
    pdf = _Document("Payment advice")
    pdf.paragraph("Pay this fee at a payment kiosk in the State Courts: scan the QR code, or key in the "
                  "reference printed under it. Kiosks take cash, NETS, NETS FlashPay and credit cards "
                  "(all but American Express).")
    top = pdf.get_y()
    pdf.image(io.BytesIO(qr_svg(advice.reference)), x=pdf.w - pdf.r_margin - 50, y=top, w=50, h=50)
    pdf.set_right_margin(pdf.r_margin + 56)
    pdf.row("Application number", advice.application_no, bold=True)
    pdf.row("Case number", advice.case_no)
    pdf.row("Payer", advice.payer_name)
    pdf.row("For", advice.description)
    pdf.row("Amount", f"{dollars(advice.amount_cents)} (SGD)", bold=True)
    pdf.row("Pay by", f"{sg_date(advice.expires_at.replace(hour=0))} (this advice expires at the end of that day)")
    pdf.set_right_margin(10)
    pdf.set_y(max(pdf.get_y(), top + 52))
    pdf.set_font("Courier", "B", 13)
    pdf.cell(0, 8, f"Reference: {advice.reference}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.row("Where", KIOSK_LOCATIONS)
    pdf.row("Help", f"{SERVICE_HUB}; it can print a new advice if this one expires.")
    pdf.ln(2)
    pdf.paragraph(f"The kiosk prints a receipt and ICMS records the payment against {advice.application_no}; "
                  "the receipt is also in your ICMS account. Do not pay twice: a fee already paid shows "
                  "nothing owed at the kiosk.", size=9)
    return pdf.finish()


def receipt_pdf(payment: Payment) -> bytes:
    pdf = _Document("Receipt")
    pdf.row("Receipt number", payment.receipt_no, bold=True)
    pdf.row("Date and time paid", f"{sg_datetime(payment.paid_at)} (Singapore time)")
    pdf.row("Amount paid", f"{dollars(payment.amount_cents)} (SGD)", bold=True)
    pdf.row("Method", payment.method_label)
    if payment.kiosk_id:
        pdf.row("Kiosk", f"{payment.kiosk_id}, {payment.kiosk_location or ''}".rstrip(", "))
    pdf.row("Application number", payment.application_no)
    pdf.row("For", payment.description)
    pdf.row("Case number", payment.case_no)
    pdf.row("Paid for", payment.payer_name)
    pdf.ln(4)
    pdf.paragraph("This fee is paid. Keep this receipt for your records; it is also in your ICMS account.")
    return pdf.finish()
