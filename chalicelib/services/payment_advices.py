"""Payment advices: asked for by the payer (paying at a kiosk) or a Service Hub officer, rendered
as a PDF by the payment-advice queue's consumer, paid at a kiosk by their signed reference.

Asking commits the advice with its audit entry and the request to render it, which the outbox
relay sends to the queue once committed (``store/outbox.py``): an advice is never left unrendered
because the function that asked for it died. The consumer renders the PDF into the private
documents bucket, marks the advice issued and tells the parties (one unit of work, so a
redelivered message changes nothing).
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from ..aws import client
from ..domain.audit import Actor, AuditAction
from ..domain.clock import singapore_date
from ..domain.errors import Conflict, NotFound
from ..domain.notices import PaymentAdviceReady, application_ref
from ..domain.payments import AdviceStatus, FeeOwed, PaymentAdvice, make_reference
from ..logs import logger
from ..render import dollars
from ..settings import get_settings
from ..store import payments as store
from ..store.unit_of_work import ConcurrentChange, UnitOfWork
from .card_payments import require_due

CONSUMER = Actor.system("payment advice renderer")


def request(actor: Actor, fee: FeeOwed, now: datetime) -> PaymentAdvice:
    """A new advice for a fee still due, queued for rendering."""
    require_due(fee)
    settings = get_settings()
    valid_until = singapore_date(now) + timedelta(days=settings.payment_advice_days)
    for attempt in range(3):
        advice_id, reference = make_reference(settings.payment_reference_key.get_secret_value().encode(),
                                              secrets.token_bytes(5), valid_until)
        advice = PaymentAdvice(
            advice_id=advice_id, reference=reference, case_no=fee.case_no, fee_id=fee.fee_id,
            application_no=fee.application_no, description=fee.description, payer_name=fee.payer_name,
            amount_cents=fee.amount_cents, valid_until=valid_until, status=AdviceStatus.REQUESTED,
            requested_at=now, requested_by=actor.display_name or "ICMS",
        )
        write = UnitOfWork(actor, now)
        store.put_advice_in(write, advice)
        write.send_after_commit("payment_advice_queue", {"advice_id": advice.advice_id})
        write.audit(AuditAction.PAYMENT_ADVICE_REQUESTED, target=fee.case_no,
                    detail=f"{reference}: {dollars(fee.amount_cents)} for {fee.application_no}, valid until "
                           f"{valid_until.isoformat()}")
        try:
            write.commit()
        except ConcurrentChange:
            if attempt == 2:
                raise
            continue
        return advice
    raise AssertionError("unreachable")


def advice_ready(advice: PaymentAdvice, now: datetime) -> PaymentAdviceReady:
    return PaymentAdviceReady(notice_id=f"payment_advice_ready:{advice.advice_id}", case_no=advice.case_no,
                              created_at=now, filing=application_ref(advice.application_no, advice.description),
                              advice_id=advice.advice_id, reference=advice.reference,
                              amount_cents=advice.amount_cents, valid_until=advice.valid_until)


def render_and_issue(advice_id: str, now: datetime) -> dict:
    """The queue consumer's work for one message; safe to run twice for the same advice."""
    advice = store.get_advice(advice_id)
    if advice is None:
        logger.warning("payment advice not found", extra={"advice_id": advice_id})
        return {"advice_id": advice_id, "outcome": "not found"}
    if advice.status is AdviceStatus.READY:
        return {"advice_id": advice_id, "outcome": "already issued"}
    # Imported here: only this consumer and the receipt link draw PDFs (fpdf2, segno).
    from .payment_documents import advice_pdf

    pdf = advice_pdf(advice)
    client("s3").put_object(Bucket=get_settings().documents_bucket, Key=store.advice_object_key(advice), Body=pdf,
                            ContentType="application/pdf", ServerSideEncryption="AES256")
    write = UnitOfWork(CONSUMER, now)
    store.advice_ready_in(write, advice)
    write.audit(AuditAction.PAYMENT_ADVICE_ISSUED, target=advice.case_no,
                detail=f"{advice.reference}: PDF of {len(pdf)} bytes")
    write.notify(advice_ready(advice, now))
    try:
        write.commit()
    except Conflict:
        return {"advice_id": advice_id, "outcome": "already issued"}
    return {"advice_id": advice_id, "outcome": "issued", "bytes": len(pdf)}


def of_case(advices: list[PaymentAdvice], advice_id: str) -> PaymentAdvice:
    found = next((a for a in advices if a.advice_id == advice_id), None)
    if found is None:
        raise NotFound(f"there is no payment advice {advice_id} for this case")
    return found


def download_link(advice: PaymentAdvice) -> str:
    if advice.status is not AdviceStatus.READY:
        raise Conflict("This payment advice is still being prepared; try again in a moment.")
    return client("s3").generate_presigned_url(
        "get_object",
        Params={"Bucket": get_settings().documents_bucket, "Key": store.advice_object_key(advice),
                "ResponseContentDisposition": f'inline; filename="payment-advice-{advice.application_no}.pdf"',
                "ResponseContentType": "application/pdf"},
        ExpiresIn=get_settings().download_link_seconds,
    )
