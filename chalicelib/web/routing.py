"""Route declarations: every route says who may call it, and errors become responses in one place.

``api`` routes speak JSON; ``page`` routes render templates. Both resolve the caller's session
before the view runs, refuse callers without one of the route's roles, and record themselves in
``ROUTES`` so that tests can check every route against every role. A declaration does not touch
the Chalice app: ``web/views.py`` wires the app from the route table and imports a view's module
when its route is first asked for (``declared_routes()`` imports them all).

An ``api`` route also declares what it reads and answers (``body``, ``query``, ``path``,
``headers``, ``returns``, ``status``): the OpenAPI contract (``web/openapi.py``) is generated from these, and
the fuzzing in ``make test`` calls every route in it. The declarations are enforced when the route
runs, so the contract cannot drift from the code.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Literal, TypeVar
from urllib.parse import parse_qs, quote, urlencode

from chalice import Response
from chalice.app import Request
from pydantic import BaseModel, ValidationError

from ..domain.audit import Actor
from ..domain.clock import utc_now
from ..domain.errors import DomainError, Forbidden, HiddenFromCaller, NotAuthenticated
from ..domain.principals import Principal, Role
from ..render import render
from ..settings import get_settings
from ..store.sessions import csrf_matches
from .application import current_request
from .errors import HTML_HEADERS, JSON_HEADERS, BadRequest, api_error, page_error, unexpected
from . import audit
from .kiosk_auth import kiosk_session
from .session import CallerSession, current_session
from .urls import public_origin, requested_path

M = TypeVar("M", bound=BaseModel)
Kind = Literal["api", "page"]
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class RouteSpec:
    name: str
    path: str
    methods: tuple[str, ...]
    kind: Kind
    roles: frozenset[Role] | None  # None: open to anyone, signed in or not
    # How the caller proves who they are: a session cookie (people), a signed request (kiosks), or
    # a signed event (the card gateway's webhook, whose view checks the signature over the raw body).
    auth: Literal["session", "kiosk_signature", "gateway_signature"] = "session"
    # What an API route reads and answers; see the module's docstring.
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    path_params: type[BaseModel] | None = None
    # Request headers the route reads, as a model whose fields are aliased to the headers' names.
    headers: type[BaseModel] | None = None
    returns: type[BaseModel] | None = None
    status: int = 200
    # Error statuses the route answers beyond those its shape implies (see ``web/openapi.py``).
    errors: tuple[int, ...] = ()
    summary: str = ""
    module: str = ""  # where the view is declared, imported when the route is first asked for
    content_types: tuple[str, ...] = ("application/json",)  # the request bodies the route accepts


class RouteGroup:
    """The routes one module declares (the module's name, for the route table)."""

    def __init__(self, module: str) -> None:
        self.module = module


ROUTES: list[RouteSpec] = []
# The handler of each (method, path), as ``web/views.py`` calls it.
HANDLERS: dict[tuple[str, str], Callable[..., object]] = {}


def declared_routes() -> list[RouteSpec]:
    """Every route, each view module imported (the contract, the tests and the bench need them all)."""
    from .views import import_every_view

    import_every_view()
    return ROUTES


@dataclass
class Call:
    """What a view gets: the request, the caller (checked against the route's roles) and the time."""

    request: Request
    session: CallerSession | None
    now: datetime = field(default_factory=utc_now)
    spec: RouteSpec | None = None

    @property
    def principal(self) -> Principal | None:
        return self.session.principal if self.session else None

    @property
    def actor(self) -> Actor:
        """Who acts, as a plain value for the service layer's audit entries."""
        return audit.actor(self.request, self.principal)

    @property
    def caller(self) -> Principal:
        if self.principal is None:
            raise NotAuthenticated("sign in to continue")
        return self.principal

    def _body(self) -> bytes:
        raw = self.request.raw_body or b""
        limit = get_settings().max_request_bytes
        if len(raw) > limit:
            raise BadRequest(f"the request body is {len(raw)} bytes; the limit is {limit}", status=413)
        return raw

    def json(self, model: type[M]) -> M:
        """The body as ``model``, strictly: JSON types as the contract documents them (no ``"100"``
        or ``true`` for a number), times as ISO 8601 strings with their offset."""
        if self.spec is not None and self.spec.body is not model:
            raise AssertionError(f"{self.spec.name} declares body={self.spec.body} but reads {model}")
        raw = self._body()
        if not raw.strip():
            raise BadRequest("the request body is empty; send a JSON object")
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BadRequest(f"the request body is not valid JSON: {error}") from error
        except RecursionError as error:
            raise BadRequest("the request body nests too deeply to be read") from error
        if not isinstance(data, dict):
            raise BadRequest("the request body must be a JSON object")
        return model.model_validate_json(raw, strict=True)

    def raw_body(self) -> bytes:
        """The body exactly as sent, for a route that checks a signature over it before it reads it
        (the card gateway's webhook); the route still declares what the body holds."""
        if self.spec is not None and self.spec.body is None:
            raise AssertionError(f"{self.spec.name} reads a body it does not declare")
        return self._body()

    def query(self, model: type[M]) -> M:
        """The query string as ``model`` (strings, as a query string has no other types)."""
        if self.spec is not None and self.spec.query is not model:
            raise AssertionError(f"{self.spec.name} declares query={self.spec.query} but reads {model}")
        return model.model_validate(dict(self.request.query_params or {}))

    def path(self, model: type[M]) -> M:
        """The path's parameters as ``model``."""
        if self.spec is not None and self.spec.path_params is not model:
            raise AssertionError(f"{self.spec.name} declares path={self.spec.path_params} but reads {model}")
        return model.model_validate(dict(self.request.uri_params or {}))

    def headers(self, model: type[M]) -> M:
        """The request headers that ``model`` names (by its fields' aliases, in any case): a missing
        required header is a malformed request (400), a malformed value a 422 on the header."""
        if self.spec is not None and self.spec.headers is not model:
            raise AssertionError(f"{self.spec.name} declares headers={self.spec.headers} but reads {model}")
        sent = {name.lower(): value for name, value in (self.request.headers or {}).items()}
        values = {}
        for name, described in model.model_fields.items():
            header = described.alias or name
            if header.lower() in sent:
                values[header] = sent[header.lower()]
            elif described.is_required():
                raise BadRequest(f"send the {header} header: {described.description or 'this route needs it'}",
                                 field=header)
        return model.model_validate(values)

    def form(self) -> dict[str, str]:
        raw = self._body()
        try:
            pairs = parse_qs(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
        except UnicodeDecodeError as error:
            raise BadRequest("the form is not UTF-8 encoded") from error
        return {key: values[-1] for key, values in pairs.items()}


@dataclass
class Page:
    template: str
    context: dict = field(default_factory=dict)
    status: int = 200


def _principal_allowed(spec: RouteSpec, principal: Principal | None) -> None:
    if spec.roles is None:
        return
    if principal is None:
        raise NotAuthenticated("sign in to continue")
    if principal.role not in spec.roles:
        raise Forbidden(f"this is not available to a signed-in {principal.role.label.lower()}")


STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _same_origin(request: Request) -> None:
    """Browsers send Origin on cross-site writes; a foreign one is refused outright."""
    origin = (request.headers or {}).get("origin")
    if origin and origin != public_origin():
        raise Forbidden(f"this request came from another site ({origin[:100]}), not from ICMS's own address "
                        f"{public_origin()}; open ICMS at that address and try again")


def _csrf_checked(call: Call) -> None:
    """Signed-in forms carry the session's CSRF token; JSON writes need no token because browsers
    cannot send ``application/json`` across sites without a CORS preflight, which we never grant."""
    if call.session is not None and not csrf_matches(call.session.csrf_token, call.form().get("csrf_token")):
        raise Forbidden("this form has expired or did not come from ICMS; go back, reload the page and try again")


def _authenticate(spec: RouteSpec, request: Request) -> CallerSession | None:
    # Looked up when called, not when declared, so that a wrapper (the bench's) sees every call.
    if spec.auth == "kiosk_signature":
        return kiosk_session(request)
    if spec.auth == "gateway_signature":
        return None  # no session: the view verifies the event's signature before it reads anything
    return current_session(request)


def _declare(group: RouteGroup, path: str, methods, roles, kind: Kind, content_types, auth="session",
             **contract):
    role_set = None if roles is None else frozenset(roles)

    def decorator(view: Callable[..., object]):
        summary = " ".join((view.__doc__ or "").strip().split("\n\n")[0].split())
        spec = RouteSpec(view.__name__, path, tuple(methods), kind, role_set, auth, summary=summary,
                         module=group.module, content_types=tuple(content_types), **contract)
        ROUTES.append(spec)

        @functools.wraps(view)
        def handler(**params: str):
            request = current_request()
            principal = None
            csrf_token = None
            session = None
            try:
                session = _authenticate(spec, request)
                principal = session.principal if session else None
                csrf_token = session.csrf_token if session else None
                _principal_allowed(spec, principal)
                call = Call(request, session, spec=spec)
                if request.method in STATE_CHANGING:
                    _same_origin(request)
                    if kind == "page":
                        _csrf_checked(call)
                result = view(call, **params)
                if isinstance(result, Page):  # the header shows the unread count on every page
                    result.context.setdefault("inbox_unread", session.unread if session else None)
                return _respond(spec, result, principal, csrf_token)
            except (DomainError, ValidationError) as error:
                if kind == "page" and isinstance(error, NotAuthenticated):
                    return redirect("/sign-in?" + urlencode({"next": requested_path(request)}))
                if isinstance(error, (Forbidden, HiddenFromCaller)):
                    audit.record_denial(request, principal, error.message)
                return api_error(error) if kind == "api" else page_error(
                    error, principal, csrf_token, inbox_unread=session.unread if session else None)
            except Exception:  # noqa: BLE001 - the boundary: log it, answer 500, leak nothing
                return unexpected(kind)

        for method in methods:
            if (method, path) in HANDLERS:
                raise AssertionError(f"{method} {path} is declared twice")
            HANDLERS[(method, path)] = handler
        return handler

    return decorator


def api(group: RouteGroup, path: str, *, roles, returns: type[BaseModel], methods=("GET",), status: int = 200,
        body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
        path_params: type[BaseModel] | None = None, headers: type[BaseModel] | None = None,
        errors: tuple[int, ...] = ()):
    """A JSON route. ``returns`` (and ``status``) is what it answers on success; ``body``, ``query``,
    ``path_params`` and ``headers`` the models it reads with ``call.json``, ``call.query``,
    ``call.path`` and ``call.headers``; ``errors`` any error status beyond those its shape implies
    (see ``web/openapi.py``)."""
    return _declare(group, path, methods, roles, "api", ["application/json"], returns=returns, status=status,
                    body=body, query=query, path_params=path_params, headers=headers, errors=tuple(errors))


def kiosk_api(group: RouteGroup, path: str, *, returns: type[BaseModel], methods=("GET",), status: int = 200,
              body: type[BaseModel] | None = None, query: type[BaseModel] | None = None,
              path_params: type[BaseModel] | None = None, errors: tuple[int, ...] = ()):
    """A route for payment kiosks only, authenticated by each request's signature."""
    return _declare(group, path, methods, {Role.KIOSK}, "api", ["application/json"], auth="kiosk_signature",
                    returns=returns, status=status, body=body, query=query, path_params=path_params,
                    errors=tuple(errors))


def gateway_webhook(group: RouteGroup, path: str, *, returns: type[BaseModel], headers: type[BaseModel],
                    body: type[BaseModel], errors: tuple[int, ...] = ()):
    """The card gateway's webhook: no session and no role; each event is signed by the gateway, and
    the view checks the signature over the exact body before it reads anything (``headers`` names
    the signature's header, ``body`` documents the event)."""
    return _declare(group, path, ("POST",), None, "api", ["application/json"], auth="gateway_signature",
                    returns=returns, body=body, headers=headers, errors=tuple(errors))


def page(group: RouteGroup, path: str, *, roles, methods=("GET",), query: type[BaseModel] | None = None):
    # Browsers send no Content-Type on GET, which Chalice reads as JSON; forms post urlencoded.
    return _declare(group, path, methods, roles, "page", [FORM, "application/json"], query=query)


def _respond(spec: RouteSpec, result: object, principal: Principal | None, csrf_token: str | None) -> Response:
    if isinstance(result, Response):
        return result
    if spec.kind == "page":
        if not isinstance(result, Page):
            raise AssertionError("page views return a Page or a Response")
        body = render(result.template, principal=principal, csrf_token=csrf_token, **result.context)
        return Response(body=body, status_code=result.status, headers=HTML_HEADERS)
    status = spec.status
    if isinstance(result, tuple):
        status, result = result
    # What the contract promises is what the route answers: a mismatch is a bug, found by the fuzzing.
    if not isinstance(result, spec.returns) or status != spec.status:
        raise AssertionError(f"{spec.name} answered {status} {type(result).__name__}; "
                             f"it declares {spec.status} {spec.returns.__name__}")
    return Response(body=result.model_dump_json(), status_code=status, headers=JSON_HEADERS)


def redirect(location: str, *, cookie: str | None = None) -> Response:
    # Header values are Latin-1 on the wire: anything else is percent-encoded, never sent raw.
    headers = {"Location": quote(location, safe="/?#[]@!$&'()*+,;=:%~")}
    if cookie is not None:
        headers["Set-Cookie"] = cookie
    return Response(body="", status_code=303, headers=headers)
