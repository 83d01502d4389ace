"""The local stand-in for CloudFront: one public origin for the static folder and the app.

In AWS, CloudFront serves ``/static/*`` from the static bucket and forwards everything else to API
Gateway, so pages, assets and cookies share one origin. Locally this edge does the same in front
of ``chalice local``: static files from the repository's ``static/`` folder, and every other
request passed through untouched (method, body, headers, status, every ``Set-Cookie``, redirects
not followed).

The portal has one public origin (``ICMS_PUBLIC_BASE_URL``): its cookies, its CSRF checks and the
Singpass/Corppass redirect URIs all name it. A request for any other host (``127.0.0.1`` for
``localhost``) is redirected there before anything else happens, with a body that says why; in
AWS, CloudFront serves only the portal's domain.
"""

from __future__ import annotations

import hashlib
import http.client
import mimetypes
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from chalicelib.web.security import SECURITY_HEADERS, content_security_policy

STATIC_PREFIX = "/static/"
MAILBOX_PATH = "/local/mailbox"
# Headers that describe one connection, not the message (RFC 9110 section 7.6.1).
HOP_BY_HOP = frozenset({
    "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
    "te", "trailer", "transfer-encoding", "upgrade",
})
# Handled here: the edge answers "100 Continue" itself and always sends the app a whole body.
NOT_FORWARDED = HOP_BY_HOP | {"content-length", "expect", "x-forwarded-for"}
BODILESS_STATUSES = frozenset({204, 304})
CONTENT_TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".ico": "image/x-icon",
    ".png": "image/png",
    ".webp": "image/webp",
    ".txt": "text/plain; charset=utf-8",
}
# Local edits to CSS and JS must show on the next reload, so the browser revalidates every time
# (cheaply, by ETag). Fingerprinted files behind CloudFront get long lifetimes instead.
STATIC_CACHE_CONTROL = "no-cache"
# chalice local restarts its worker when code changes; requests in that gap wait instead of failing.
UPSTREAM_RESTART_GRACE_SECONDS = 10.0
UPSTREAM_TIMEOUT_SECONDS = 60.0


def content_type_for(path: Path) -> str:
    known = CONTENT_TYPES.get(path.suffix.lower())
    if known:
        return known
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


STATIC_NOT_FOUND = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not found \xc2\xb7 ICMS</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>We could not find that file</h1>
<p>It is not one of the portal's files. Start again from <a href="/">the ICMS home page</a>.</p></main></body></html>
"""


def security_headers() -> dict[str, str]:
    """The headers the app puts on every answer, for those the edge gives itself."""
    return {"Content-Security-Policy": content_security_policy(), **SECURITY_HEADERS}


class EdgeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "icms-local-edge"
    static_root: Path
    upstream: tuple[str, int]
    public_origin: str | None = None  # e.g. "http://localhost:8000"; None: any host is served
    mailbox: Callable[[], bytes] | None = None  # the local mailbox page, when the stack serves one

    def do_GET(self) -> None:
        if self._redirected_to_public_origin():
            return
        if self.path.startswith(STATIC_PREFIX):
            self._serve_static(send_body=True)
        elif self.mailbox is not None and urlsplit(self.path).path == MAILBOX_PATH:
            self._serve_mailbox()
        else:
            self._proxy()

    def do_HEAD(self) -> None:
        if self._redirected_to_public_origin(send_body=False):
            return
        if self.path.startswith(STATIC_PREFIX):
            self._serve_static(send_body=False)
        else:
            self._proxy()

    def _redirected_to_public_origin(self, send_body: bool = True) -> bool:
        """Any host but the public origin's is sent there (308 keeps the method and body)."""
        if self.public_origin is None:
            return False
        wanted = urlsplit(self.public_origin).netloc.lower()
        host = (self.headers.get("Host") or "").lower()
        if host == wanted:
            return False
        self._read_body()  # leave the connection clean for the next request
        target = self.public_origin + (self.path if self.path.startswith("/") else "/")
        text = (f"ICMS answers at {self.public_origin} only. Its sign-in cookies and form checks belong to that "
                f"address, so opened as http://{host or 'another host'} signing in and sending forms would fail. "
                f"Go to {target}\n").encode()
        self.send_response(308)
        self.send_header("Location", target)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        for name, value in security_headers().items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        if send_body:
            self.wfile.write(text)
        return True

    def log_message(self, format: str, *args) -> None:
        pass  # chalice local logs every request it receives; one line per request is enough

    # --- static --------------------------------------------------------------------------------

    def _static_file(self) -> Path | None:
        relative = unquote(urlsplit(self.path).path[len(STATIC_PREFIX):])
        root = self.static_root.resolve()
        candidate = (root / relative).resolve()
        if not candidate.is_relative_to(root) or not candidate.is_file():
            return None
        return candidate

    def _serve_static(self, send_body: bool) -> None:
        file = self._static_file()
        if file is None:
            self._send_static_not_found(send_body)
            return
        stat = file.stat()
        etag = '"' + hashlib.sha1(f"{stat.st_mtime_ns}:{stat.st_size}".encode(), usedforsecurity=False).hexdigest()[:20] + '"'
        headers = {
            "Content-Type": content_type_for(file),
            "Cache-Control": STATIC_CACHE_CONTROL,
            "ETag": etag,
            "Last-Modified": formatdate(stat.st_mtime, usegmt=True),
            "X-Content-Type-Options": "nosniff",
        }
        if self._not_modified(etag, stat.st_mtime):
            self.send_response(304)  # no body and so no Content-Length, even on a kept-alive connection
            for name, value in headers.items():
                if name != "Content-Type":
                    self.send_header(name, value)
            self.end_headers()
            return
        body = file.read_bytes()
        self.send_response(200)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    # --- proxy ---------------------------------------------------------------------------------

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _upstream_headers(self, body: bytes) -> list[tuple[str, str]]:
        headers = [(name, value) for name, value in self.headers.items() if name.lower() not in NOT_FORWARDED]
        if body or self.command in ("POST", "PUT", "PATCH"):
            headers.append(("Content-Length", str(len(body))))
        forwarded_for = self.headers.get("X-Forwarded-For")
        client = self.client_address[0]
        headers.append(("X-Forwarded-For", f"{forwarded_for}, {client}" if forwarded_for else client))
        headers.append(("X-Forwarded-Proto", "http"))
        return headers

    def _send_static_not_found(self, send_body: bool) -> None:
        """As the app answers unknown pages: 404, HTML, with every security header."""
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        for name, value in security_headers().items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(STATIC_NOT_FOUND)))
        self.end_headers()
        if send_body:
            self.wfile.write(STATIC_NOT_FOUND)

    def _proxy(self) -> None:
        if self._redirected_to_public_origin():
            return
        body = self._read_body()
        headers = self._upstream_headers(body)
        deadline = time.monotonic() + UPSTREAM_RESTART_GRACE_SECONDS
        while True:
            connection = http.client.HTTPConnection(*self.upstream, timeout=UPSTREAM_TIMEOUT_SECONDS)
            try:
                connection.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                for name, value in headers:
                    connection.putheader(name, value)
                connection.endheaders(body or None)
                response = connection.getresponse()
                payload = response.read()
                break
            except ConnectionRefusedError:
                connection.close()
                if time.monotonic() > deadline:
                    self._send_plain(502, "The portal is not answering; is chalice local running?\n", True)
                    return
                time.sleep(0.2)
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                self._send_plain(502, f"The portal failed to answer: {error}\n", True)
                return
        try:
            self._relay(response, payload)
        finally:
            connection.close()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _proxy

    def _relay(self, response: http.client.HTTPResponse, payload: bytes) -> None:
        self.send_response_only(response.status, response.reason)
        # getheaders() keeps repeated headers apart, so every Set-Cookie reaches the browser.
        for name, value in response.getheaders():
            lowered = name.lower()
            if lowered in HOP_BY_HOP or (lowered == "content-length" and self.command != "HEAD"):
                continue
            self.send_header(name, value)
        if self.command != "HEAD" and response.status not in BODILESS_STATUSES:
            self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def _serve_mailbox(self) -> None:
        """The local mailbox (local/mailbox.py): local only, so no CloudFront counterpart."""
        body = self.mailbox()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        # Emails' own inline styles render in their sandboxed frames; nothing runs.
        self.send_header("Content-Security-Policy",
                         "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _send_plain(self, status: int, text: str, send_body: bool) -> None:
        body = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class EdgeServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], upstream: tuple[str, int], static_root: Path,
                 public_origin: str | None = None, mailbox: Callable[[], bytes] | None = None):
        handler = type("BoundEdgeHandler", (EdgeHandler,), {"upstream": upstream, "static_root": static_root,
                                                            "public_origin": public_origin,
                                                            "mailbox": staticmethod(mailbox) if mailbox else None})
        super().__init__(address, handler)
        self._thread: threading.Thread | None = None

    def start(self) -> "EdgeServer":
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.1}, name="edge",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
