"""Unknown URLs: the portal's own 404, a page with the masthead or JSON under ``/api/``.

``/{proxy+}`` is API Gateway's greedy path variable: every path no other route matches reaches this
route, at any depth (``local/api_gateway.py`` gives ``chalice local`` and the test client the same
matching). A known path asked with a method it does not take is answered by Chalice (405), and in
AWS by the gateway response ``infra/lambda.yaml`` sets; both carry the same headers as every answer.
"""

from __future__ import annotations

import json

from chalice import Chalice, Response

from .errors import JSON_HEADERS
from .urls import requested_path

CATCH_ALL = "/{proxy+}"
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def _answer(app: Chalice) -> Response:
    request = app.current_request
    path = requested_path(request)
    if path == "/api" or path.startswith("/api/"):
        body = {"error": "not_found",
                "message": f"there is no API route {request.method} {path}; the routes are listed at /api/openapi.json"}
        return Response(body=json.dumps(body), status_code=404, headers=JSON_HEADERS)
    # The page needs the caller's session; imported here, as views are, not by every cold start.
    from ..domain.errors import DomainError, NotFound
    from .errors import page_error
    from .session import current_session

    try:
        session = current_session(request)
    except DomainError:
        session = None
    principal = session.principal if session else None
    return page_error(NotFound("there is no page at this address; check it, or start again from the home page"),
                      principal, session.csrf_token if session else None,
                      inbox_unread=session.unread if session else None)


def register_catch_all(app: Chalice) -> None:
    """Declared on the app after every other route, so that it is the route of last resort."""

    @app.route(CATCH_ALL, methods=METHODS, content_types=["*/*"])
    def not_found(proxy: str = ""):
        return _answer(app)

    # Chalice names path variables by ``{\w+}``, which ``{proxy+}`` is not; naming the variable here
    # puts it in the API Gateway definition, as a greedy resource needs.
    for entry in app.routes[CATCH_ALL].values():
        entry.view_args = ["proxy"]
