"""Operators are people too: who runs a command (`--as`) and why (`--purpose`). The services a
command reads through come from `wiring.bootstrap`, like the API's.

A denied read exits with code 3 and the reason; it is logged like any other attempt.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from domain.vocabulary import Role
from infra.errors import register_speaking_error
from privacy.guard import AccessDeniedError, AccessLogUnavailableError
from privacy.model import Principal

EXIT_DENIED = 3
register_speaking_error(AccessLogUnavailableError)


def add_identity_options(parser: argparse.ArgumentParser, *, default_purpose: str, required: bool = True) -> None:
    """`--as USER_ID` (required unless `required=False`), `--purpose`, and the role options."""
    parser.add_argument("--as", dest="as_user", required=required, default=None, metavar="USER_ID",
                        help="wie u bent (medewerker-id)" if required
                        else "wie u bent (dan leest u via de privacylaag, en dat wordt vastgelegd)")
    parser.add_argument("--purpose", default=default_purpose, help=f"waarvoor (een doel uit het verwerkingsregister; standaard {default_purpose})")
    parser.add_argument("--role", choices=[r.value for r in Role],
                        help="uw rol, als USER_ID niet in de medewerkerslijst staat (cliënten: --role client)")
    parser.add_argument("--team", help="uw team, bij --role")
    parser.add_argument("--organisation", help="uw organisatie, bij --role")
    parser.add_argument("--emergency-reason", help="noodtoegang: waarom u nu toegang nodig heeft (alleen teamprofessionals; wordt gemarkeerd voor controle)")


def principal_from_args(args: argparse.Namespace) -> Principal:
    """The person behind `--as`: from the demo staff list, or from `--role` (clients, others)."""
    # Here, not at the top: the demo's staff list is made with faker, which only these commands need.
    from demo.staff import staff_by_id

    staff = staff_by_id().get(args.as_user)
    if staff is not None:
        if args.role not in (None, staff.role.value):
            _usage(f"--as {args.as_user!r} heeft de rol {staff.role.value}; een medewerker kan niet in een andere "
                   "rol werken. Laat --role weg.")
        return Principal(user_id=staff.id, role=staff.role, organisation=staff.organisation, team=staff.team,
                         emergency_reason=args.emergency_reason)
    if args.role is None:
        _usage(f"--as {args.as_user!r} staat niet in de medewerkerslijst; geef er uw rol bij, bijvoorbeeld "
               "--role client")
    role = Role(args.role)
    return Principal(
        user_id=args.as_user, role=role, team=args.team, organisation=args.organisation or "wijkteam",
        person_id=args.as_user if role in (Role.CLIENT, Role.LEGAL_REPRESENTATIVE) else None,
        emergency_reason=args.emergency_reason,
    )


def _usage(message: str) -> NoReturn:
    """A mistake in who you say you are: one Dutch line, exit 2 like any wrong argument."""
    print(f"wijkdossier: {message}", file=sys.stderr)
    raise SystemExit(2)


def report_denial(exc: AccessDeniedError) -> int:
    print(f"wijkdossier: geweigerd: {exc}", file=sys.stderr)
    return EXIT_DENIED
