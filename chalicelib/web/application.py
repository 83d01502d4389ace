"""The Chalice app object, safe to serve from several threads at once.

Chalice keeps the request being served (and its Lambda context) on the app object. In Lambda one
process serves one request at a time, but ``chalice local`` and the tests serve requests on
threads, where one request would read another's headers, cookies and body. Here each thread sees
only its own.
"""

from __future__ import annotations

import threading

from chalice import Chalice


class Portal(Chalice):
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
