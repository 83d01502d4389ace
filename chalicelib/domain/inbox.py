"""The portal inbox: every notice a signed-in person was sent, newest first, read or not."""

import re
from datetime import datetime
from typing import Annotated

from pydantic import ConfigDict, StringConstraints

from .base import Base
from .notices import NoticeTopic

# ``<created UTC, to the microsecond>-<16 hex digits>`` (see store/keys.py: inbox_entry_id).
ENTRY_ID_PATTERN = re.compile(r"^[0-9]{8}T[0-9]{12}Z-[0-9a-f]{16}$")
EntryId = Annotated[str, StringConstraints(pattern=ENTRY_ID_PATTERN.pattern)]


class InboxEntry(Base):
    model_config = ConfigDict(frozen=True)

    entry_id: str
    notice_id: str
    kind: str
    topic: NoticeTopic
    case_no: str
    title: str
    body: str
    link: str  # the portal page the notice is about, as a path (a case, later a filing or payment)
    created_at: datetime
    read_at: datetime | None = None

    @property
    def unread(self) -> bool:
        return self.read_at is None


class InboxPage(Base):
    """One page of an inbox, newest first; ``next_cursor`` continues with older entries after its
    last, ``previous_cursor`` with newer ones before its first (None: there are none)."""

    model_config = ConfigDict(frozen=True)

    entries: tuple[InboxEntry, ...]
    next_cursor: str | None
    previous_cursor: str | None = None
