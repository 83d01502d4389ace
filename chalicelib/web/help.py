"""Help and support pages, open to everyone, signed in or not: what ICMS is, signing in, quick
starts, court dates, filing, paying, contact, and the accessibility, privacy and terms statements.

Each topic is its own route, so that every one is in the route list (and so in the access matrix,
the benchmark and the browser crawl) without anyone listing it twice.
"""

from __future__ import annotations

from dataclasses import dataclass


from ..domain.cases import EventType
from .routing import Call, Page, RouteGroup, page

help_pages = RouteGroup(__name__)


@dataclass(frozen=True)
class HelpTopic:
    slug: str
    title: str
    summary: str

    @property
    def path(self) -> str:
        return f"/help/{self.slug}"

    @property
    def route_name(self) -> str:
        return "help_" + self.slug.replace("-", "_")


HELP_TOPICS = (
    HelpTopic("about", "What ICMS is and who can use it",
              "The portal for criminal cases in the State Courts, the Night Courts and the Youth Courts."),
    HelpTopic("signing-in", "Signing in",
              "Singpass for accused persons, Corppass for law firms, and what to do when sign-in fails."),
    HelpTopic("accused-quick-start", "Quick start for accused persons",
              "Find your next court date, what to bring, and who acts for you."),
    HelpTopic("law-firms-quick-start", "Quick start for law firms",
              "Your firm's cases, what counsel and paralegals may do, and the firm administrator's tasks."),
    HelpTopic("court-dates", "Court dates and changing one",
              "What each kind of hearing is, where the courts are, and how to ask for another date."),
    HelpTopic("filing", "Filing documents and applications",
              "Who files, what may be filed when, and in what format."),
    HelpTopic("paying", "Paying fees",
              "Paying online by card or at a payment kiosk in the State Courts, and what the fees are."),
    HelpTopic("contact", "Contact and feedback",
              "The State Courts Call Centre, the law firms' helpdesk, and their hours."),
    HelpTopic("accessibility", "Accessibility statement",
              "The standard ICMS meets, how it is checked, and how to tell us about a barrier."),
    HelpTopic("privacy", "Privacy statement", "What ICMS records about you, why, and who sees it."),
    HelpTopic("terms", "Terms of use", "The conditions of using ICMS."),
)
TOPICS_BY_SLUG = {topic.slug: topic for topic in HELP_TOPICS}


@page(help_pages, "/help", roles=None)
def help_index(call: Call):
    return Page("pages/help/index.html", {"topics": HELP_TOPICS})


def _declare(topic: HelpTopic) -> None:
    def view(call: Call):
        return Page(f"pages/help/{topic.slug}.html",
                    {"topic": topic, "topics": HELP_TOPICS, "event_types": list(EventType)})

    view.__name__ = topic.route_name
    page(help_pages, topic.path, roles=None)(view)


for _topic in HELP_TOPICS:
    _declare(_topic)
