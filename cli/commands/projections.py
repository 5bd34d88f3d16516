"""`wijkdossier projections run|status|rebuild|check`: the read models from the command line."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from typing import Any


def register(subparsers: Any) -> None:
    from cli.output import add_json_option
    from infra.errors import register_speaking_error
    from projections.registry import UnknownProjectionError

    register_speaking_error(UnknownProjectionError)
    parser = subparsers.add_parser("projections", help="leesmodellen: bijwerken, achterstand, herbouwen, controleren")
    commands = parser.add_subparsers(dest="projections_command", metavar="ACTIE", required=True)

    run = commands.add_parser("run", help="werk de leesmodellen bij en volg nieuwe gebeurtenissen")
    run.add_argument("names", nargs="*", metavar="NAAM", help="alleen deze leesmodellen (standaard: alle)")
    run.add_argument("--batch-size", type=int, default=200, help="gebeurtenissen per transactie")
    run.add_argument("--poll-interval", type=float, default=None, help="seconden tussen twee keer kijken")
    run.add_argument("--event-delay", type=float, default=0.0, help=argparse.SUPPRESS)
    run.set_defaults(handler=_run)

    status = commands.add_parser("status", help="positie en achterstand per leesmodel")
    add_json_option(status, "name, position, head, lag")
    status.set_defaults(handler=_status)

    rebuild = commands.add_parser("rebuild", help="gooi een leesmodel weg en bouw het opnieuw op uit het logboek")
    rebuild.add_argument("names", nargs="*", metavar="NAAM")
    add_json_option(rebuild, "name: events replayed")
    rebuild.set_defaults(handler=_rebuild)

    check = commands.add_parser("check", help="bouw een kopie opnieuw op en vergelijk met het leesmodel")
    check.add_argument("names", nargs="*", metavar="NAAM")
    add_json_option(check, "name: differences (empty when equal)")
    check.set_defaults(handler=_check)


def _run(args: argparse.Namespace) -> int:
    from projections.runner import ProjectionRunner

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    settings = args.settings
    runner = ProjectionRunner(settings, args.names or None, batch_size=args.batch_size,
                              poll_interval=args.poll_interval, event_delay=args.event_delay)
    signal.signal(signal.SIGTERM, lambda *_: runner.stop())
    print(f"Leesmodellen worden bijgewerkt ({settings.store.describe()}); stoppen met Ctrl-C.", flush=True)
    try:
        runner.run_forever()
    except KeyboardInterrupt:
        runner.stop()
    finally:
        runner.close()
    return 0


def _status(args: argparse.Namespace) -> int:
    from cli.output import emit
    from projections.operations import projection_status

    def text(rows: list[dict[str, Any]]) -> None:
        print(f"{'leesmodel':<12} {'positie':>8} {'laatste':>8} {'achter':>7}")
        for row in rows:
            print(f"{row['name']:<12} {row['position']:>8} {row['head']:>8} {row['lag']:>7}")
    emit(args, projection_status(args.settings), text)
    return 0


def _rebuild(args: argparse.Namespace) -> int:
    from cli.output import emit
    from projections.operations import rebuild

    def text(rebuilt: dict[str, int]) -> None:
        for name, count in rebuilt.items():
            print(f"{name}: opnieuw opgebouwd uit {count} gebeurtenissen")
    emit(args, rebuild(args.settings, args.names or None), text)
    return 0


def _check(args: argparse.Namespace) -> int:
    from cli.output import emit
    from projections.operations import check

    differences = check(args.settings, args.names or None)
    failed = any(differences.values())
    if args.json:
        emit(args, differences)
        return 1 if failed else 0
    for name, lines in differences.items():
        if lines:
            print(f"{name}: wijkt af van een nieuwe opbouw uit het logboek:")
            for line in lines:
                print(f"  {line}")
        else:
            print(f"{name}: gelijk aan een nieuwe opbouw uit het logboek")
    if failed:
        print("Herstel met: wijkdossier projections rebuild NAAM", file=sys.stderr)
    return 1 if failed else 0
