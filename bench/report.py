"""The Markdown report of a benchmark run: one row per call, then how the counts were taken."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from bench.counter import ROUTE, SESSION_LOOKUP, RoundTripCounter, Tally
from bench.scenarios import Scenario
from bench.seed import World


@dataclass
class Measurement:
    scenario: Scenario
    status: int
    tally: Tally
    # Requests the fake Singpass and Corppass answered during the call: not AWS, listed apart.
    provider_requests: Counter = field(default_factory=Counter)


def operations_text(counts: Counter) -> str:
    if not counts:
        return "none"
    return ", ".join(f"{operation} ×{number}" for operation, number in sorted(counts.items()))


def other_services_calls(tally: Tally) -> list[str]:
    calls = []
    for service in sorted(tally.services() - {"dynamodb"}):
        counts = sorted(tally.operations(service).items())
        calls.extend(f"{service} {operation} ×{number}" for operation, number in counts)
    return calls


def other_calls_text(measurement: Measurement) -> str:
    provider_calls = [f"{request} ×{number}" for request, number in sorted(measurement.provider_requests.items())]
    return ", ".join(other_services_calls(measurement.tally) + provider_calls) or "none"


def route_order(routes) -> dict[tuple[str, str], int]:
    order = {}
    for spec in routes:
        for method in spec.methods:
            order.setdefault((method, spec.path), len(order))
    return order


def not_exercised(routes, measurements: list[Measurement]) -> list[tuple[str, str, str]]:
    # A refused call stops before the view, so it does not count as exercising the route.
    measured = {(m.scenario.method, m.scenario.route) for m in measurements if m.status < 400}
    return [
        (method, path, "no scenario for it in bench/scenarios.py yet")
        for method, path in route_order(routes)
        if (method, path) not in measured
    ]


def table_lines(routes, measurements: list[Measurement]) -> list[str]:
    order = route_order(routes)
    rows = sorted(measurements, key=lambda m: order.get((m.scenario.method, m.scenario.route), len(order)))
    lines = [
        "| Method | Path | Caller | Status | Session lookup | Route's DynamoDB calls | Route's DynamoDB round trips "
        "| Request's DynamoDB round trips | Other calls |",
        "|---|---|---|---|---|---|---:|---:|---|",
    ]
    for m in rows:
        s, tally = m.scenario, m.tally
        lines.append(
            f"| {s.method} | `{s.route}` | {s.caller} | {m.status} "
            f"| {operations_text(tally.operations('dynamodb', SESSION_LOOKUP)) if s.principal else 'no session'} "
            f"| {operations_text(tally.operations('dynamodb', ROUTE))} "
            f"| {tally.total('dynamodb', ROUTE)} | {tally.total('dynamodb')} | {other_calls_text(m)} |"
        )
    return lines


def report(
    routes,
    measurements: list[Measurement],
    lookups: list[tuple[str, Tally]],
    world: World,
    counter: RoundTripCounter,
    command: str,
    today: date,
    *,
    relay: Tally | None = None,
    delivery=None,
    reminders=None,
    case_list=None,
) -> str:
    lines = [
        "# DynamoDB round trips per route",
        "",
        f"Generated on {today.isoformat()} with `{command}`.",
        "",
        "Each route was called once, through Chalice's test client against moto, by the caller shown. "
        "The data behind the calls: one accused with "
        f"{world.cases_seeded} cases ({world.charges_seeded} charges, {world.events_seeded} court events), "
        f"a law firm with an administrator, two counsel and a paralegal, on record for {world.represented_case}, "
        "and a registry officer on the staff list; cases seeded through the registry API, the firm and the "
        "staff list through their stores.",
        "",
        "\"Session lookup\" is what resolving the caller's session cost before the view ran; the "
        "route's own columns exclude it. A request's DynamoDB total is the sum of the two. A change's "
        "audit entry and its notices are items of the change's own `TransactWriteItems`; the audit "
        "entries of what changes no data (sign-ins, sign-outs, refusals) are a `PutItem` of the route.",
        "",
        *table_lines(routes, measurements),
        "",
        "## Session lookup",
        "",
        "Every signed-in request reads its session, together with the account of a law-firm user or "
        "registry officer and the unread count of an accused person's or law-firm user's inbox (shown in "
        "the header of every page), before the view runs, and moves the idle clock forward at most once a "
        "minute (measured on `GET /api/cases` as the accused):",
        "",
        "| Session | DynamoDB calls of the lookup |",
        "|---|---|",
    ]
    for label, tally in lookups:
        lines.append(f"| {label} | {operations_text(tally.operations('dynamodb', SESSION_LOOKUP))} |")
    if relay is not None:
        lines += [
            "",
            "## Outbox relay",
            "",
            "A change writes its notices into one outbox item inside its own transaction, so the route's "
            "columns above already include them. The table's stream hands the item to `relay_outbox`, "
            "which queues the notices for delivery (measured with the outbox record of the newest change "
            "above):",
            "",
            "| Work | DynamoDB calls | Other calls |",
            "|---|---|---|",
            f"| relay one change's outbox record | {operations_text(relay.operations('dynamodb'))} | "
            f"{', '.join(other_services_calls(relay)) or 'none'} |",
        ]
    if delivery is not None:
        lines += delivery_lines(delivery)
    if reminders:
        lines += reminder_lines(reminders)
    if case_list is not None:
        lines += case_list_lines(case_list)
    skipped = not_exercised(routes, measurements)
    lines += ["", "## Not in the table", ""]
    lines += [f"- `{method} {path}`: {reason}." for method, path, reason in skipped]
    lines += [
        "- The SES feedback consumer (`record_email_feedback`): one TransactWriteItems per bounce or complaint "
        "report (up to 40 addresses), not measured here.",
        "",
        "## How the counts are taken",
        "",
        "- A botocore `before-send` handler, registered on every botocore session created after start-up "
        "and on each client the app already held, counts each HTTP request per service and operation. "
        "A retry would count as a further round trip; "
        f"this run saw {sum(m.tally.retries for m in measurements)}.",
    ]
    if counter.cross_checks_pynamodb:
        disagreements = sum(m.tally.pynamodb_dispatches != m.tally.api_calls["dynamodb"] for m in measurements)
        lines.append(
            "- PynamoDB's own `pre_dynamodb_send` signal, counted alongside, "
            + ("matched the hook's DynamoDB count on every request, so no PynamoDB client escaped the hook."
               if not disagreements else
               f"differed from the hook's DynamoDB count on {disagreements} requests (calls not made by PynamoDB).")
        )
    first = world.first_create_in_process
    lines += [
        "- Singpass and Corppass were the in-process fake provider of the OIDC tests "
        "(`tests/fixtures/fake_oidc.py`), answering the portal's requests to them without a network; "
        "\"Other calls\" lists those requests by endpoint. The browser's part of each sign-in (the door "
        "that starts it, the provider's login page) ran unmeasured just before its callback.",
        "- Caches were warm, as in a Lambda container that has served a request before (the providers' "
        "discovery documents and keys too: a sign-in was completed through each before measuring; the "
        "maintenance notice every page shows, read at most once per container every 30 s, was read just "
        "before each call). For "
        "comparison, the process's first `POST /api/registry/cases` (seeding, session lookup included) made "
        f"DynamoDB {operations_text(first.operations('dynamodb'))}; "
        f"{', '.join(other_services_calls(first)) or 'no other AWS calls'}.",
        "- Nothing is timed: moto's response times say nothing about DynamoDB's.",
        "",
    ]
    return "\n".join(lines)


def delivery_lines(cost) -> list[str]:
    tally = cost.tally
    people = sum(cost.recipients.values())
    dynamodb = tally.total("dynamodb")
    others = {service: tally.total(service) for service in sorted(tally.services() - {"dynamodb"})}
    whom = ", ".join(f"{number} {relation}" for relation, number in sorted(cost.recipients.items()))
    sent = ", ".join(f"{number} by {channel}" for channel, number in sorted(cost.channels.items()))
    return [
        "",
        "## Delivering one notice",
        "",
        f"The registry moved a hearing of the case with everyone on record; `deliver_notifications` was then "
        f"handed that one `{cost.kind}` notice as the queue would hand it ({people} people: {whom}; sent {sent}). "
        "The accused had a confirmed mobile number and SMS on; the bailor has an email address and a mobile "
        "number on record; counsel have no mobile number.",
        "",
        "| | DynamoDB | " + " | ".join(others) + " |",
        "|---|---|" + "---|" * len(others),
        f"| Calls | {operations_text(tally.operations('dynamodb'))} | "
        + " | ".join(operations_text(tally.operations(service)) for service in others) + " |",
        f"| Round trips | {dynamodb} | " + " | ".join(str(n) for n in others.values()) + " |",
        f"| Per recipient | {dynamodb / people:.2f} | " + " | ".join(f"{n / people:.2f}" for n in others.values()) + " |",
        "",
        "DynamoDB's share does not grow with the people told: the idempotency record (PutItem, then UpdateItem), "
        "the case (one consistent Query, to check the notice still holds), everyone's profile, account and "
        "channel settings (one BatchGetItem), whether their addresses bounced (one BatchGetItem), and every "
        "inbox entry with its unread count (one TransactWriteItems). Each template is rendered once per kind of "
        "recipient. Email and SMS are one request per message: no person sees another's address.",
        f"Items read: {operations_text(tally.items_read)}.",
    ]


def case_list_lines(tally) -> list[str]:
    return [
        "",
        "## A person's case list",
        "",
        "One accused with 20 cases of 10 court dates each asks for `GET /api/cases`: "
        f"DynamoDB calls {operations_text(tally.operations('dynamodb'))}, items read "
        f"{operations_text(tally.items_read)}. The list's Query reads the case items only; each carries its "
        "scheduled dates still ahead, kept in the transaction of every change to the case's dates.",
    ]


def reminder_lines(runs) -> list[str]:
    lines = [
        "",
        "## The daily reminder job at two table sizes",
        "",
        "The same court events are due 7, 3 and 1 days ahead; the other cases' hearings fall on other days. "
        "`send_court_reminders` was fired as EventBridge fires it, and each page it queued was handed to "
        "`remind_court_dates` as the reminder pages queue hands it, first with the table holding "
        f"{runs[0].cases:,} bulk-loaded cases, then {runs[-1].cases:,}:",
        "",
        "| Cases held | Reminders queued | Pages (schedule → consumer) | DynamoDB calls | Items read | SQS calls |",
        "|---:|---:|---|---|---|---|",
    ]
    for run in runs:
        lines.append(f"| {run.cases:,} | {run.reminders} | {run.planned} → {run.pages} "
                     f"| {operations_text(run.tally.operations('dynamodb'))} "
                     f"| {operations_text(run.tally.items_read)} | {operations_text(run.tally.operations('sqs'))} |")
    first, last = runs[0].tally, runs[-1].tally
    ratio = sum(last.items_read.values()) / max(1, sum(first.items_read.values()))
    lines += [
        "",
        f"Items read with {runs[-1].cases:,} cases ÷ with {runs[0].cases:,}: **{ratio:.2f}**. The schedule "
        "makes one SQS request (a message per day ahead) and reads nothing; each page reads one page of one "
        "`DAY#` partition of `gsi2` (that day's events only, at most 100), writes their reminders as one outbox "
        "item and queues the next page if the day has more, so no invocation's work grows with the day's "
        "volume. Each reminder is checked again when it is delivered (the case, one consistent Query), so a date "
        "moved or vacated since gets no reminder.",
    ]
    return lines
