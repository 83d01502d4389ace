"""The performance budget: every route's AWS round trips and the jobs' figures, counted afresh by
the bench (its own process and moto), against ``bench/budgets.json``. Counts only, no timings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import budget

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench") / "figures.json"
    # The reminder job's ratio at a tenth of make bench's sizes: the same reads, in far less time.
    # The bench sets its own environment; none of this test run's (its moto, a notice cache of 0 s).
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ICMS_", "AWS_", "POWERTOOLS_"))}
    completed = subprocess.run([sys.executable, "-m", "bench.round_trips", "--json", str(out),
                                "--reminder-sizes", "100,2000"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return json.loads(out.read_text())


def test_every_route_and_job_is_within_its_budget_and_every_budget_has_a_figure(figures):
    assert budget.check(figures, budget.load()) == []


def test_the_check_refuses_a_route_over_budget_a_budget_without_figure_and_a_route_without_budget():
    budgets = {"routes": {"GET /cases as accused": 2, "GET /gone as accused": 1}, "jobs": {"items": 20}}
    figures = {"routes": {"GET /cases as accused": 3, "GET /new as accused": 1}, "jobs": {}}
    problems = budget.check(figures, budgets)
    assert problems == [
        "GET /cases as accused: 3 AWS round trips, over its budget of 2",
        "GET /gone as accused: budgeted at 1 round trips but the bench measured no figure for it",
        "GET /new as accused: measured at 1 round trips but has no budget in bench/budgets.json",
        "items: budgeted at 20 but the bench measured no figure for it",
    ]
