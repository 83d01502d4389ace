"""The app is wired from ``chalicelib/web/route_table.py``; the table must say what the views declare."""

from __future__ import annotations

from local.route_table import TABLE, declared_rows, render


def test_the_route_table_is_what_the_views_declare():
    assert TABLE.read_text() == render(declared_rows()), "the views changed: run `python -m local.route_table`"


def test_the_app_serves_every_declared_route_with_its_content_types():
    import app

    wired = {(method, path): tuple(entry.content_types)
             for path, methods in app.app.routes.items() for method, entry in methods.items()}
    for method, path, _module, _name, content_types in declared_rows():
        assert wired[(method, path)] == content_types


def test_importing_the_app_imports_no_view_until_its_route_is_asked_for():
    import subprocess
    import sys

    script = ("import sys, app\n"
              "from chalicelib.web.route_table import ROUTE_TABLE\n"
              "print(sorted({row[2] for row in ROUTE_TABLE} & set(sys.modules)))\n")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"
