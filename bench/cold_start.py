"""What a cold start pays to import the portal: ``python -m bench.cold_start [--runs 9] [--package ZIP]``.

Each run starts a fresh interpreter (as Lambda starts a fresh container) and times one import:
either the five libraries the stack is built on (chalice, boto3, pynamodb, pydantic, jinja2), or
the Chalice app (``app``, which the API function imports). They alternate within one run, so a
busy machine slows all alike; the medians are compared. Two more show what the first requests add:
the app with the case page's view module, and with every view module. Nothing here talks to AWS: the import
makes no client and no network call (``tests/unit/test_cold_start.py`` checks that).

With ``--package`` both are imported as Lambda imports them: from the extracted deployment zip
alone (no virtualenv, no site-packages), on a code directory Python cannot write its bytecode
cache to; the package ships its modules compiled (``local/package.py``), and the same zip without
them is measured too, to show what that saves. Without it, from this checkout, whose bytecode
cache the first runs fill.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LIBRARIES = "import chalice, boto3, pynamodb.models, pydantic, jinja2"
# What each function's handler string makes Lambda import, then what a first request adds: routes
# are wired from a table and each view's module is imported when its route is first asked for.
IMPORTS = {
    "libraries": LIBRARIES,
    "app": "import app",
    "app_and_case_page": "import app, chalicelib.web.party",
    "app_and_every_view": "import app; from chalicelib.web.views import import_every_view; import_every_view()",
}
# The goal: the app's import within this multiple of the libraries' (issue: cold start).
RATIO_GOAL = 1.5
# Imported by some functions only, never by importing the app.
ONLY_WHERE_USED = ("joserfc", "cryptography", "pypdf", "icalendar", "holidays", "qrcode", "stripe",
                   "reportlab", "fpdf", "segno", "aws_lambda_powertools.utilities.batch",
                   "aws_lambda_powertools.utilities.idempotency")

_TIMER = """
import sys, time, json
started = time.perf_counter()
{statement}
elapsed = time.perf_counter() - started
print(json.dumps({{"seconds": elapsed, "modules": sorted(sys.modules)}}))
"""


def environment() -> dict[str, str]:
    """The settings a deployed function has, without AWS (nothing is called at import)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("ICMS_") and key not in ("AWS_ENDPOINT_URL", "PYTHONPROFILEIMPORTTIME")}
    env.update(ICMS_IDENTIFIER_PEPPER="cold-start-bench", AWS_DEFAULT_REGION="ap-southeast-1",
               AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")
    # Compiled once by the warm-up runs and read from then on, as the package ships them compiled
    # (local/package.py): a cold start does not compile source.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_import(statement: str, package: Path | None = None) -> tuple[float, list[str]]:
    if package is None:
        command, cwd, env = [sys.executable, "-c", _TIMER.format(statement=statement)], ROOT, environment()
    else:
        # As Lambda runs it: the package's directory first on the path, nothing installed beside the
        # standard library, and no bytecode written (Lambda's code directory is read-only).
        command = [sys.executable, "-S", "-c", _TIMER.format(statement=statement)]
        cwd, env = package, {**environment(), "PYTHONPATH": str(package), "PYTHONDONTWRITEBYTECODE": "1"}
    completed = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if completed.returncode:
        raise RuntimeError(f"{statement}: {completed.stderr[-2000:]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    return result["seconds"], result["modules"]


@dataclass
class ColdStart:
    runs: int
    medians: dict[str, float]
    samples: dict[str, list[float]]
    app_modules: list[str]

    @property
    def ratio(self) -> float:
        return self.medians["app"] / self.medians["libraries"]

    @property
    def loaded_only_where_used(self) -> list[str]:
        """Modules the app's import loaded that only some functions need (should be empty)."""
        return sorted({lazy for m in self.app_modules for lazy in ONLY_WHERE_USED if m == lazy or m.startswith(lazy + ".")})


def measure(runs: int = 9, package: Path | None = None) -> ColdStart:
    samples: dict[str, list[float]] = {name: [] for name in IMPORTS}
    app_modules: list[str] = []
    time_import(LIBRARIES, package)  # warm the file cache once, unmeasured, for both alike
    time_import(IMPORTS["app"], package)
    for _ in range(runs):
        for name, statement in IMPORTS.items():
            seconds, modules = time_import(statement, package)
            samples[name].append(seconds)
            if name == "app":
                app_modules = modules
    return ColdStart(runs, {name: statistics.median(values) for name, values in samples.items()}, samples, app_modules)


def extract(archive: Path, into: Path, *, bytecode: bool = True) -> Path:
    """The deployment zip as Lambda unpacks it; without its compiled modules if ``bytecode`` is off."""
    import zipfile

    with zipfile.ZipFile(archive) as opened:
        members = [n for n in opened.namelist() if bytecode or "__pycache__/" not in n]
        opened.extractall(into, members=members)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--package", type=Path, metavar="ZIP", help="measure imports from this deployment zip")
    args = parser.parse_args()
    if args.package is not None:
        import tempfile

        with tempfile.TemporaryDirectory() as scratch:
            result = measure(args.runs, extract(args.package, Path(scratch)))
    else:
        result = measure(args.runs)
    for name, median in result.medians.items():
        print(f"{name}: median {median * 1000:.0f} ms of {result.runs} runs")
    print(f"ratio app / libraries: {result.ratio:.2f} (goal: at most {RATIO_GOAL})")
    print(f"loaded by importing app but needed only by some functions: {result.loaded_only_where_used or 'none'}")


if __name__ == "__main__":
    main()
