"""The single DynamoDB table: the base item every entity shares, and its two indexes.

Keys are overloaded: ``pk``/``sk`` hold the aggregate partition, ``gsi1`` groups items by their
owner (a person's cases and events, a firm's cases on record), ``gsi2`` groups court events by
Singapore calendar day. ``docs/data-model.md`` lists every access pattern.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

from pynamodb.attributes import (
    DiscriminatorAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.connection import Connection
from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from ..settings import get_settings

_settings = get_settings()


class _TableMeta:
    table_name = _settings.table_name
    region = _settings.region
    host = _settings.aws_endpoint_url
    connect_timeout_seconds = 2
    read_timeout_seconds = 5
    max_retry_attempts = 3


class ByOwnerIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class ByDayIndex(GlobalSecondaryIndex):
    class Meta:
        index_name = "gsi2"
        projection = AllProjection()

    gsi2pk = UnicodeAttribute(hash_key=True)
    gsi2sk = UnicodeAttribute(range_key=True)


class Entity(Model):
    """Base of every item. ``type`` tells the entity apart when a query returns a mix."""

    class Meta(_TableMeta):
        pass

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    type = DiscriminatorAttribute()
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    gsi2pk = UnicodeAttribute(null=True)
    gsi2sk = UnicodeAttribute(null=True)
    # The table's one TTL attribute; every expiring entity (sessions, idempotency records) uses it.
    expires_at = TTLAttribute(null=True)

    by_owner = ByOwnerIndex()
    by_day = ByDayIndex()


@lru_cache(maxsize=1)
def connection() -> Connection:
    return Connection(
        region=_TableMeta.region,
        host=_TableMeta.host,
        connect_timeout_seconds=_TableMeta.connect_timeout_seconds,
        read_timeout_seconds=_TableMeta.read_timeout_seconds,
        max_retry_attempts=_TableMeta.max_retry_attempts,
    )


class TransactionRefused(Exception):
    """A guarded write did not happen; ``failed`` names the guards whose conditions failed."""

    def __init__(self, failed: list[str], conflict: bool) -> None:
        super().__init__(f"transaction refused by {failed or 'a concurrent write'}")
        self.failed = failed
        self.conflict = conflict  # another transaction touched the same items: safe to retry


_KIND_ORDER = ("check", "delete", "put", "update")  # the order PynamoDB sends the items in


class GuardedWrite:
    """All-or-nothing write of up to 100 items, each named so a refusal says which guard failed."""

    def __init__(self) -> None:
        self._operations: list[tuple[str, str, Callable[[TransactWrite], None]]] = []

    def check(self, label: str, model: type[Entity], hash_key: str, range_key: str, condition: Condition) -> None:
        self._operations.append(
            ("check", label, lambda tx: tx.condition_check(model, hash_key, range_key, condition=condition))
        )

    def put(self, label: str, item: Entity, condition: Condition | None = None) -> None:
        self._operations.append(("put", label, lambda tx: tx.save(item, condition=condition)))

    def update(
        self, label: str, item: Entity, actions: list[Action], condition: Condition | None = None,
        *, add_version_condition: bool = True,
    ) -> None:
        self._operations.append((
            "update", label,
            lambda tx: tx.update(item, actions=actions, condition=condition, add_version_condition=add_version_condition),
        ))

    def commit(self) -> None:
        ordered = sorted(self._operations, key=lambda op: _KIND_ORDER.index(op[0]))
        try:
            with TransactWrite(connection=connection()) as transaction:
                for _, _, operation in ordered:
                    operation(transaction)
        except TransactWriteError as error:
            reasons = error.cancellation_reasons or []
            failed = [
                label
                for (_, label, _), reason in zip(ordered, reasons)
                if reason is not None and reason.code == "ConditionalCheckFailed"
            ]
            conflict = any(reason is not None and reason.code == "TransactionConflict" for reason in reasons)
            if not failed and not conflict:
                raise
            raise TransactionRefused(failed, conflict) from error
