"""The command line's parser speaks Dutch: a wrong argument is one line that says what to do.

argparse's own errors are English and come with a usage block of many lines; an operator who
typed one wrong value needs the value, what is allowed and where the help is. The patterns below
are argparse's (Python 3.11) messages; one that is not known is still shown, after a Dutch lead.
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from typing import NoReturn
from uuid import UUID

EXIT_USAGE = 2

_TYPE_NAMES = {"int": "een heel getal", "float": "een getal", "Path": "een pad", "UUID": "een id (UUID)"}


def _choices(text: str) -> str:
    return ", ".join(part.strip().strip("'") for part in text.split(","))


_PATTERNS: tuple[tuple[re.Pattern[str], object], ...] = tuple((re.compile(p), t) for p, t in (
    (r"^argument (?P<arg>\S+): invalid choice: '(?P<value>.*)' \(choose from (?P<choices>.*)\)$",
     lambda m: f"{m['arg']}: '{m['value']}' bestaat niet; kies uit {_choices(m['choices'])}"),
    (r"^argument (?P<arg>\S+): invalid (?P<type>\w+) value: '(?P<value>.*)'$",
     lambda m: f"{m['arg']}: '{m['value']}' is geen geldige waarde; geef {_TYPE_NAMES.get(m['type'], m['type'])}"),
    (r"^the following arguments are required: (?P<names>.*)$",
     lambda m: f"dit ontbreekt nog: {m['names']}"),
    (r"^unrecognized arguments: (?P<names>.*)$",
     lambda m: f"deze argumenten kent de opdracht niet: {m['names']}"),
    (r"^argument (?P<arg>\S+): expected one argument$",
     lambda m: f"{m['arg']}: hier hoort een waarde achter"),
    (r"^argument (?P<arg>\S+): expected at least one argument$",
     lambda m: f"{m['arg']}: hier hoort minstens één waarde achter"),
    (r"^argument (?P<arg>\S+): not allowed with argument (?P<other>\S+)$",
     lambda m: f"{m['arg']} en {m['other']} gaan niet samen; kies er één"),
    (r"^argument (?P<arg>\S+): ignored explicit argument '(?P<value>.*)'$",
     lambda m: f"{m['arg']}: neemt geen waarde ('{m['value']}' is te veel)"),
    (r"^ambiguous option: (?P<arg>\S+) could match (?P<options>.*)$",
     lambda m: f"{m['arg']} kan meerdere opties zijn: {m['options']}; schrijf de optie voluit"),
    # A type function's own ArgumentTypeError (ours are Dutch already): keep its words.
    (r"^argument (?P<arg>\S+): (?P<own>.*)$", lambda m: m["own"]),
))


def in_dutch(message: str) -> str:
    for pattern, text in _PATTERNS:
        match = pattern.match(message)
        if match:
            return text(match)  # type: ignore[operator]
    return f"de opdracht klopt niet ({message})"


class DutchArgumentParser(argparse.ArgumentParser):
    """argparse with its errors as one Dutch line and a pointer to --help (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {in_dutch(message)}. Hulp: {self.prog} --help\n")


def uuid_argument(value: str) -> str:
    """An id given on the command line must be a UUID; said before anything is opened or logged."""
    try:
        return str(UUID(value))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is geen geldig id; een id ziet eruit als 3f2b8c1e-0000-4000-8000-000000000000 "
            "(wijkdossier households toont ze)") from None


def time_argument(value: str) -> datetime:
    """A moment on the command line: ISO 8601 with a time zone, so "since" means one moment everywhere."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' is geen tijdstip; schrijf het als 2026-03-01T00:00:00+01:00") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(
            f"'{value}': geef het tijdstip met een tijdzone, bijvoorbeeld 2026-03-01T00:00:00+01:00")
    return moment


def usage_error(message: str) -> NoReturn:
    """A mistake in what was asked that only a command can see (after parsing): one line, exit 2."""
    sys.stderr.write(f"wijkdossier: {message}\n")
    raise SystemExit(EXIT_USAGE)
