"""Calendar feeds: a party turns on a private feed of their court dates, gets its URL once, and can
replace or revoke it; the feed URL itself needs no sign-in (calendar apps cannot sign in) and
answers 404 once revoked."""

from datetime import datetime

from chalice import Response

from ..domain.base import Base
from ..domain.principals import PARTY_ROLES
from ..services import calendars
from .routing import Call, Page, RouteGroup, api, page

calendar_feeds = RouteGroup(__name__)
CREATED = 201


class FeedOut(Base):
    on: bool
    since: datetime | None
    # Shown once, when the feed is turned on: only a hash of its token is kept.
    url: str | None

    @classmethod
    def of(cls, status: calendars.FeedStatus) -> "FeedOut":
        return cls(on=status.on, since=status.since, url=status.url)


@api(calendar_feeds, "/api/calendar/feed", roles=PARTY_ROLES, returns=FeedOut)
def feed_json(call: Call):
    """Whether the caller's private calendar feed is on, and since when."""
    return FeedOut.of(calendars.feed_status(call.caller))


@api(calendar_feeds, "/api/calendar/feed", roles=PARTY_ROLES, methods=("POST",), returns=FeedOut, status=CREATED)
def turn_on_feed_json(call: Call):
    """Turn on (or replace) the private feed of the caller's court dates; its URL is shown only now."""
    return CREATED, FeedOut.of(calendars.turn_on_feed(call.actor, call.caller, call.now))


@api(calendar_feeds, "/api/calendar/feed", roles=PARTY_ROLES, methods=("DELETE",), returns=FeedOut)
def revoke_feed_json(call: Call):
    """Turn the feed off: its URL answers 404 from now on."""
    return FeedOut.of(calendars.revoke_feed(call.actor, call.caller, call.now))


@page(calendar_feeds, "/calendar", roles=PARTY_ROLES)
def calendar_page(call: Call):
    return Page("pages/calendar_feed.html", {"feed": calendars.feed_status(call.caller), "just": None})


@page(calendar_feeds, "/calendar/feed", roles=PARTY_ROLES, methods=("POST",))
def turn_on_feed_page(call: Call):
    return Page("pages/calendar_feed.html", {"feed": calendars.turn_on_feed(call.actor, call.caller, call.now),
                                             "just": "on"}, status=CREATED)


@page(calendar_feeds, "/calendar/feed/revoke", roles=PARTY_ROLES, methods=("POST",))
def revoke_feed_page(call: Call):
    return Page("pages/calendar_feed.html", {"feed": calendars.revoke_feed(call.actor, call.caller, call.now),
                                             "just": "off"})


@page(calendar_feeds, "/calendar/feeds/{token}", roles=None)
def feed(call: Call, token: str):
    body = calendars.feed_ics(token, call.now).decode()
    return Response(body=body, status_code=200, headers={"Content-Type": "text/calendar; charset=utf-8",
                                                         "Cache-Control": "private, max-age=300"})
