"""One change, committed once: its items, its audit entries and its notices in one transaction.

A service collects everything a change writes (puts, updates, condition checks on other items)
together with the audit entry that records it and the notices that announce it, then commits.
DynamoDB's ``TransactWriteItems`` applies all of it or none of it, so there is no moment at which
a change is stored but unaudited, or stored but its notices lost: notices go into an outbox item
(``store/outbox.py``) that the table's stream relays to the notifications queue. Work the change
asks for (``send_after_commit``) rides in the same item to its own queue.

Every guarded operation names the domain error its refusal means, so a refused transaction
raises the error a person can act on ("that charge number is already in use"), never a storage
error. ``store/case_write.py`` builds the common start of every change to a case.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from pynamodb.exceptions import TransactWriteError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from ..domain.audit import Actor, AuditAction, AuditEntry
from ..domain.errors import Conflict, DomainError
from ..domain.notices import NoticeBase
from .audit import NEW_ENTRY, audit_item
from .outbox import Work, WorkQueue, outbox_item
from .table import Entity, connection

MAX_ITEMS = 100  # DynamoDB's limit for one TransactWriteItems
STALE = "this changed while you were working on it; reload the page and try again"


class ConcurrentChange(Conflict):
    """Another transaction touched the same items at the same moment; trying again is safe."""


# PynamoDB sends a transaction's items grouped by kind in this order, and DynamoDB reports one
# cancellation reason per item in the order sent.
_SENT_ORDER = ("check", "delete", "put", "update")


@dataclass(frozen=True)
class _Operation:
    kind: str
    add_to: Callable[[TransactWrite], None]
    refused: DomainError | None  # what a failed condition on this item means


class UnitOfWork:
    def __init__(self, actor: Actor | None, now: datetime) -> None:
        self.actor = actor
        self.now = now
        self._operations: list[_Operation] = []
        self._notices: list[NoticeBase] = []
        self._work: list[Work] = []
        self._audit: list[AuditEntry] = []
        self._committed = False

    # --- what the change writes ----------------------------------------------------------------

    def check(self, model: type[Entity], hash_key: str, range_key: str, condition: Condition, *,
              refused: DomainError) -> None:
        """Require a condition on an item the change does not write (a firm is active, say)."""
        self._add("check", lambda tx: tx.condition_check(model, hash_key, range_key, condition=condition), refused)

    def put(self, item: Model, condition: Condition | None = None, *, refused: DomainError | None = None) -> None:
        self._add("put", lambda tx: tx.save(item, condition=condition), refused)

    def update(self, item: Model, actions: list[Action], condition: Condition | None = None, *,
               refused: DomainError | None = None, add_version_condition: bool = True) -> None:
        self._add("update", lambda tx: tx.update(item, actions=actions, condition=condition,
                                                 add_version_condition=add_version_condition), refused)

    def delete(self, item: Model, condition: Condition | None = None, *, refused: DomainError | None = None) -> None:
        self._add("delete", lambda tx: tx.delete(item, condition=condition), refused)

    def _add(self, kind: str, add_to: Callable[[TransactWrite], None], refused: DomainError | None) -> None:
        self._operations.append(_Operation(kind, add_to, refused))

    # --- what goes with it ---------------------------------------------------------------------

    def notify(self, *notices: NoticeBase) -> None:
        self._notices.extend(notices)

    def send_after_commit(self, queue: WorkQueue, message: dict[str, str]) -> None:
        """A message for ``queue``, sent by the outbox relay if and only if this change commits."""
        self._work.append(Work(queue, message))

    def audit(self, action: AuditAction, *, target: str | None = None, detail: str | None = None) -> None:
        if self.actor is None:
            raise ValueError("an audited change needs an actor")
        self._audit.append(AuditEntry.by(self.actor, action, self.now, target=target, detail=detail))

    @property
    def notices(self) -> tuple[NoticeBase, ...]:
        return tuple(self._notices)

    # --- commit --------------------------------------------------------------------------------

    def commit(self) -> None:
        if self._committed:
            raise RuntimeError("a unit of work commits once")
        self._committed = True
        operations = list(self._operations)
        for sequence, entry in enumerate(self._audit):
            item = audit_item(entry, sequence)
            operations.append(_Operation("put", lambda tx, item=item: tx.save(item, condition=NEW_ENTRY), None))
        if self._notices or self._work:
            item = outbox_item(self._notices, self.now, self._work)
            operations.append(_Operation("put", lambda tx, item=item: tx.save(item), None))
        if len(operations) > MAX_ITEMS:
            raise ValueError(f"a change may write {MAX_ITEMS} items at most; this one has {len(operations)}")
        sent = sorted(range(len(operations)), key=lambda i: _SENT_ORDER.index(operations[i].kind))
        try:
            # The request token makes the SDK's own retries of this call idempotent (ten minutes).
            with TransactWrite(connection=connection(), client_request_token=uuid.uuid4().hex) as transaction:
                for index in sent:
                    operations[index].add_to(transaction)
        except TransactWriteError as error:
            raise _refusal(error, operations, sent) from error


def _refusal(error: TransactWriteError, operations: list[_Operation], sent: list[int]) -> Exception:
    """The error a person should see for a refused transaction: the first declared refusal among
    the failed operations, in the order the service added them; an undeclared one (a version
    guard) means the data moved on; a clash with a concurrent transaction is a retryable 409."""
    reasons = error.cancellation_reasons or []
    failed = sorted(index for index, reason in zip(sent, reasons)
                    if reason is not None and reason.code == "ConditionalCheckFailed")
    if failed:
        declared = [operations[i].refused for i in failed if operations[i].refused is not None]
        return declared[0] if declared else Conflict(STALE)
    if any(reason is not None and reason.code == "TransactionConflict" for reason in reasons):
        return ConcurrentChange(STALE)
    return error
