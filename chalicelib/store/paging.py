"""Every list the portal serves pages by key: one Query from where the last page stopped.

A page asks DynamoDB for one item more than it shows, so it knows without a second request
whether there is more; nothing is ever cut off without a link to the rest. Cursors are opaque to
callers (base64url JSON of the last item's key attributes) and are user input: a cursor that does
not decode to exactly the list's key attributes is refused. The partition (or index partition) key
is never taken from a cursor but set by the list itself, so a cursor cannot reach another
partition.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Callable, Generic, Literal, TypeVar

from pynamodb.expressions.condition import Condition

from ..domain.errors import RuleViolation
from .table import Entity

T = TypeVar("T")
E = TypeVar("E", bound=Entity)
Direction = Literal["next", "previous"]
MAX_KEY_PART = 1024
DEFAULT_PAGE_SIZE = 50


NOT_OURS = "is not one this list gave out; start again from its first page"


class InvalidCursor(ValueError):
    """A cursor this list did not hand out."""


def cursor_refusal(error: InvalidCursor, field: str = "cursor") -> RuleViolation:
    """How a service answers a cursor its list did not give out: a 422 naming the parameter."""
    return RuleViolation(f"{field} {error}", field=field)


@dataclass(frozen=True)
class KeyPage(Generic[T]):
    """A page of a list in the list's own order, with the cursors of its neighbours (None at an end)."""

    items: list[T]
    next_cursor: str | None
    previous_cursor: str | None

    def map(self, convert: Callable[[object], T]) -> "KeyPage[T]":
        return KeyPage([convert(item) for item in self.items], self.next_cursor, self.previous_cursor)


def encode_cursor(direction: Direction, key: dict[str, str]) -> str:
    raw = json.dumps([direction, key], separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, key_names: frozenset[str]) -> tuple[Direction, dict[str, str]]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        direction, key = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (UnicodeError, binascii.Error, ValueError, TypeError) as error:
        raise InvalidCursor(NOT_OURS) from error
    if (
        direction not in ("next", "previous")
        or not isinstance(key, dict)
        or set(key) != key_names
        or not all(isinstance(v, str) and 0 < len(v) <= MAX_KEY_PART for v in key.values())
    ):
        raise InvalidCursor(NOT_OURS)
    return direction, key


def query_page(
    model: type[E],
    hash_key: str,
    *,
    hash_attribute: str,
    key_of: Callable[[E], dict[str, str]],
    key_names: frozenset[str],
    cursor: str | None,
    size: int = DEFAULT_PAGE_SIZE,
    newest_first: bool = False,
    index=None,
    range_key_condition: Condition | None = None,
) -> KeyPage[E]:
    """One page of ``model`` items under ``hash_key``, in sort-key order (or reversed).

    ``key_of`` gives an item's key attributes other than ``hash_attribute`` (for an index: the
    table's keys and the index's sort key), which is what DynamoDB needs to start after it.
    """
    direction: Direction = "next"
    start = None
    if cursor:
        direction, key = decode_cursor(cursor, key_names)
        start = {hash_attribute: {"S": hash_key}} | {name: {"S": value} for name, value in key.items()}
    forward = not newest_first
    if direction == "previous":
        forward = not forward
    source = index if index is not None else model
    items = list(source.query(hash_key, range_key_condition=range_key_condition, scan_index_forward=forward, limit=size + 1,
                              last_evaluated_key=start))
    more = len(items) > size
    items = items[:size]
    if direction == "previous":
        items.reverse()
        previous = encode_cursor("previous", key_of(items[0])) if more and items else None
        following = encode_cursor("next", key_of(items[-1])) if items else cursor_back(cursor, "next")
        return KeyPage(items, following, previous)
    following = encode_cursor("next", key_of(items[-1])) if more and items else None
    previous = None
    if cursor:
        previous = encode_cursor("previous", key_of(items[0])) if items else cursor_back(cursor, "previous")
    return KeyPage(items, following, previous)


def cursor_back(cursor: str | None, direction: Direction) -> str | None:
    """From an empty page (its items went away meanwhile), the way back to where it was reached."""
    if not cursor:
        return None
    raw = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode("ascii")))
    return encode_cursor(direction, raw[1])
