"""The inbox and notification settings of accused persons and law-firm users, as pages and JSON."""

from datetime import datetime

from pydantic import ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from ..domain.base import Base
from ..domain.channels import ConfirmationCode, SingaporeMobile, TopicChoice
from ..domain.errors import DomainError
from ..domain.inbox import EntryId, InboxEntry
from ..domain.notices import NoticeTopic
from ..domain.principals import PARTY_ROLES
from ..services import inbox, notification_settings
from .errors import describe
from .routing import Call, Page, RouteGroup, api, page, redirect

party_inbox = RouteGroup(__name__)
SETTINGS_PAGE = "/settings/notifications"


# --- schemas -------------------------------------------------------------------------------------


class InboxQuery(Base):
    model_config = ConfigDict(extra="forbid")

    after: EntryId | None = Field(None, description="older notices: `next_cursor` of the page before")
    before: EntryId | None = Field(None, description="newer notices: `previous_cursor` of the page after")

    @field_validator("before")
    @classmethod
    def _one_way(cls, before: str | None, info: ValidationInfo) -> str | None:
        if before and info.data.get("after"):
            raise ValueError("send after (older notices) or before (newer notices), not both")
        return before


class EntryPath(Base):
    entry_id: EntryId


class InboxEntryOut(Base):
    entry_id: str
    kind: str
    topic: NoticeTopic
    case_no: str
    title: str
    link: str
    created_at: datetime
    read: bool

    @classmethod
    def of(cls, entry: InboxEntry) -> "InboxEntryOut":
        return cls(entry_id=entry.entry_id, kind=entry.kind, topic=entry.topic, case_no=entry.case_no,
                   title=entry.title, link=entry.link, created_at=entry.created_at, read=not entry.unread)


class InboxOut(Base):
    unread: int
    entries: list[InboxEntryOut]
    next_cursor: str | None
    previous_cursor: str | None


class OpenedEntryOut(InboxEntryOut):
    body: str
    read_at: datetime | None
    unread: int  # the inbox's unread count after opening this one

    @classmethod
    def opened(cls, entry: InboxEntry, unread: int) -> "OpenedEntryOut":
        return cls(**InboxEntryOut.of(entry).model_dump(), body=entry.body, read_at=entry.read_at, unread=unread)


class ChoicesIn(Base):
    model_config = ConfigDict(extra="forbid")

    topics: dict[NoticeTopic, TopicChoice]


class MobileIn(Base):
    model_config = ConfigDict(extra="forbid")

    mobile: SingaporeMobile


class CodeIn(Base):
    model_config = ConfigDict(extra="forbid")

    code: ConfirmationCode


class SettingsOut(Base):
    email: str | None
    mobile: str | None
    pending_mobile: str | None
    pending_expires_at: datetime | None
    topics: dict[NoticeTopic, TopicChoice]

    @classmethod
    def of(cls, view: notification_settings.SettingsView) -> "SettingsOut":
        return cls(email=view.email, mobile=view.mobile, pending_mobile=view.pending_mobile,
                   pending_expires_at=view.pending_expires_at, topics=view.choices)


def _unread(call: Call) -> int:
    return (call.session.unread if call.session else None) or 0


def _after_opening(call: Call, newly_read: bool) -> int:
    # The count came with the session, read before this request marked the entry.
    return max(0, _unread(call) - (1 if newly_read else 0))


# --- inbox ---------------------------------------------------------------------------------------


@api(party_inbox, "/api/inbox", roles=PARTY_ROLES, query=InboxQuery, returns=InboxOut)
def inbox_json(call: Call):
    """The caller's inbox, newest first, a page at a time, with the unread count."""
    query = call.query(InboxQuery)
    found = inbox.page(call.caller, query.after, query.before)
    return InboxOut(unread=_unread(call), entries=[InboxEntryOut.of(e) for e in found.entries],
                    next_cursor=found.next_cursor, previous_cursor=found.previous_cursor)


@api(party_inbox, "/api/inbox/{entry_id}", roles=PARTY_ROLES, path_params=EntryPath, returns=OpenedEntryOut)
def inbox_entry_json(call: Call, entry_id: str):
    """One notice, marked read, with the inbox's unread count after opening it."""
    entry, newly_read = inbox.open_entry(call.caller, call.path(EntryPath).entry_id, call.now)
    return OpenedEntryOut.opened(entry, _after_opening(call, newly_read))


@page(party_inbox, "/inbox", roles=PARTY_ROLES, query=InboxQuery)
def inbox_page(call: Call):
    query = call.query(InboxQuery)
    return Page("pages/inbox.html", {"page": inbox.page(call.caller, query.after, query.before),
                                     "paged": bool(query.after or query.before)})


@page(party_inbox, "/inbox/{entry_id}", roles=PARTY_ROLES)
def inbox_entry_page(call: Call, entry_id: str):
    entry, newly_read = inbox.open_entry(call.caller, entry_id, call.now)
    return Page("pages/inbox_entry.html", {"entry": entry, "inbox_unread": _after_opening(call, newly_read)})


# --- notification settings -----------------------------------------------------------------------


@api(party_inbox, "/api/notification-settings", roles=PARTY_ROLES, returns=SettingsOut)
def notification_settings_json(call: Call):
    """The email on record, the mobile number (and one waiting for its code), email and SMS per topic."""
    return SettingsOut.of(notification_settings.view(call.caller))


@api(party_inbox, "/api/notification-settings", roles=PARTY_ROLES, methods=("PUT",), body=ChoicesIn,
     returns=SettingsOut)
def save_notification_choices_json(call: Call):
    """Email and SMS on or off per topic (the inbox always gets everything)."""
    notification_settings.save_choices(call.actor, call.caller, call.json(ChoicesIn).topics, call.now)
    return SettingsOut.of(notification_settings.view(call.caller))


@api(party_inbox, "/api/notification-settings/mobile", roles=PARTY_ROLES, methods=("POST",), body=MobileIn,
     returns=SettingsOut, status=202)
def start_mobile_confirmation_json(call: Call):
    """Send a 6-digit code to a Singapore mobile number (three an hour)."""
    notification_settings.send_code(call.actor, call.caller, call.json(MobileIn).mobile, call.now)
    return 202, SettingsOut.of(notification_settings.view(call.caller))


@api(party_inbox, "/api/notification-settings/mobile/confirm", roles=PARTY_ROLES, methods=("POST",), body=CodeIn,
     returns=SettingsOut)
def confirm_mobile_json(call: Call):
    """Confirm the mobile number with the code sent to it (ten minutes, five tries)."""
    notification_settings.confirm(call.actor, call.caller, call.json(CodeIn).code, call.now)
    return SettingsOut.of(notification_settings.view(call.caller))


@api(party_inbox, "/api/notification-settings/mobile", roles=PARTY_ROLES, methods=("DELETE",),
     returns=SettingsOut)
def remove_mobile_json(call: Call):
    """Stop SMS: forget the mobile number."""
    notification_settings.remove_mobile(call.actor, call.caller, call.now)
    return SettingsOut.of(notification_settings.view(call.caller))


def _settings_page(call: Call, *, problems: dict[str, str] | None = None, values: dict | None = None,
                   status: int = 200) -> Page:
    return Page("pages/notification_settings.html", {
        "settings": notification_settings.view(call.caller), "topics": list(NoticeTopic),
        "done": (call.request.query_params or {}).get("done"), "problems": problems or {}, "values": values or {},
    }, status=status)


def _refused(call: Call, error: Exception, field: str, value: str) -> Page:
    """A refused mobile number or code: the page again, the problem beside the field."""
    status, body = describe(error)
    problems = {field: "; ".join(p["message"] for p in body.get("fields", [])) or body["message"]}
    return _settings_page(call, problems=problems, values={field: value}, status=status)


@page(party_inbox, SETTINGS_PAGE, roles=PARTY_ROLES)
def notification_settings_page(call: Call):
    return _settings_page(call)


@page(party_inbox, SETTINGS_PAGE, roles=PARTY_ROLES, methods=("POST",))
def save_notification_choices_page(call: Call):
    form = call.form()
    topics = {topic: TopicChoice(email=form.get(f"{topic.value}.email") == "on", sms=form.get(f"{topic.value}.sms") == "on")
              for topic in NoticeTopic}
    notification_settings.save_choices(call.actor, call.caller, topics, call.now)
    return redirect(f"{SETTINGS_PAGE}?done=saved")


@page(party_inbox, SETTINGS_PAGE + "/mobile", roles=PARTY_ROLES, methods=("POST",))
def start_mobile_confirmation_page(call: Call):
    typed = call.form().get("mobile", "").strip()
    try:
        notification_settings.send_code(call.actor, call.caller, MobileIn(mobile=typed).mobile, call.now)
    except (ValidationError, DomainError) as error:
        return _refused(call, error, "mobile", typed)
    return redirect(f"{SETTINGS_PAGE}?done=code-sent#confirm")


@page(party_inbox, SETTINGS_PAGE + "/mobile/confirm", roles=PARTY_ROLES, methods=("POST",))
def confirm_mobile_page(call: Call):
    typed = call.form().get("code", "").strip()
    try:
        notification_settings.confirm(call.actor, call.caller, CodeIn(code=typed).code, call.now)
    except (ValidationError, DomainError) as error:
        return _refused(call, error, "code", typed)
    return redirect(f"{SETTINGS_PAGE}?done=confirmed")


@page(party_inbox, SETTINGS_PAGE + "/mobile/remove", roles=PARTY_ROLES, methods=("POST",))
def remove_mobile_page(call: Call):
    notification_settings.remove_mobile(call.actor, call.caller, call.now)
    return redirect(f"{SETTINGS_PAGE}?done=removed")
