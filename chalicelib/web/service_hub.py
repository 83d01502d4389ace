"""Court staff and payments: the Service Hub counter (look up an application by number, print its
payment advice) and the registry's daily reconciliation, as a page, CSV and JSON.

Service Hub officers are court staff on the registry staff list: they sign in at
``/registry/sign-in`` with Singpass like every registry officer (docs/payments.md).
"""

import re
from datetime import date, timedelta

from chalice import Response
from pydantic import ConfigDict, Field, field_validator

from ..domain.base import Base
from ..domain.clock import singapore_date
from ..domain.errors import NotFound
from ..domain.filings import FilingId
from ..domain.intake import CaseNumber
from ..domain.principals import Role
from ..services import fees_owed, payment_advices, reconciliation
from ..store import payments as payment_store
from .query_fields import DAY_OR_BLANK, BlankDay
from .payments import AdviceOut, FeeOut, ReceiptOut
from .routing import Call, Page, RouteGroup, api, page, redirect

service_hub = RouteGroup(__name__)
STAFF = {Role.REGISTRY}
APPLICATION_NUMBER = r"^[A-Z0-9][A-Z0-9-]{3,39}$"


class ApplicationQuery(Base):
    """An application is found within its case (the fee lives in the case's partition): the payer's
    acknowledgement names both."""

    model_config = ConfigDict(extra="forbid")

    case_no: CaseNumber | None = None
    application_no: str | None = Field(default=None, max_length=40)

    @field_validator("case_no", mode="before")
    @classmethod
    def _case_tidy(cls, value):
        return (value or "").strip().upper() or None

    @field_validator("application_no", mode="before")
    @classmethod
    def _tidy(cls, value):
        value = (value or "").strip().upper()
        if value and not re.match(APPLICATION_NUMBER, value):
            raise ValueError("an application number is letters, digits and hyphens, e.g. APP-7K3Q9M2X")
        return value or None


class ApplicationPath(Base):
    case_no: CaseNumber
    application_no: FilingId


class ApplicationFeeOut(Base):
    case_no: str
    fee: FeeOut


class DayQuery(Base):
    model_config = ConfigDict(extra="forbid")

    # The reconciliation page's day field sends ``day=`` when cleared: blank is today.
    day: BlankDay = Field(None, description="a Singapore calendar day, YYYY-MM-DD; today if left out or blank",
                          json_schema_extra=DAY_OR_BLANK)


class MethodTotalOut(Base):
    method: str
    label: str
    count: int
    amount_cents: int


class MissingWebhookOut(Base):
    gateway_payment: str
    case_no: str
    fee_id: str
    amount_cents: int
    gateway_status: str
    recorded_receipt: str | None


class ReconciliationOut(Base):
    day: date
    total_cents: int
    count: int
    adds_up: bool
    by_method: list[MethodTotalOut]
    payments: list[ReceiptOut]
    gateway_payments_without_webhook: list[MissingWebhookOut]
    gateway_payments_not_checked: list[str] = Field(
        description="card payments started that day whose webhook has not arrived and that the gateway did not "
                    "answer for: ask again later")


def _fee_by_application(query: ApplicationQuery):
    if not (query.case_no and query.application_no):
        raise NotFound("Enter the case number and the application number, as printed on the payer's "
                       "acknowledgement.", field="application_no")
    fee = fees_owed.find_by_application(query.case_no, query.application_no)
    if fee is None:
        raise NotFound(f"Case {query.case_no} has no application {query.application_no} with a fee. Check both "
                       "numbers on the payer's acknowledgement.", field="application_no")
    return fee


# --- Service Hub ---------------------------------------------------------------------------------


@page(service_hub, "/service-hub", roles=STAFF, query=ApplicationQuery)
def service_hub_page(call: Call):
    query = call.query(ApplicationQuery)
    fee = _fee_by_application(query) if query.application_no or query.case_no else None
    return Page("pages/service_hub.html", {"query": query, "fee": fee})


@api(service_hub, "/api/registry/cases/{case_no}/applications/{application_no}/fee", roles=STAFF,
     path_params=ApplicationPath, returns=ApplicationFeeOut)
def application_fee_json(call: Call, case_no: str, application_no: str):
    """An application's fee, found by the case and application numbers on the payer's acknowledgement."""
    path = call.path(ApplicationPath)
    fee = _fee_by_application(ApplicationQuery(case_no=path.case_no, application_no=path.application_no))
    return ApplicationFeeOut(case_no=fee.case_no, fee=FeeOut.of(fee))


@page(service_hub, "/service-hub/advices", roles=STAFF, methods=("POST",))
def service_hub_print_advice(call: Call):
    form = call.form()
    query = ApplicationQuery.model_validate({"case_no": form.get("case_no"),
                                             "application_no": form.get("application_no")})
    advice = payment_advices.request(call.actor, _fee_by_application(query), call.now)
    return redirect(f"/service-hub/advices/{advice.advice_id}")


@page(service_hub, "/service-hub/advices/{advice_id}", roles=STAFF)
def service_hub_advice_page(call: Call, advice_id: str):
    advice = payment_store.get_advice(advice_id.strip().upper())
    if advice is None:
        raise NotFound(f"there is no payment advice {advice_id}")
    return Page("pages/service_hub_advice.html", {"advice": advice, "out": AdviceOut.of(advice)})


# --- reconciliation ------------------------------------------------------------------------------


def _day(call: Call) -> date:
    return call.query(DayQuery).day or singapore_date(call.now)


def _out(report: reconciliation.Reconciliation) -> ReconciliationOut:
    return ReconciliationOut(
        day=report.day, total_cents=report.total_cents, count=len(report.payments), adds_up=report.adds_up,
        by_method=[MethodTotalOut(method=t.method.value, label=t.method.label, count=t.count,
                                  amount_cents=t.amount_cents) for t in report.by_method],
        payments=[ReceiptOut.of(p) for p in report.payments],
        gateway_payments_without_webhook=[
            MissingWebhookOut(gateway_payment=m.attempt.intent_id, case_no=m.attempt.case_no, fee_id=m.attempt.fee_id,
                              amount_cents=m.attempt.amount_cents, gateway_status=m.gateway_status,
                              recorded_receipt=m.recorded_receipt) for m in report.missing_webhooks],
        gateway_payments_not_checked=[attempt.intent_id for attempt in report.unchecked],
    )


@page(service_hub, "/registry/payments", roles=STAFF, query=DayQuery)
def reconciliation_page(call: Call):
    day = _day(call)
    return Page("pages/reconciliation.html", {
        "report": reconciliation.report(day), "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1), "today": singapore_date(call.now)})


@page(service_hub, "/registry/payments/csv", roles=STAFF, query=DayQuery)
def reconciliation_csv(call: Call):
    day = _day(call)
    return Response(body=reconciliation.as_csv(reconciliation.report(day)), status_code=200, headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="icms-payments-{day.isoformat()}.csv"'})


@api(service_hub, "/api/registry/payments", roles=STAFF, query=DayQuery, returns=ReconciliationOut, errors=(503,))
def reconciliation_json(call: Call):
    """A Singapore day's payments by method with their total, and card payments the gateway took whose
    webhook never arrived (checked with the gateway)."""
    return _out(reconciliation.report(_day(call)))
