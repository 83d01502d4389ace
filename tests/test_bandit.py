"""bandit over the code that ships and the code that runs the stack: no medium or high finding, and
every finding silenced in place says why on the line above."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from local.environment import REPO

SCANNED = ["app.py", "chalicelib", "local", "bench"]


def test_bandit_finds_nothing_of_medium_or_high_severity():
    scan = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "bandit", "-q", "-r", *SCANNED, "--severity-level", "medium", "-f", "json"],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )
    report = json.loads(scan.stdout)
    findings = [f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}" for r in report["results"]]
    assert findings == [], "\n".join(findings)
    assert report["errors"] == []


def test_every_silenced_finding_is_explained_in_place():
    unexplained = []
    for folder in SCANNED:
        paths = [REPO / folder] if folder.endswith(".py") else sorted((REPO / folder).rglob("*.py"))
        for path in paths:
            lines = path.read_text().splitlines()
            for number, line in enumerate(lines):
                if re.search(r"#\s*nosec\b", line) and not re.search(r"#\s*nosec B[0-9]+: \S", lines[number - 1] + line):
                    unexplained.append(f"{path.relative_to(REPO)}:{number + 1}")
    assert unexplained == []
