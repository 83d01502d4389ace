"""A law firm's diary: every case the firm is on record for, soonest next court date first.

Each active representation has diary entries in its case's partition: one for the firm
(``DIARY#<uen>``) and one per counsel on record (``DIARY#<uen>#COUNSEL#<member_id>``). Each carries
sparse gsi2 keys (``gsi2pk = DIARY#<uen>[#COUNSEL#<member_id>]``, ``gsi2sk = <next start UTC>#<case_no>``)
and what a diary row shows, so a page of the diary, whole or one counsel's, is one Query.
``CaseWrite`` rewrites a case's entries in the same transaction as any change to its court dates
or its representation; ``jobs/diary.py`` moves each case on once its next date has passed.
"""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, MapAttribute, UnicodeAttribute, UTCDateTimeAttribute

from ..domain.cases import CaseFile, CounselOnRecord, Court, CourtEvent, DiaryEntry, EventType, Representation, Venue
from .case_items import CounselMap
from .keys import case_pk, diary_entry_sk, diary_order_sk, diary_pk
from .paging import KeyPage, query_page
from .table import Entity
from .unit_of_work import UnitOfWork

DIARY_PAGE = 50


class DiaryDateMap(MapAttribute):
    event_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    starts_at = UTCDateTimeAttribute()
    building = UnicodeAttribute()
    room = UnicodeAttribute()


class DiaryEntryItem(Entity, discriminator="diary_entry"):
    case_no = UnicodeAttribute()
    court = UnicodeAttribute()
    accused_name = UnicodeAttribute()
    firm_uen = UnicodeAttribute()
    counsel = ListAttribute(of=CounselMap)
    coming = ListAttribute(of=DiaryDateMap, null=True)


def _item(case: CaseFile, representation: Representation, coming: tuple[CourtEvent, ...],
          counsel_member_id: str | None) -> DiaryEntryItem:
    return DiaryEntryItem(
        case_pk(case.case_no), diary_entry_sk(representation.firm_uen, counsel_member_id),
        case_no=case.case_no, court=case.court.value, accused_name=case.accused.name,
        firm_uen=representation.firm_uen,
        counsel=[CounselMap(member_id=c.member_id, name=c.name) for c in representation.counsel],
        coming=[DiaryDateMap(event_id=e.event_id, event_type=e.type.value, starts_at=e.starts_at,
                             building=e.venue.building, room=e.venue.room) for e in coming] or None,
        gsi2pk=diary_pk(representation.firm_uen, counsel_member_id),
        gsi2sk=diary_order_sk(coming[0].starts_at if coming else None, case.case_no),
    )


def _audiences(representation: Representation) -> list[str | None]:
    return [None, *(c.member_id for c in representation.counsel)]


def put_entries_in(write: UnitOfWork, case: CaseFile, representation: Representation,
                   coming: tuple[CourtEvent, ...]) -> None:
    """The firm's entry and each counsel's for the case, as the case now stands (replacing any)."""
    for member_id in _audiences(representation):
        write.put(_item(case, representation, coming, member_id))


def delete_entries_in(write: UnitOfWork, case_no: str, representation: Representation) -> None:
    for member_id in _audiences(representation):
        write.delete(DiaryEntryItem(case_pk(case_no), diary_entry_sk(representation.firm_uen, member_id)))


def to_entry(item: DiaryEntryItem) -> DiaryEntry:
    return DiaryEntry(
        case_no=item.case_no, court=Court(item.court), accused_name=item.accused_name,
        counsel=tuple(CounselOnRecord(member_id=c.member_id, name=c.name) for c in item.counsel),
        coming=tuple(CourtEvent(event_id=d.event_id, type=EventType(d.event_type), starts_at=d.starts_at,
                                venue=Venue(building=d.building, room=d.room)) for d in item.coming or ()),
    )


# --- reading a page ----------------------------------------------------------------------------------

_CURSOR_KEYS = frozenset({"pk", "sk", "gsi2sk"})


def diary_page(firm_uen: str, counsel_member_id: str | None = None, cursor: str | None = None,
               size: int = DIARY_PAGE) -> KeyPage[DiaryEntry]:
    """A page of the firm's diary, or one counsel's: one Query on gsi2 ``DIARY#<uen>[#COUNSEL#<id>]``,
    soonest first, ``Limit = size + 1`` (the extra item says whether there is more), from the cursor
    (``store/paging.py``: the partition is always this diary's own, never the cursor's)."""
    page = query_page(DiaryEntryItem, diary_pk(firm_uen, counsel_member_id), hash_attribute="gsi2pk",
                      index=DiaryEntryItem.by_day, key_names=_CURSOR_KEYS, cursor=cursor, size=size,
                      key_of=lambda item: {"pk": item.pk, "sk": item.sk, "gsi2sk": item.gsi2sk})
    return page.map(to_entry)
