"""Every page each kind of user can reach, checked in Chromium: no serious or critical axe-core
violation at 1280 and 390 pixels, every control the Tab key reaches is seen and not covered, and
nothing scrolls sideways at 320 pixels.

Nobody lists the pages: each role signs in through mockpass and the test follows the same-origin
links of every page it reaches, from that role's home, with GET only. Links are de-duplicated by
the route they lead to (``/cases/{case_no}`` is visited once, whichever case), so the crawl stays
bounded however much data there is. A page is reached if some page links to it with ``<a href>``.
An address no route serves is visited too: the catch-all's 404 page is a page people reach.
"""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import expect

from chalicelib.domain.clock import SINGAPORE
from chalicelib.web.routing import declared_routes
from tests.browser.checks import Problem, sideways_overflow, stacked_cells_out_of_column, tab_through
from tests.browser.mockpass_page import sign_in_on_mockpass

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDE, PHONE, NARROWEST = 1280, 390, 320
BLOCKING_IMPACTS = {"serious", "critical"}
FIRM_UEN = "123456789A"
MAX_PAGES_PER_ROLE = 60  # a guard against a crawl that never ends, far above what the portal has


# SGDS scrolls smoothly; a person who asks for reduced motion gets the focused control in view at
# once, which is also what lets the check see where the browser put it.
@dataclass(frozen=True)
class Role:
    name: str
    door: str | None  # where sign-in starts; None: not signed in
    nric: str | None = None
    uen: str | None = None
    home: str = "/"
    # Pages no link leads to but a person still sees: error pages.
    extra: tuple[str, ...] = ()


MISSING_CASE = "/cases/DAC-000000-2000"
UNKNOWN_URL = "/no-such-page/anywhere"  # answered by the catch-all route: the portal's own 404 page
# Every answer carries these, the catch-all's too (chalicelib/web/security.py).
SECURITY_HEADERS = ("content-security-policy", "strict-transport-security", "x-content-type-options")
ROLES = (
    Role("anonymous", None, extra=("/signed-out", "/static/outage.html", UNKNOWN_URL)),
    Role("accused", "/sign-in/singpass", "S6005040F", home="/cases", extra=(MISSING_CASE, "/firm/members")),
    Role("counsel", "/sign-in/corppass", "S8116474F", FIRM_UEN, home="/cases", extra=(MISSING_CASE,)),
    Role("paralegal", "/sign-in/corppass", "S6005043J", FIRM_UEN, home="/cases"),
    Role("firm administrator", "/sign-in/corppass", "S8979373D", FIRM_UEN, home="/cases"),
    Role("registry officer", "/registry/sign-in", "S3000024B", home="/registry", extra=(MISSING_CASE,)),
)

PAGE_ROUTES = [(re.compile("^" + re.sub(r"\{[^/]+\}", "[^/]+", spec.path) + "$"), spec)
               for spec in declared_routes() if spec.kind == "page" and "GET" in spec.methods]


def route_of(path: str) -> tuple[str, bool]:
    """The route pattern a path belongs to, and whether it is open to everyone (then the
    signed-out crawl covers it and signed-in ones need not)."""
    for pattern, spec in PAGE_ROUTES:
        if pattern.match(path):
            return spec.path, spec.roles is None
    return path, True


@dataclass
class Crawl:
    origin: str
    checked: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    without_banner: list[str] = field(default_factory=list)
    unknown_url: dict = field(default_factory=dict)  # how the address no route serves was answered


def _axe(page, url: str, width: int, crawl: Crawl) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by DevTools: the page's CSP stays on
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                           ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3)"
                           ".map(n => n.target.join(' '))}))")
    for violation in result:
        line = f"axe {violation['impact']} {violation['id']}: {violation['help']} ({', '.join(violation['nodes'])})"
        if violation["impact"] in BLOCKING_IMPACTS:
            crawl.problems.append(Problem(url, width, line))
        else:
            crawl.notes.append(f"{url} at {width}px: {line}")


def check_page(page, url: str, crawl: Crawl) -> None:
    for width, height in ((WIDE, 900), (PHONE, 844)):
        page.set_viewport_size({"width": width, "height": height})
        _axe(page, url, width, crawl)
        crawl.problems += [Problem(url, width, p) for p in tab_through(page)]
    page.set_viewport_size({"width": NARROWEST, "height": 700})
    overflow = sideways_overflow(page)
    if overflow:
        crawl.problems.append(Problem(url, NARROWEST, f"the page scrolls sideways by {overflow}px"))
    crawl.problems += [Problem(url, NARROWEST, p) for p in stacked_cells_out_of_column(page)]


def same_origin_links(page, origin: str) -> list[str]:
    # A link marked ``download`` leads to a file (a filed PDF, through a short-lived link), not a page.
    hrefs = page.eval_on_selector_all("a[href]:not([download])", "links => links.map(link => link.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or parts.path.startswith("/static/"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl_as(page, role: Role, crawl: Crawl, public_done: set[str]) -> None:
    queue = deque([role.home, *role.extra])
    planned = {route_of(role.home)[0]}
    done: set[tuple[str, int]] = set()
    while queue and len(done) < MAX_PAGES_PER_ROLE:
        target = queue.popleft()
        response = page.goto(crawl.origin + target)
        final = urlsplit(page.url)
        if f"{final.scheme}://{final.netloc}" != crawl.origin:
            continue  # a sign-in door: it leads to Singpass or Corppass, which are not ours to check
        route, public = route_of(final.path)
        key = (route, response.status if response else 0)
        if not 200 <= key[1] < 300:
            # A link to something gone (a case no longer there) must not stand for its route:
            # the next link of that route is followed too, until one answers.
            planned.discard(route)
        if key in done or (public and role.door and route in public_done):
            continue
        done.add(key)
        if public:
            public_done.add(route)
        url = f"{role.name} {final.path}{'?' + final.query if final.query else ''} ({key[1]})"
        if target == UNKNOWN_URL and response is not None:
            crawl.unknown_url = {"status": response.status, "headers": response.all_headers(),
                                 "heading": page.locator("h1").first.inner_text(),
                                 "masthead": page.locator(".sgds-masthead").count()}
        crawl.checked.append(url)
        if not page.locator(".maintenance-banner").count():
            crawl.without_banner.append(url)
        check_page(page, url, crawl)
        for link in same_origin_links(page, crawl.origin):
            link_route, link_public = route_of(urlsplit(link).path)
            if link_route in planned or (link_public and role.door and link_route in public_done):
                continue
            planned.add(link_route)
            queue.append(link)


def sign_in(page, origin: str, role: Role) -> None:
    page.goto(origin + role.door)
    sign_in_on_mockpass(page, role.nric, uen=role.uen)
    page.wait_for_url(re.compile(re.escape(origin) + "/"))


def _maintenance_notice(chromium, origin: str, *, up: bool) -> None:
    """Put the registry's maintenance notice up (through its form), so that every page is checked
    with the banner showing, or take it down again."""
    context = chromium.new_context(viewport={"width": WIDE, "height": 900})
    page = context.new_page()
    sign_in(page, origin, ROLES[-1])
    page.goto(origin + "/registry/maintenance")
    if up:
        starts = datetime.now(SINGAPORE).replace(hour=22, minute=0) + timedelta(days=2)
        page.get_by_label("Message").fill("Sign-in, case pages and filing will not work. Call the State Courts "
                                          "Call Centre if you need your court date.")
        page.get_by_label("Unavailable from").fill(f"{starts:%Y-%m-%dT%H:%M}")
        page.get_by_label("Available again by").fill(f"{starts + timedelta(hours=4):%Y-%m-%dT%H:%M}")
        page.get_by_role("button", name="Show this notice on every page").click()
        expect(page.locator(".maintenance-banner")).to_contain_text("Planned maintenance")
    else:
        page.get_by_role("button", name="Take the notice down now").click()
        expect(page.locator(".maintenance-banner")).to_have_count(0)
    context.close()


def test_every_page_of_every_role_is_accessible_and_fits(stack, chromium):
    crawl = Crawl(stack.url)
    public_done: set[str] = set()
    timings = []
    _maintenance_notice(chromium, stack.url, up=True)
    try:
        _crawl_every_role(chromium, crawl, public_done, timings)
    finally:
        _maintenance_notice(chromium, stack.url, up=False)
    print("\n".join(["", *timings, *crawl.checked, *crawl.notes]))
    assert len(crawl.checked) >= 10, crawl.checked
    # Each signed-in party and the registry saw a real case page, not only the missing case's 404.
    for role in ("accused", "counsel", "registry officer"):
        assert any(re.fullmatch(rf"{role} /cases/[A-Z]+-[0-9]+-[0-9]+ \(200\)", url) for url in crawl.checked), role
    # The unknown address got the portal's 404 page: masthead, a heading that says so, every security header.
    answer = crawl.unknown_url
    assert answer["status"] == 404 and answer["heading"] == "We could not find that" and answer["masthead"], answer
    assert all(name in answer["headers"] for name in SECURITY_HEADERS), answer["headers"]
    # Every page was checked with the maintenance banner showing, but the static outage page.
    assert [url for url in crawl.without_banner if "outage" not in url] == []
    assert not crawl.problems, "\n".join(str(p) for p in crawl.problems)


def _crawl_every_role(chromium, crawl: Crawl, public_done: set[str], timings: list[str]) -> None:
    for role in ROLES:
        started = time.monotonic()
        context = chromium.new_context(viewport={"width": WIDE, "height": 900}, reduced_motion="reduce")
        page = context.new_page()
        if role.door:
            sign_in(page, crawl.origin, role)
        before = len(crawl.checked)
        crawl_as(page, role, crawl, public_done)
        context.close()
        timings.append(f"{role.name}: {len(crawl.checked) - before} pages in {time.monotonic() - started:.1f}s")
