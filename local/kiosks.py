"""Register payment kiosks: ``python -m local.kiosks add|list|deactivate``.

`add` makes the kiosk's signing secret and prints it once, to be loaded into the kiosk; ICMS keeps
its own copy. Runs wherever the ICMS_* settings and AWS credentials point.

    python -m local.kiosks add L2-01 "State Courts, Level 2"
    python -m local.kiosks list
    python -m local.kiosks deactivate L2-01
"""

from __future__ import annotations

import argparse
import re
import secrets
import sys

KIOSK_ID = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,31}$")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Register payment kiosks.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="register a kiosk and print its new secret")
    add.add_argument("kiosk_id")
    add.add_argument("location")
    commands.add_parser("list", help="show the kiosks")
    deactivate = commands.add_parser("deactivate", help="stop accepting a kiosk's requests")
    deactivate.add_argument("kiosk_id")
    args = parser.parse_args(argv)

    from chalicelib.domain.errors import DomainError
    from chalicelib.domain.kiosks import Kiosk
    from chalicelib.store import kiosks

    try:
        if args.command == "list":
            for kiosk in kiosks.list_all():
                print(f"{kiosk.kiosk_id:10} {'active' if kiosk.active else 'deactivated':11}  {kiosk.location}")
        elif args.command == "add":
            kiosk_id = args.kiosk_id.upper()
            if not KIOSK_ID.match(kiosk_id):
                raise ValueError("a kiosk id is 2 to 32 letters, digits and hyphens, e.g. L2-01")
            secret = secrets.token_urlsafe(32)
            kiosks.register(Kiosk(kiosk_id=kiosk_id, location=args.location), secret)
            print(f"registered {kiosk_id}; its secret (shown once, load it into the kiosk): {secret}")
        else:
            kiosks.deactivate(args.kiosk_id.upper())
            print("deactivated")
    except (ValueError, DomainError) as problem:
        print(f"refused: {getattr(problem, 'message', problem)}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
