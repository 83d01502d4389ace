"""moto as the local stack and the tests run it: DynamoDB requests one at a time.

moto's ``transact_write_items`` deep-copies each table it touches and restores that copy when the
transaction is refused. On moto's own threaded server, concurrent requests then lose or duplicate
each other's writes (and moto logs ``RuntimeError: dictionary changed size during iteration``).
DynamoDB applies each transaction atomically; taking DynamoDB and DynamoDB Streams requests through
one lock gives the same guarantee locally. Everything else (SQS long polls, S3 uploads, SES, SNS)
stays concurrent, so the event runner's polling never holds up a page. Race tests run against this
server with real threads in the client, and so test the application's conditions.

Both also honour DynamoDB's request tokens (``local/moto_tokens.py``): a transaction the SDK
sends again after its read timeout is answered from the first attempt, never applied twice.

``python -m local.moto_server -H 127.0.0.1 -p 8002`` serves it on its own (``make run`` does).
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

from local.moto_tokens import install as honour_request_tokens


class OneDynamoDBRequestAtATime:
    """WSGI middleware: DynamoDB and DynamoDB Streams requests (``X-Amz-Target: DynamoDB...``) are
    served one after another, each with its whole response produced inside the lock."""

    def __init__(self, app) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if not environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB"):
            return self.app(environ, start_response)
        with self.lock:
            return list(self.app(environ, start_response))


class RequestHandler(MotoRequestHandler):
    # Every DynamoDB request waits for the one before it: send small writes at once.
    disable_nagle_algorithm = True


class QuietRequestHandler(RequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


def serial_server(host: str, port: int, *, log_requests: bool = True) -> BaseWSGIServer:
    """moto's whole application, threaded, with its DynamoDB requests one at a time and DynamoDB's
    request tokens honoured."""
    honour_request_tokens()
    app = OneDynamoDBRequestAtATime(DomainDispatcherApplication(create_backend_app))
    handler = RequestHandler if log_requests else QuietRequestHandler
    server = make_server(host, port, app, threaded=True, request_handler=handler)
    server.daemon_threads = True  # an SQS long poll still waiting never holds up the end of a run
    return server


class SerialMotoServer:
    """In-process, on a background thread: the tests' moto (their fixtures reach its backends)."""

    def __init__(self, host: str, port: int) -> None:
        self._server = serial_server(host, port, log_requests=False)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="moto", daemon=True)

    def start(self) -> "SerialMotoServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("MOTO_PORT", str(args.port))  # as moto_server sets it: moto names its own URLs with it
    server = serial_server(args.host, args.port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"moto (DynamoDB one request at a time) on http://{args.host}:{args.port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
