"""``make bench``: every figure the performance budget speaks of, into ``docs/performance.md``.

    .venv/bin/python -m bench.performance [--load-seconds 60] [--write docs/performance.md]

Runs, each in a process of its own (each starts its own moto):

1. ``bench.round_trips``: AWS round trips of every route (also ``docs/bench-round-trips.md``),
   delivering one notice, the outbox relay, a person's case list of 20 cases with 10 court dates
   each, and the reminder job with 1,000 and 20,000 cases held;
2. ``bench.cold_start``: importing the app against importing the stack's libraries;
3. ``local.package``: the prod Lambda package, for its size;
4. ``bench.load``: 50 users browsing and filing on the local stack.

and writes the report with each figure beside its budget (``bench/budgets.json``). ``make test``
re-counts the round trips and fails on any figure over budget (``tests/performance``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from bench import budget, cold_start, load

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def _run(*args: str, check: bool = True) -> None:
    subprocess.run([PYTHON, "-m", *args], cwd=ROOT, check=check)


def package_size(out: Path) -> tuple[int, int]:
    """The prod package's zip size and unpacked size, in bytes."""
    import zipfile

    _run("local.package", "--stage", "prod", "--out", str(out))
    archive = out / "prod" / "deployment.zip"
    with zipfile.ZipFile(archive) as opened:
        unpacked = sum(info.file_size for info in opened.infolist())
    return archive.stat().st_size, unpacked


ZIP_LIMIT, UNPACKED_LIMIT = 50_000_000, 250_000_000  # Lambda: a zip uploaded directly; any package unpacked


def _package_figure(sizes: tuple[int, int]) -> str:
    zipped, unpacked = (f"**{_mb(n)}**" if n > limit else _mb(n)
                        for n, limit in zip(sizes, (ZIP_LIMIT, UNPACKED_LIMIT)))
    return f"{zipped}, {unpacked}"


def _package_limits(sizes: tuple[int, int]) -> str:
    if sizes[1] > UNPACKED_LIMIT:
        return "over Lambda's 250 MB limit for a package unpacked: it cannot be deployed as it is."
    if sizes[0] > ZIP_LIMIT:
        return ("over the 50 MB Lambda takes as a zip uploaded directly, inside its 250 MB limit unpacked: it is "
                "deployed through S3 (`aws cloudformation package`, docs/deploy.md), where only the unpacked limit "
                "applies.")
    return "inside Lambda's 50 MB (zip) and 250 MB (unpacked) limits."


def _ops(counts: dict) -> str:
    return ", ".join(f"{operation} ×{number}" for operation, number in sorted(counts.items())) or "none"


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def report(figures: dict, budgets: dict, start: cold_start.ColdStart, sizes: tuple[int, int], loaded: dict | None,
           today: date, command: str, uncompiled: cold_start.ColdStart | None = None) -> str:
    problems = budget.check(figures, budgets)
    lines = [
        "# Performance",
        "",
        f"Generated on {today.isoformat()} with `{command}` (`make bench`). Counts do not depend on the machine; "
        "times were measured on a shared 2-core machine and are compared only within one run.",
        "",
        "## Summary",
        "",
        "| Figure | Measured | Goal |",
        "|---|---:|---:|",
        f"| Import of `app` ÷ import of the stack's libraries (medians of {start.runs}) | "
        f"**{start.ratio:.2f}** ({start.medians['app'] * 1000:.0f} ms ÷ {start.medians['libraries'] * 1000:.0f} ms) "
        f"| ≤ {cold_start.RATIO_GOAL} |",
    ]
    jobs, job_budgets = figures["jobs"], budgets["jobs"]
    for name in sorted(job_budgets):
        lines.append(f"| {name[0].upper() + name[1:]} | {jobs.get(name, 'not measured')} | ≤ {job_budgets[name]} |")
    lines += [
        f"| Lambda package (prod): zip, unpacked | {_package_figure(sizes)} | ≤ 50 MB, ≤ 250 MB (Lambda's limits) |",
    ]
    if loaded is not None:
        lines.append(f"| Load: errors with {loaded['users']} users for {loaded['seconds']:.0f} s "
                     f"({loaded['requests']} requests) | **{loaded['errors']}** | 0 |")
    lines += [
        "",
        f"Budget check: {'**every figure within its budget**' if not problems else '**over budget**: ' + '; '.join(problems)}.",
        "",
        "## Cold start",
        "",
        "A fresh interpreter per run, as a new Lambda container, importing from the extracted prod package alone "
        "on a code directory Python cannot cache bytecode in (as Lambda's `/var/task`): `app` (what the API "
        "function imports) against the stack's libraries (`import chalice, boto3, pynamodb.models, pydantic, "
        f"jinja2`), alternating, {start.runs} runs each (`python -m bench.cold_start --package ZIP`). Medians: app "
        f"{start.medians['app'] * 1000:.0f} ms, libraries {start.medians['libraries'] * 1000:.0f} ms, ratio "
        f"**{start.ratio:.2f}**. Routes are wired from a table (`chalicelib/web/route_table.py`) and each view's "
        "module is imported when its route is first asked for: the first request for a case page adds "
        f"{(start.medians['app_and_case_page'] - start.medians['app']) * 1000:.0f} ms, and a container that "
        "serves every route has imported every view module for "
        f"{(start.medians['app_and_every_view'] - start.medians['app']) * 1000:.0f} ms more than the app's import."
        + (f" The same package without its compiled modules (as `chalice package` alone builds it, so every cold "
           f"start compiles every module it imports): app {uncompiled.medians['app'] * 1000:.0f} ms, libraries "
           f"{uncompiled.medians['libraries'] * 1000:.0f} ms; the package therefore ships them compiled "
           "(unchecked-hash `.pyc`, `local/package.py`)." if uncompiled is not None else "")
        + " Loaded by importing the app although only some functions need them: "
        f"{', '.join(start.loaded_only_where_used) or 'none'} (JOSE and the cryptography it loads, PDF, iCalendar, "
        "holidays, Powertools' batch and idempotency are imported where used). Importing the app creates no AWS "
        "client and makes no network call (`tests/unit/test_cold_start.py`); every entity shares one PynamoDB "
        "connection, made on first use.",
        "",
        "## AWS round trips per route, against budget",
        "",
        "Each route called once as the caller shown (`docs/bench-round-trips.md` has each call's operations). "
        "Round trips = every AWS request of the call: the session lookup and the route's own, DynamoDB and "
        "other services.",
        "",
        "| Route and caller | Round trips | Budget |",
        "|---|---:|---:|",
    ]
    for key in sorted(set(figures["routes"]) | set(budgets["routes"])):
        measured = figures["routes"].get(key, "no figure")
        lines.append(f"| `{key}` | {measured} | {budgets['routes'].get(key, 'none')} |")
    details = figures.get("details", {})
    if details:
        delivery, runs, case_list = details["delivery"], details["reminders"], details["case_list"]
        lines += [
            "",
            "## Notices, reminders and the case list",
            "",
            f"**Delivering one notice** (`{delivery['kind']}` to {sum(delivery['recipients'].values())} people: "
            f"{', '.join(f'{n} {who}' for who, n in sorted(delivery['recipients'].items()))}): DynamoDB "
            f"{_ops(delivery['dynamodb'])} = {sum(delivery['dynamodb'].values())} round trips, "
            f"{delivery['dynamodb_per_recipient']} per recipient, the same for any number of people (the reads "
            "batched, every inbox entry and unread count in one transaction); "
            + "; ".join(f"{service} {_ops(ops)}" for service, ops in delivery["other"].items())
            + ". Each template is rendered once per kind of recipient. The idempotency record of each notice has a "
            "partition of its own (`IDEMPOTENCY#<function>#<hash of the notice id>`), written twice per notice "
            "(claimed, then completed), so no key is shared by concurrent deliveries "
            "(`tests/api/test_delivery_failures.py::test_idempotency_records_are_spread_one_partition_per_notice`).",
            "",
            "**The daily reminders**, the same events due with two table sizes (the schedule queues a page request "
            "per day ahead; each page reads at most 100 events of one day):",
            "",
            "| Cases held | Reminders | Pages | DynamoDB | Items read | SQS |",
            "|---:|---:|---:|---|---|---|",
        ]
        for run in runs:
            lines.append(f"| {run['cases']:,} | {run['reminders']} | {run['pages']} | {_ops(run['dynamodb'])} "
                         f"| {_ops(run['items_read'])} | {_ops(run['sqs'])} |")
        lines += [
            "",
            f"**A person's case list**, 20 cases with 10 court dates each: DynamoDB {_ops(case_list['dynamodb'])}, "
            f"items read {_ops(case_list['items_read'])} (the BatchGetItem is the session; the Query reads the 20 "
            "case items and none of the 200 events).",
        ]
    if loaded is not None:
        lines += ["", "## Load on the local stack", ""]
        lines += load.report_lines(load.from_json(loaded))
        lines += [
            "",
            "p95 is of the whole run. \"App CPU\" is the CPU time of the thread that handled the request (the app's "
            "own work, botocore's signing and parsing included); \"waiting on moto\" is the wall time its AWS calls "
            "took. moto serves DynamoDB one request at a time in one process, so under load nearly all of a "
            "request's time is spent queueing there: that says nothing about DynamoDB, whose calls take "
            "milliseconds. The app's share is the figure to watch.",
        ]
    lines += [
        "",
        "## Package",
        "",
        f"`make package STAGE=prod`: `deployment.zip` {_mb(sizes[0])} ({_mb(sizes[1])} unpacked), "
        + _package_limits(sizes) + " It carries its own boto3 and botocore (pinned, so the code runs "
        "against the SDK it was tested with), the holidays and tzdata data, and the templates.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--load-seconds", type=float, default=60.0)
    parser.add_argument("--load-users", type=int, default=50)
    parser.add_argument("--cold-start-runs", type=int, default=9)
    parser.add_argument("--reminder-sizes", default="1000,20000", metavar="SMALL,LARGE")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        _run("bench.round_trips", "--write", str(ROOT / "docs" / "bench-round-trips.md"), "--json",
             str(work / "figures.json"), "--reminder-sizes", args.reminder_sizes)
        figures = json.loads((work / "figures.json").read_text())
        sizes = package_size(work / "package")
        archive = work / "package" / "prod" / "deployment.zip"
        start = cold_start.measure(args.cold_start_runs, cold_start.extract(archive, work / "unpacked"))
        uncompiled = cold_start.measure(args.cold_start_runs,
                                        cold_start.extract(archive, work / "unpacked-source", bytecode=False))
        loaded = None
        if args.load_seconds > 0:
            # Errors are a figure of the report (the goal is none), not a reason to lose the others.
            _run("bench.load", "--users", str(args.load_users), "--seconds", str(args.load_seconds), "--json",
                 str(work / "load.json"), check=False)
            loaded = json.loads((work / "load.json").read_text())
    command = " ".join([".venv/bin/python", "-m", "bench.performance", *(argv if argv is not None else sys.argv[1:])])
    text = report(figures, budget.load(), start, sizes, loaded, date.today(), command, uncompiled)
    args.write.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
