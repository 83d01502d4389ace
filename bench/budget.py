"""The performance budget: what each route and job may cost, and the check ``make test`` runs.

``bench/budgets.json`` holds the budgets, chosen by hand (a route's budget is its AWS round trips
per request at the single-table minimum: the session lookup and the route's own calls). The
figures come from the bench (``bench/round_trips.py --json``), which calls every route once as
``bench/scenarios.py`` says. ``check(figures, budgets)`` lists every way they disagree:

- a route whose round trips rose above its budget;
- a budgeted route (or job figure) the bench measured no figure for;
- a route the bench measured that has no budget yet (a new route gets one when it is added).

Counts only: nothing here is timed (a count does not depend on the machine).
"""

from __future__ import annotations

import json
from pathlib import Path

BUDGETS = Path(__file__).resolve().parent / "budgets.json"


def route_key(method: str, route: str, caller: str) -> str:
    return f"{method} {route} as {caller}"


def load(path: Path = BUDGETS) -> dict:
    return json.loads(path.read_text())


def check(figures: dict, budgets: dict) -> list[str]:
    problems = []
    measured, allowed = figures["routes"], budgets["routes"]
    for key, budget in sorted(allowed.items()):
        if key not in measured:
            problems.append(f"{key}: budgeted at {budget} round trips but the bench measured no figure for it")
        elif measured[key] > budget:
            problems.append(f"{key}: {measured[key]} AWS round trips, over its budget of {budget}")
    for key in sorted(set(measured) - set(allowed)):
        problems.append(f"{key}: measured at {measured[key]} round trips but has no budget in bench/budgets.json")
    for name, budget in sorted(budgets["jobs"].items()):
        figure = figures["jobs"].get(name)
        if figure is None:
            problems.append(f"{name}: budgeted at {budget} but the bench measured no figure for it")
        elif figure > budget:
            problems.append(f"{name}: {figure}, over its budget of {budget}")
    return problems
