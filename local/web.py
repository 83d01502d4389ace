"""``chalice local`` with API Gateway's greedy path matching (``local/api_gateway.py``).

Run as ``python -m local.web local --host ... --port ... --stage dev``: the arguments are chalice's.
"""

from __future__ import annotations

import sys

from local.api_gateway import install

if __name__ == "__main__":
    install()
    import chalice.local

    # Headers and body leave in separate writes; with Nagle's algorithm and delayed ACKs each
    # response would wait 40 ms.
    chalice.local.ChaliceRequestHandler.disable_nagle_algorithm = True
    from chalice.cli import main

    sys.argv[0] = "chalice"
    sys.exit(main())
