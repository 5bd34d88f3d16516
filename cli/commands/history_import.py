"""`wijkdossier import FILE`: a history from the municipality's previous system (docs/import.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.output import add_json_option, write_json
from infra.history_import import DEFAULT_SOURCE, run_import
from wiring import bootstrap

SHOWN = 50  # refusals printed as text; --json gives them all


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "import", help="lees de geschiedenis uit het vorige systeem in (JSON-regels, zie docs/import.md)",
        description="Leest een bestand met één handeling per regel in. Elk huishouden gaat er helemaal in of "
                    "helemaal niet: een huishouden met een geweigerde regel wordt overgeslagen, de rest gaat door. "
                    "Opnieuw starten (na een storing of na het verbeteren van regels) slaat over wat er al in zit.")
    parser.add_argument("file", metavar="FILE", type=Path, help="het bestand (UTF-8, één JSON-object per regel)")
    parser.add_argument("--source", default=DEFAULT_SOURCE,
                        help=f"naam van het vorige systeem; blijft bij elke handeling bewaard (standaard {DEFAULT_SOURCE})")
    parser.add_argument("--check", action="store_true",
                        help="alleen controleren, niets opslaan; exitcode 1 als er regels geweigerd worden")
    parser.add_argument("--batch", type=int, default=20_000, metavar="EVENTS",
                        help="ongeveer zoveel handelingen per transactie (standaard 20000)")
    parser.add_argument("--workers", type=int, default=None, metavar="N",
                        help="aantal werkprocessen voor het naspelen en versleutelen (standaard: naar bestand en machine)")
    add_json_option(parser, "the import report: lines, households, imported, refused, refusals, ...")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        print(f"wijkdossier: het bestand {args.file} bestaat niet of is geen bestand. Geef het pad naar het "
              "importbestand.", file=sys.stderr)
        return 2
    with bootstrap(args.settings) as services:
        report = run_import(services, args.file, source=args.source, check_only=args.check,
                            batch_events=max(1, args.batch), workers=args.workers)
    if args.json:
        write_json(report.as_dict())
        return 1 if report.refusals else 0
    for refusal in report.refusals[:SHOWN]:
        print(f"geweigerd: {refusal}")
    if len(report.refusals) > SHOWN:
        print(f"... en nog {len(report.refusals) - SHOWN} geweigerde regels (alle met --json)")
    if args.check:
        print(f"gecontroleerd: {report.lines} regels, {report.households} huishoudens; {report.checked} in orde "
              f"({report.events} handelingen), {report.refused} geweigerd; er is niets opgeslagen")
    else:
        print(f"ingelezen: {report.imported} huishoudens, {report.events} handelingen in {report.seconds:.1f} s "
              f"({report.events_per_second:.0f} per seconde); al eerder ingelezen: {report.already_in}; "
              f"geweigerd: {report.refused}")
    return 1 if report.refusals else 0
