"""moto's server for the local stack, with its DynamoDB requests taken one at a time.

moto 5.2 makes a transaction atomic by deep-copying the table and restoring the copy if the
transaction is refused; on its threaded server a write from another request during that copy
fails with "dictionary changed size during iteration", or is lost when the copy is restored.
The stack has several writers at once (the web process, the event runner delivering notices, the
demo data loader), so DynamoDB and DynamoDB Streams requests go through one lock here, as DynamoDB
itself isolates them.
Everything else (SQS long polls, SES, SNS, S3) stays concurrent.

    python -m local.moto_server -H 127.0.0.1 -p 8002
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple


class OneDynamoDBRequestAtATime:
    def __init__(self, app) -> None:
        self.app = app
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if not environ.get("HTTP_X_AMZ_TARGET", "").startswith("DynamoDB"):
            return self.app(environ, start_response)
        with self.lock:
            return list(self.app(environ, start_response))  # the whole response, inside the lock


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("MOTO_PORT", str(args.port))  # as moto_server sets it: moto names its own URLs with it
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    run_simple(args.host, args.port, OneDynamoDBRequestAtATime(DomainDispatcherApplication(create_backend_app)),
               threaded=True, use_reloader=False, request_handler=MotoRequestHandler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
