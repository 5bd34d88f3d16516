"""The `wijkdossier` command line.

Each module in `cli/commands/` adds its own subcommands through `register(subparsers)`,
so features stay in modules of their own. A command returns its exit code.

This is also the one place that turns what goes wrong into one Dutch line and an exit code,
never a traceback: a wrong argument (cli.arguments, exit 2), a refusal that names its rule
(exit 2), a store that does not answer (exit 4), a reader that closed the pipe (`| head`,
exit 141 as for any Unix tool stopped by SIGPIPE), and the unexpected (exit 70).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

import cli.commands
from cli.arguments import DutchArgumentParser
from privacy import tracing
from infra.errors import user_facing_message
from infra.settings import load_settings, show_traceback, traceparent


def build_parser() -> argparse.ArgumentParser:
    parser = DutchArgumentParser(
        prog="wijkdossier",
        description="Wijkdossier: event-sourced household dossiers for social neighbourhood teams.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_info in sorted(pkgutil.iter_modules(cli.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"cli.commands.{module_info.name}")
        module.register(subparsers)
    return parser


EXIT_STORE_UNREACHABLE = 4
EXIT_PIPE_CLOSED = 128 + 13  # what a shell reports for a tool stopped by SIGPIPE
EXIT_UNEXPECTED = 70  # EX_SOFTWARE
STORE_UNREACHABLE = ("de database is niet bereikbaar ({where}). Controleer WIJKDOSSIER_DATABASE_URL en of de "
                     "databaseserver draait, en probeer het opnieuw.")
UNEXPECTED = ("er ging iets onverwacht mis ({kind}). Meld dit aan de beheerder, met de opdracht die u gaf; "
              "met WIJKDOSSIER_TRACEBACK=1 ervoor toont de opdracht de details.")


def main(argv: list[str] | None = None) -> int:
    """Run one command; a closed stdout (`wijkdossier households | head -1`) ends it quietly."""
    try:
        code = _run(argv)
        # Flushed here, not at exit, so a reader gone away is met inside this try.
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader has what it wanted. Point stdout at /dev/null so the interpreter's own
        # flush at exit cannot raise the same error again after this function returned.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_PIPE_CLOSED


def _run(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        # Read once; every command takes its settings from here.
        args.settings = load_settings()
        # One command is one operation: its access-log lines share a trace (TRACEPARENT continues a caller's).
        with tracing.operation(tracing.from_traceparent(traceparent())):
            return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into a readable line
        message = user_facing_message(exc)
        if message is not None:
            print(f"wijkdossier: {message}", file=sys.stderr)
            return 2
        if _is_store_unreachable(exc):
            where = args.settings.store.describe() if hasattr(args, "settings") else "WIJKDOSSIER_DATABASE_URL"
            print(f"wijkdossier: {STORE_UNREACHABLE.format(where=where)}", file=sys.stderr)
            return EXIT_STORE_UNREACHABLE
        if show_traceback():
            raise
        print(f"wijkdossier: {UNEXPECTED.format(kind=type(exc).__name__)}", file=sys.stderr)
        return EXIT_UNEXPECTED


def _is_store_unreachable(exc: BaseException) -> bool:
    """A database that refuses or drops the connection (the errors /health answers 503 for)."""
    import sqlite3

    from infra.store_health import database_errors

    if isinstance(exc, sqlite3.OperationalError):
        return "unable to open" in str(exc)
    return isinstance(exc, database_errors())


if __name__ == "__main__":
    sys.exit(main())
