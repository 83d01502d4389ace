"""Portal inboxes: ``INBOX#<owner>`` / ``NOTE#<entry id>``, newest first, with an unread counter.

Each owner's partition holds their entries and, beside them, ``UNREAD``: the number of entries not
yet opened. The counter moves only in the transactions that add an entry (+1, the entry put only if
new) or open one (-1, only if the entry was unread), so it always equals the unread entries, and
every page can show it without counting: the session lookup reads it in the same BatchGetItem.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from pynamodb.attributes import NumberAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.exceptions import TransactWriteError
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from ..domain.inbox import InboxEntry, InboxPage
from ..domain.notices import NoticeTopic
from ..domain.principals import InboxOwner
from .keys import INBOX_PREFIX, UNREAD_SK, inbox_pk, inbox_sk
from .table import Entity, connection

PAGE_SIZE = 20
MAX_TRANSACTION_ITEMS = 100


class InboxItem(Entity, discriminator="inbox_entry"):
    entry_id = UnicodeAttribute()
    notice_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    topic = UnicodeAttribute()
    case_no = UnicodeAttribute()
    title = UnicodeAttribute()
    body = UnicodeAttribute()
    link = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    read_at = UTCDateTimeAttribute(null=True)


class UnreadItem(Entity, discriminator="inbox_unread"):
    count = NumberAttribute(default=0)


def _entry(item: InboxItem) -> InboxEntry:
    return InboxEntry(
        entry_id=item.entry_id, notice_id=item.notice_id, kind=item.kind, topic=NoticeTopic(item.topic),
        case_no=item.case_no, title=item.title, body=item.body, link=item.link,
        created_at=item.created_at, read_at=item.read_at,
    )


def unread_key(owner: InboxOwner) -> tuple[str, str]:
    """Where the owner's unread count is kept, for reading it together with other items."""
    return inbox_pk(owner), UNREAD_SK


def unread_in(items: list[Entity]) -> int | None:
    """The unread count among items read together with it (none stored yet: nothing unread)."""
    return next((int(i.count) for i in items if isinstance(i, UnreadItem)), None)


# --- adding entries (delivery) -----------------------------------------------------------------


@dataclass(frozen=True)
class NewEntry:
    owner: InboxOwner
    entry: InboxEntry


def add_all(entries: list[NewEntry], with_items: list[Model] = ()) -> int:
    """Put each entry that is not there yet and count it unread, all in one TransactWriteItems
    (more only past DynamoDB's 100 items), together with ``with_items`` (put unconditionally).
    An entry already there (the notice delivered before) is left as it is and not counted again.
    Returns how many entries were added."""
    unique = list({(e.owner, e.entry.entry_id): e for e in entries}.values())
    extra = list(with_items)
    # Two items per entry (the entry and its owner's counter); the extra items go with the first.
    room = (MAX_TRANSACTION_ITEMS - len(extra)) // 2
    if room < 1:
        raise ValueError(f"{len(extra)} extra items do not fit in one transaction with an entry")
    per_chunk = MAX_TRANSACTION_ITEMS // 2
    later = [unique[i:i + per_chunk] for i in range(room, len(unique), per_chunk)]
    return _add_chunk(unique[:room], extra) + sum(_add_chunk(chunk, []) for chunk in later)


def _add_chunk(entries: list[NewEntry], extra: list[Model], retried: bool = False) -> int:
    if not entries and not extra:
        return 0
    try:
        with TransactWrite(connection=connection()) as transaction:
            # PynamoDB sends puts before updates, each in the order given: cancellation reasons
            # come back in that order, so reason i is entry i.
            for new in entries:
                transaction.save(_item(new), condition=InboxItem.pk.does_not_exist())
            for item in extra:
                transaction.save(item)
            for owner, added in Counter(new.owner for new in entries).items():
                transaction.update(UnreadItem(*unread_key(owner)),
                                   actions=[UnreadItem.type.set(UnreadItem), UnreadItem.count.add(added)])
    except TransactWriteError as error:
        reasons = error.cancellation_reasons or []
        present = {index for index, reason in enumerate(reasons[:len(entries)])
                   if reason is not None and reason.code == "ConditionalCheckFailed"}
        if not present or retried:
            raise
        return _add_chunk([e for i, e in enumerate(entries) if i not in present], extra, retried=True)
    return len(entries)


def _item(new: NewEntry) -> InboxItem:
    entry = new.entry
    return InboxItem(
        inbox_pk(new.owner), inbox_sk(entry.entry_id),
        entry_id=entry.entry_id, notice_id=entry.notice_id, kind=entry.kind, topic=entry.topic.value,
        case_no=entry.case_no, title=entry.title, body=entry.body, link=entry.link,
        created_at=entry.created_at,
    )


# --- reading and opening -----------------------------------------------------------------------


def page(owner: InboxOwner, after: str | None = None, size: int = PAGE_SIZE, *,
         before: str | None = None) -> InboxPage:
    """One page, newest first: one Query from just past the cursor's entry, older ones after
    ``after`` or newer ones before ``before``, asking for one entry more than a page to know
    whether another page follows in that direction. The entry ids are the sort keys' own, so a
    cursor never leaves the owner's partition."""
    if after and before:
        raise ValueError("a page continues one way: after an entry or before it")
    cursor = after or before
    start = {"pk": {"S": inbox_pk(owner)}, "sk": {"S": inbox_sk(cursor)}} if cursor else None
    items = list(InboxItem.query(inbox_pk(owner), InboxItem.sk.startswith(INBOX_PREFIX),
                                 scan_index_forward=before is not None, limit=size + 1, last_evaluated_key=start))
    shown, more = items[:size], len(items) > size
    if before:
        shown.reverse()  # read oldest first from the cursor; shown newest first like every page
        return InboxPage(entries=tuple(_entry(i) for i in shown),
                         next_cursor=shown[-1].entry_id if shown else before,
                         previous_cursor=shown[0].entry_id if more else None)
    return InboxPage(entries=tuple(_entry(i) for i in shown), next_cursor=shown[-1].entry_id if more else None,
                     previous_cursor=shown[0].entry_id if after and shown else None)


def open_entry(owner: InboxOwner, entry_id: str, now: datetime) -> tuple[InboxEntry, bool] | None:
    """The entry, marked read if it was not (with the unread count, in one transaction); and
    whether this call marked it. None if the owner has no such entry."""
    pk, sk = inbox_pk(owner), inbox_sk(entry_id)
    try:
        item = InboxItem.get(pk, sk, consistent_read=True)
    except InboxItem.DoesNotExist:
        return None
    entry = _entry(item)
    if not entry.unread:
        return entry, False
    unread_now = InboxItem.pk.exists() & InboxItem.read_at.does_not_exist()
    try:
        with TransactWrite(connection=connection()) as transaction:
            transaction.update(InboxItem(pk, sk), actions=[InboxItem.read_at.set(now)], condition=unread_now)
            transaction.update(UnreadItem(pk, UNREAD_SK), actions=[UnreadItem.count.add(-1)],
                               condition=UnreadItem.count > 0)
    except TransactWriteError as error:
        entry_reason, counter_reason = (list(error.cancellation_reasons or []) + [None, None])[:2]
        if entry_reason is not None and entry_reason.code == "ConditionalCheckFailed":
            return entry, False  # opened at the same moment elsewhere
        if counter_reason is None or counter_reason.code != "ConditionalCheckFailed":
            raise
        # No count to take one from (an entry written before counting began): mark it all the same.
        InboxItem(pk, sk).update(actions=[InboxItem.read_at.set(now)], condition=unread_now)
    return entry.model_copy(update={"read_at": now}), True
