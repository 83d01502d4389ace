"""Keep the registry staff list: ``python -m local.registry_staff add|list|deactivate``.

Only officers on this list can sign in to the registry's back office. It runs wherever the
ICMS_* settings and AWS credentials point: moto locally, the stage's table in AWS.

    python -m local.registry_staff add S3000024B "Aishah Rahman" aishah.rahman@judiciary.gov.sg
    python -m local.registry_staff list
    python -m local.registry_staff deactivate S3000024B
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Keep the registry staff list.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="put an officer on the list")
    add.add_argument("nric")
    add.add_argument("name")
    add.add_argument("email", nargs="?")
    commands.add_parser("list", help="show the list (NRICs masked)")
    deactivate = commands.add_parser("deactivate", help="take an officer off the list")
    deactivate.add_argument("nric")
    args = parser.parse_args(argv)

    # Imported here: the table settings must come from the environment this command runs in.
    from chalicelib.domain.errors import DomainError
    from chalicelib.domain.identity import normalise_nric
    from chalicelib.domain.staff import StaffMember
    from chalicelib.services.intake import person_id_for
    from chalicelib.store import staff

    try:
        if args.command == "list":
            for officer in staff.list_all():
                print(f"{officer.nric_masked}  {'active' if officer.active else 'deactivated':11}  {officer.name}")
            return 0
        nric = normalise_nric(args.nric)
        if args.command == "add":
            staff.add(StaffMember(staff_id=person_id_for(nric), nric=nric, name=args.name, email=args.email))
            print(f"added {args.name}")
        else:
            staff.deactivate(person_id_for(nric))
            print("deactivated")
    except (ValueError, DomainError) as problem:
        print(f"refused: {getattr(problem, 'message', problem)}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
