"""The local edge: static files from a folder, everything else passed to the app untouched."""

from __future__ import annotations

import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from local import edge
from local.edge import EdgeServer
from local.environment import LOOPBACK, free_port


class StubApp(BaseHTTPRequestHandler):
    """Echoes what it received, and answers /redirect like a sign-in does."""

    protocol_version = "HTTP/1.1"
    received: list[dict] = []

    def log_message(self, *args) -> None:
        pass

    def _answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.received.append({"method": self.command, "path": self.path, "body": body,
                              "headers": dict(self.headers.items())})
        if self.path == "/redirect":
            self.send_response(303)
            self.send_header("Location", "/cases")
            self.send_header("Set-Cookie", "__Host-session=abc; Path=/; HttpOnly; Secure")
            self.send_header("Set-Cookie", "flash=signed-in; Path=/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/empty":
            self.send_response(204)
            self.end_headers()
            return
        payload = json.dumps({"method": self.command, "body": body.decode()}).encode()
        self.send_response(418 if self.path == "/teapot" else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _answer


@pytest.fixture
def stub_app():
    StubApp.received = []
    server = ThreadingHTTPServer((LOOPBACK, free_port()), StubApp)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def static_root(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "icms.css").write_text("body { color: #1a1a1a; }\n")
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "app.js").write_text("console.log('hi');\n")
    (tmp_path.parent / "secret.txt").write_text("not for the web")
    return tmp_path


@pytest.fixture
def edge_port(stub_app, static_root):
    port = free_port()
    server = EdgeServer((LOOPBACK, port), stub_app.server_address, static_root).start()
    yield port
    server.stop()


def request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=5)
    connection.request(method, path, body=body, headers=headers or {})
    response = connection.getresponse()
    payload = response.read()
    connection.close()
    return response, payload


def test_static_files_are_served_with_their_type_and_revalidated(edge_port):
    response, body = request(edge_port, "GET", "/static/css/icms.css")
    assert response.status == 200
    assert body == b"body { color: #1a1a1a; }\n"
    assert response.getheader("Content-Type") == "text/css; charset=utf-8"
    assert response.getheader("Cache-Control") == "no-cache"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    etag = response.getheader("ETag")
    assert etag

    again, body = request(edge_port, "GET", "/static/css/icms.css", headers={"If-None-Match": etag})
    assert again.status == 304 and body == b""

    script, _ = request(edge_port, "GET", "/static/js/app.js")
    assert script.getheader("Content-Type") == "text/javascript; charset=utf-8"


@pytest.mark.parametrize("path", ["/static/css/missing.css", "/static/css", "/static/../secret.txt",
                                  "/static/%2e%2e/secret.txt"])
def test_missing_static_files_and_paths_outside_the_folder_are_not_found(edge_port, path):
    response, body = request(edge_port, "GET", path)
    assert response.status == 404
    assert b"not for the web" not in body
    assert StubApp.received == []  # never passed on to the app


def test_a_form_post_reaches_the_app_with_its_body_and_headers(edge_port):
    form = b"persona=accused-tan-wei-ming&next=%2Fcases"
    response, body = request(edge_port, "POST", "/sign-out?x=1", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": "a=1; b=2", "X-Custom": "kept"})
    assert response.status == 200
    assert json.loads(body) == {"method": "POST", "body": form.decode()}
    (seen,) = StubApp.received
    assert seen["path"] == "/sign-out?x=1"
    assert seen["body"] == form
    assert seen["headers"]["Cookie"] == "a=1; b=2"
    assert seen["headers"]["X-Custom"] == "kept"
    assert seen["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert seen["headers"]["X-Forwarded-For"] == LOOPBACK


def test_redirects_pass_through_with_every_cookie_and_are_not_followed(edge_port):
    response, _ = request(edge_port, "POST", "/redirect", body=b"x=1")
    assert response.status == 303
    assert response.getheader("Location") == "/cases"
    assert response.headers.get_all("Set-Cookie") == [
        "__Host-session=abc; Path=/; HttpOnly; Secure", "flash=signed-in; Path=/"]
    assert [r["path"] for r in StubApp.received] == ["/redirect"]


def test_any_method_and_status_pass_through(edge_port):
    for method in ("PUT", "PATCH", "DELETE"):
        response, body = request(edge_port, method, "/api/registry/cases/X", body=b"{}")
        assert response.status == 200 and json.loads(body)["method"] == method
    teapot, _ = request(edge_port, "GET", "/teapot")
    assert teapot.status == 418
    empty, body = request(edge_port, "GET", "/empty")
    assert empty.status == 204 and body == b""


def test_an_app_that_is_down_gets_a_502(static_root, monkeypatch):
    monkeypatch.setattr(edge, "UPSTREAM_RESTART_GRACE_SECONDS", 0.3)
    port = free_port()
    server = EdgeServer((LOOPBACK, port), (LOOPBACK, free_port()), static_root).start()
    try:
        response, body = request(port, "GET", "/cases")
    finally:
        server.stop()
    assert response.status == 502
    assert b"not answering" in body


def test_large_and_chunked_bodies_reach_the_app_whole(edge_port):
    big = b"x" * 50_000
    response, body = request(edge_port, "POST", "/upload", body=big, headers={"Expect": "100-continue"})
    assert response.status == 200 and json.loads(body)["body"] == big.decode()

    connection = http.client.HTTPConnection(LOOPBACK, edge_port, timeout=5)
    connection.request("POST", "/upload", body=iter([b"part one, ", b"part two"]), encode_chunked=True,
                       headers={"Transfer-Encoding": "chunked"})
    chunked = connection.getresponse()
    assert json.loads(chunked.read())["body"] == "part one, part two"
    connection.close()

    assert [len(r["body"]) for r in StubApp.received] == [50_000, 18]
    assert all("Expect" not in r["headers"] and "Transfer-Encoding" not in r["headers"] for r in StubApp.received)


@pytest.fixture
def public_edge(stub_app, static_root):
    port = free_port()
    server = EdgeServer((LOOPBACK, port), stub_app.server_address, static_root,
                        public_origin=f"http://localhost:{port}").start()
    yield port
    server.stop()


@pytest.mark.parametrize("method", ["GET", "POST", "HEAD"])
def test_any_other_host_is_redirected_to_the_public_origin_before_anything_else(public_edge, method):
    response, body = request(public_edge, method, "/sign-in?next=/cases", body=b"a=1" if method == "POST" else None,
                             headers={"Host": f"127.0.0.1:{public_edge}"})
    assert response.status == 308
    assert response.getheader("Location") == f"http://localhost:{public_edge}/sign-in?next=/cases"
    assert response.getheader("Content-Security-Policy")
    if method != "HEAD":
        assert b"answers at http://localhost" in body and b"sign" in body
    assert StubApp.received == []  # the app never saw it


def test_the_public_origin_is_served(public_edge):
    response, _ = request(public_edge, "GET", "/anything", headers={"Host": f"localhost:{public_edge}"})
    assert response.status == 200 and StubApp.received[0]["path"] == "/anything"


def test_a_missing_static_file_is_a_404_page_with_every_security_header(edge_port):
    from local.edge import security_headers

    response, body = request(edge_port, "GET", "/static/css/missing.css")
    assert response.status == 404 and response.getheader("Content-Type").startswith("text/html")
    assert b"ICMS home page" in body
    for name, value in security_headers().items():
        assert response.getheader(name) == value
