"""Counting AWS round trips from botocore's own events, for every client the app creates."""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta, timezone
from typing import TYPE_CHECKING, Iterator
from weakref import WeakKeyDictionary

from botocore import handlers as botocore_handlers

if TYPE_CHECKING:

    pass

ROUTE = "route"
SESSION_LOOKUP = "session lookup"
# Every service the app creates a client for in chalicelib.aws.
APP_SERVICES = ("dynamodb", "sqs", "sesv2", "sns")
REGION = "ap-southeast-1"
SGT = timezone(timedelta(hours=8))


# --- counting ----------------------------------------------------------------------------------


class HookMissedCalls(RuntimeError):
    """PynamoDB sent more DynamoDB calls than the botocore hook saw: some client is not hooked."""


@dataclass
class Tally:
    """The AWS requests sent while one ``RoundTripCounter.measure()`` block was open."""

    # phase -> (service, operation) -> HTTP requests sent, retries included
    round_trips: dict[str, Counter] = field(default_factory=dict)
    # service -> API calls (first attempts only), to compare with PynamoDB's own count
    api_calls: Counter = field(default_factory=Counter)
    retries: int = 0
    pynamodb_dispatches: int = 0
    # DynamoDB items each operation read (a Query's ScannedCount, the items a Get or BatchGet returned)
    items_read: Counter = field(default_factory=Counter)

    def record(self, phase: str, service: str, operation: str, attempt: int) -> None:
        self.round_trips.setdefault(phase, Counter())[(service, operation)] += 1
        if attempt == 1:
            self.api_calls[service] += 1
        else:
            self.retries += 1

    def operations(self, service: str, phase: str | None = None) -> Counter:
        by_operation: Counter = Counter()
        for counted_phase, counts in self.round_trips.items():
            if phase is not None and counted_phase != phase:
                continue
            for (counted_service, operation), number in counts.items():
                if counted_service == service:
                    by_operation[operation] += number
        return by_operation

    def total(self, service: str, phase: str | None = None) -> int:
        return sum(self.operations(service, phase).values())

    def services(self) -> set[str]:
        return {service for counts in self.round_trips.values() for service, _ in counts}


class RoundTripCounter:
    """Counts every request botocore puts on the wire while ``measure()`` is open.

    The handler listens to ``before-send``, which botocore emits once per HTTP attempt, so a retry
    counts as a round trip of its own. ``install()`` reaches clients created from then on;
    ``attach()`` reaches a client that already exists. A client reached both ways has the handler
    twice, so each attempt is counted once per request object.
    """

    def __init__(self) -> None:
        self._unique_id = f"bench-round-trip-counter-{id(self)}"
        self._session_handler = ("before-send", self._on_send)
        self._read_handler = ("after-call.dynamodb", self._on_dynamodb_response)
        self._attached_emitters: list = []
        self._attempts_counted: WeakKeyDictionary = WeakKeyDictionary()
        self._tally: Tally | None = None
        self._phase = ROUTE
        self.cross_checks_pynamodb = False

    def install(self) -> None:
        # botocore registers BUILTIN_HANDLERS on every Session it creates and each client copies
        # its session's handlers. PynamoDB makes a new botocore session per connection, so there is
        # no single session to register on; moto's own request stubber hooks in the same way.
        botocore_handlers.BUILTIN_HANDLERS.append(self._session_handler)
        botocore_handlers.BUILTIN_HANDLERS.append(self._read_handler)
        from pynamodb.signals import pre_dynamodb_send

        try:
            pre_dynamodb_send.connect(self._on_pynamodb_dispatch, weak=False)
            self.cross_checks_pynamodb = True
        except RuntimeError:  # PynamoDB signals need blinker; without it there is no second count
            self.cross_checks_pynamodb = False

    def uninstall(self) -> None:
        """Stop reaching new clients. Handlers already on clients stay, inert outside ``measure()``."""
        for handler in (self._session_handler, self._read_handler):
            if handler in botocore_handlers.BUILTIN_HANDLERS:
                botocore_handlers.BUILTIN_HANDLERS.remove(handler)
        for emitter in self._attached_emitters:
            emitter.unregister("before-send", self._on_send, unique_id=self._unique_id)
            emitter.unregister("after-call.dynamodb", self._on_dynamodb_response, unique_id=self._unique_id + "-reads")
        self._attached_emitters.clear()
        if self.cross_checks_pynamodb:
            from pynamodb.signals import pre_dynamodb_send

            pre_dynamodb_send.disconnect(self._on_pynamodb_dispatch)
            self.cross_checks_pynamodb = False

    def attach(self, client) -> None:
        client.meta.events.register("before-send", self._on_send, unique_id=self._unique_id)
        client.meta.events.register("after-call.dynamodb", self._on_dynamodb_response,
                                    unique_id=self._unique_id + "-reads")
        self._attached_emitters.append(client.meta.events)

    def attach_app_clients(self) -> None:
        """Hook the clients the app may already hold: PynamoDB's, the transaction connection's
        and the cached boto3 ones (created here if they do not exist yet)."""
        from chalicelib import aws
        from chalicelib.store.table import Entity, connection

        self.attach(connection().client)
        for model in _model_classes(Entity):
            self.attach(model._get_connection().connection.client)
        for service in APP_SERVICES:
            self.attach(aws.client(service))

    @contextmanager
    def measure(self) -> Iterator[Tally]:
        if self._tally is not None:
            raise RuntimeError("measurements do not nest")
        tally = Tally()
        self._tally = tally
        try:
            yield tally
        finally:
            self._tally = None
        if self.cross_checks_pynamodb and tally.pynamodb_dispatches > tally.api_calls["dynamodb"]:
            raise HookMissedCalls(
                f"PynamoDB dispatched {tally.pynamodb_dispatches} DynamoDB calls but the botocore "
                f"hook saw {tally.api_calls['dynamodb']}"
            )

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        outer, self._phase = self._phase, name
        try:
            yield
        finally:
            self._phase = outer

    def _on_send(self, request, event_name: str, **_) -> None:
        # Returning anything but None would short-circuit the request with that as its response.
        if self._tally is None:
            return None
        attempt = (getattr(request, "context", None) or {}).get("retries", {}).get("attempt", 1)
        if self._attempts_counted.get(request) == attempt:
            return None
        self._attempts_counted[request] = attempt
        _, service, operation = event_name.split(".", 2)
        self._tally.record(self._phase, service, operation, attempt)
        return None

    def _on_dynamodb_response(self, parsed=None, event_name: str = "", **_) -> None:
        if self._tally is None or not isinstance(parsed, dict):
            return None
        # A client reached both by ``install`` and by ``attach`` calls this twice per response.
        metadata = parsed.setdefault("ResponseMetadata", {})
        if metadata.get("BenchReadsCounted"):
            return None
        metadata["BenchReadsCounted"] = True
        operation = event_name.rsplit(".", 1)[-1]
        if operation in ("Query", "Scan"):
            read = parsed.get("ScannedCount", parsed.get("Count", 0))
        elif operation == "GetItem":
            read = 1 if parsed.get("Item") else 0
        elif operation in ("BatchGetItem", "TransactGetItems"):
            responses = parsed.get("Responses") or {}
            read = sum(len(items) for items in responses.values()) if isinstance(responses, dict) else len(responses)
        else:
            read = 0
        if read:
            self._tally.items_read[operation] += read
        return None

    def _on_pynamodb_dispatch(self, sender, **_) -> None:
        if self._tally is not None:
            self._tally.pynamodb_dispatches += 1


def _model_classes(base: type) -> list[type]:
    found = [base]
    for subclass in base.__subclasses__():
        found.extend(_model_classes(subclass))
    return found


