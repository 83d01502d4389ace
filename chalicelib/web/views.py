"""The app's routes, wired from the route table; each view's module is imported when its route is
first asked for.

A cold start imports the app, and the API function then serves whatever route is asked. Importing
every view module (their models, services and stores) up front would cost every cold start several
hundred milliseconds for routes it may never serve, so the app is wired from
``web/route_table.py``, a plain table written by ``python -m local.route_table`` from the views'
own declarations. ``tests/unit/test_route_table.py`` fails when the table no longer matches them.
"""

from __future__ import annotations

from importlib import import_module

from chalice import Chalice

from .route_table import ROUTE_TABLE


def _lazy_view(method: str, path: str, module: str, name: str):
    def view(**params: str):
        import_module(module)  # once per process; declares the module's routes into HANDLERS
        from .routing import HANDLERS

        return HANDLERS[(method, path)](**params)

    view.__name__ = view.__qualname__ = name
    return view


def wire_routes(app: Chalice) -> None:
    """Every route in the table, each with its content types, as the API Gateway definition needs."""
    for method, path, module, name, content_types in ROUTE_TABLE:
        app.route(path, methods=[method], name=f"{module.rsplit('.', 1)[-1]}.{name}",
                  content_types=list(content_types))(_lazy_view(method, path, module, name))


def import_every_view() -> None:
    for module in sorted({row[2] for row in ROUTE_TABLE}):
        import_module(module)
