"""The `wijkdossier` command line.

Each module in `cli/commands/` adds its own subcommands through `register(subparsers)`,
so features stay in modules of their own. A command returns its exit code.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

import cli.commands
from privacy import tracing
from infra.errors import user_facing_message
from infra.settings import load_settings, traceparent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wijkdossier",
        description="Wijkdossier: event-sourced household dossiers for social neighbourhood teams.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module_info in sorted(pkgutil.iter_modules(cli.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"cli.commands.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
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
    except Exception as exc:  # noqa: BLE001 - the one place that turns errors into a readable line
        message = user_facing_message(exc)
        if message is None:
            raise
        print(f"wijkdossier: {message}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
