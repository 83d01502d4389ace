"""What API Gateway does with paths that ``chalice local`` and Chalice's test client do not.

The app declares ``/{proxy+}``, API Gateway's greedy path variable: in AWS every path no other
route matches reaches it, at any depth, so unknown URLs get the portal's own 404 (with the masthead
for pages, JSON under ``/api/``, and every security header). Chalice's local gateway matches path
segments one for one and would send only one-segment paths there, answering the rest with 403
``Missing Authentication Token`` from outside the app. ``install()`` teaches it the greedy match.
Only the local stack and the tests import this module; nothing of it ships.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import chalice.local

GREEDY_SUFFIX = "+}"


class GreedyRouteMatcher(chalice.local.RouteMatcher):
    """Ordinary routes first; then the deepest greedy route whose prefix matches, as API Gateway does."""

    def __init__(self, route_urls: list[str]) -> None:
        self.greedy = sorted((r for r in route_urls if r.endswith(GREEDY_SUFFIX)), key=len, reverse=True)
        super().__init__([r for r in route_urls if not r.endswith(GREEDY_SUFFIX)])

    def match_route(self, url: str) -> chalice.local.MatchResult:
        try:
            return super().match_route(url)
        except ValueError:
            parsed = urlparse(url)
            for route in self.greedy:
                prefix, _, variable = route.rpartition("/{")
                if parsed.path.startswith(prefix + "/") and len(parsed.path) > len(prefix) + 1:
                    captured = {variable[: -len(GREEDY_SUFFIX)]: parsed.path[len(prefix) + 1:]}
                    return chalice.local.MatchResult(route, captured, parse_qs(parsed.query, keep_blank_values=True))
            raise


def install() -> None:
    chalice.local.RouteMatcher = GreedyRouteMatcher
