"""moto as the local stack and the tests run it: one request at a time.

moto's ``transact_write_items`` deep-copies each table it touches and restores that copy when the
transaction is refused. On moto's own threaded server, concurrent requests then lose or duplicate
each other's writes (and moto logs ``RuntimeError: dictionary changed size during iteration``).
DynamoDB applies each transaction atomically; a non-threaded server, which serves the requests
queued on its socket one after another, gives the same guarantee locally. Race tests run against
it, with real threads in the client, and so test the application's conditions.

Both also honour DynamoDB's request tokens (``local/moto_tokens.py``): a transaction the SDK
sends again after its read timeout is answered from the first attempt, never applied twice.

``python -m local.moto_server -H 127.0.0.1 -p 8002`` serves it on its own (``make run`` does).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from moto.moto_server.threaded_moto_server import MotoRequestHandler
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

from local.moto_tokens import install as honour_request_tokens


class RequestHandler(MotoRequestHandler):
    # One request at a time makes every stall everyone's: send small writes at once.
    disable_nagle_algorithm = True


class QuietRequestHandler(RequestHandler):
    def log_request(self, *args, **kwargs) -> None:
        pass


def serial_server(host: str, port: int, *, log_requests: bool = True) -> BaseWSGIServer:
    """moto's whole application behind a server that handles one request at a time, honouring
    DynamoDB's request tokens."""
    honour_request_tokens()
    app = DomainDispatcherApplication(create_backend_app)
    handler = RequestHandler if log_requests else QuietRequestHandler
    return make_server(host, port, app, threaded=False, processes=1, request_handler=handler)


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
    parser.add_argument("-p", "--port", type=int, default=5000)
    args = parser.parse_args(argv)
    server = serial_server(args.host, args.port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"moto (one request at a time) on http://{args.host}:{args.port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
