"""Help and support pages: open to everyone, linked from every page's footer, with the helplines."""

import pytest

from chalicelib.web.help import HELP_TOPICS
from tests.fixtures.portal import accused_principal, session_headers

FOOTER_LINKS = ("/help", "/help/contact", "/help/contact#feedback", "/help/accessibility", "/help/privacy",
                "/help/terms", "/help/accused-quick-start", "/help/law-firms-quick-start")


@pytest.mark.parametrize("path", ["/help", *[topic.path for topic in HELP_TOPICS]])
def test_each_help_page_is_open_to_everyone_and_links_every_topic(portal, path):
    response = portal.http.get(path)
    assert response.status_code == 200, response.body
    html = response.body.decode()
    for topic in HELP_TOPICS:
        assert f'href="{topic.path}"' in html
    assert "<h1" in html


def test_the_footer_of_every_page_links_help_and_the_statements(portal):
    for path, headers in (("/", {}), ("/sign-in", {}), ("/cases", session_headers(accused_principal("S8979373D")))):
        html = portal.http.get(path, headers=headers).body.decode()
        for link in FOOTER_LINKS:
            assert f'href="{link}"' in html, (path, link)


def test_the_help_gives_the_numbers_and_hours_exactly(portal):
    html = portal.http.get("/help/contact").body.decode()
    for text in ("6 JUSTICE (6587 8423)", "1800 JUSTICE (1800 587 8423)", "6756 3874",
                 "Monday to Friday, 8.30am to 6.00pm, excluding public holidays"):
        assert text in html


def test_paying_names_where_the_kiosks_are_and_what_they_take(portal):
    html = portal.http.get("/help/paying").body.decode()
    for text in ("Service Hub, State Courts, Level 2", "Level 2, 4 or 7", "NETS FlashPay", "American Express"):
        assert text in html


def test_court_dates_explain_every_kind_of_hearing(portal):
    from chalicelib.domain.cases import EventType

    html = portal.http.get("/help/court-dates").body.decode()
    for kind in EventType:
        assert kind.explanation.replace("'", "&#39;") in html
    assert "3 Havelock Square, Singapore 059725" in html


def test_an_unknown_help_page_is_not_a_help_page(portal):
    assert portal.http.get("/help/nothing-here").status_code in (403, 404)
