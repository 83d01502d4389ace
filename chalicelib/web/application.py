"""The Chalice app object, safe to serve from several threads at once.

Chalice keeps the request being served (and its Lambda context) on the app object. In Lambda one
process serves one request at a time, but ``chalice local`` and the tests serve requests on
threads, where one request would read another's headers, cookies and body. Here each thread sees
only its own.

A view reads the request with ``current_request()``: views are declared apart from the app object
(``web/routing.py``), and there is one app per process. It asks the app, whose class ``chalice
local`` replaces with one keeping the request its own way.
"""

from __future__ import annotations

import threading

from chalice import Chalice


_the_app: Chalice | None = None


def current_request():
    """The request this thread is serving."""
    return _the_app.current_request if _the_app is not None else None


class Portal(Chalice):
    def __init__(self, *args, **kwargs) -> None:
        global _the_app
        super().__init__(*args, **kwargs)
        _the_app = self

    @property
    def _this_thread(self) -> threading.local:
        state = self.__dict__.get("_threads")
        if state is None:
            state = self.__dict__.setdefault("_threads", threading.local())
        return state

    @property
    def current_request(self):
        return getattr(self._this_thread, "request", None)

    @current_request.setter
    def current_request(self, value) -> None:
        self._this_thread.request = value

    @property
    def lambda_context(self):
        return getattr(self._this_thread, "context", None)

    @lambda_context.setter
    def lambda_context(self, value) -> None:
        self._this_thread.context = value
