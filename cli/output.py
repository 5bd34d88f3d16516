"""How every command prints what it found: text for a person, or `--json` for a program.

One helper, so each command says *what* it found and this module says *how* it is written:
with `--json` one JSON document on stdout (keys in English and stable, values as they are,
UTF-8 as is), without it the command's own Dutch text. A command whose only form is JSON
(a bundle, an export) prints it indented for a person and compact with `--json`.
Warnings and refusals go to stderr, so stdout with `--json` is always parseable.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any
from uuid import UUID

# Set on every parser that takes --json, so a test can find the commands that print data.
PRINTS_DATA = "prints_data"


def add_json_option(parser: argparse.ArgumentParser, what: str = "") -> None:
    """`--json` on a command that prints data; `what` names the top-level keys for --help."""
    parser.add_argument("--json", action="store_true",
                        help="uitvoer als JSON" + (f" ({what})" if what else ""))
    parser.set_defaults(**{PRINTS_DATA: True})


def wants_json(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "json", False))


def emit(args: argparse.Namespace, data: Any, text: Callable[[Any], None] | None = None) -> None:
    """Print `data`: as JSON with --json (or when the command has no text form), else through `text`."""
    if wants_json(args):
        write_json(data)
    elif text is None:
        write_json(data, indent=2)
    else:
        text(data)


def write_json(data: Any, *, indent: int | None = None, sort_keys: bool = False) -> None:
    sys.stdout.write(json.dumps(plain(data), ensure_ascii=False, indent=indent, sort_keys=sort_keys))
    sys.stdout.write("\n")


def plain(value: Any) -> Any:
    """JSON-friendly: dates as ISO text, enums as their value, ids as text, sets as lists."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [plain(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, UUID):
        return str(value)
    return value
