"""Write ``chalicelib/web/route_table.py`` from the views' declarations: ``python -m local.route_table``.

Every module of ``chalicelib/web`` is imported and each route it declares (``web/routing.py``) becomes
one row: method, path, module, view and content types. The app is wired from that table without
importing the views (``web/views.py``); ``tests/unit/test_route_table.py`` checks it is current.
"""

from __future__ import annotations

import pkgutil
from importlib import import_module

from local.environment import REPO

TABLE = REPO / "chalicelib" / "web" / "route_table.py"

HEADER = '''"""Every route of the portal: (method, path, module, view, content types).

Written by ``python -m local.route_table`` from the views' declarations; do not edit by hand.
"""

ROUTE_TABLE: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
'''


def declared_rows() -> list[tuple[str, str, str, str, tuple[str, ...]]]:
    import chalicelib.web as web
    from chalicelib.web.routing import ROUTES

    for module in pkgutil.iter_modules(web.__path__):
        import_module(f"{web.__name__}.{module.name}")
    rows = []
    for spec in ROUTES:
        for method in spec.methods:
            rows.append((method, spec.path, spec.module, spec.name, spec.content_types))
    return sorted(rows, key=lambda row: (row[1], row[0]))


def render(rows) -> str:
    return HEADER + "".join(f"    {row!r},\n" for row in rows) + ")\n"


def main() -> None:
    text = render(declared_rows())
    if TABLE.exists() and TABLE.read_text() == text:
        print(f"{TABLE.relative_to(REPO)} is current ({text.count(chr(10)) - 7} routes)")
        return
    TABLE.write_text(text)
    print(f"wrote {TABLE.relative_to(REPO)}")


if __name__ == "__main__":
    main()
