"""CSV lines of the access log rendered by the database itself.

A privacy officer's export of a million lines spends most of its time turning each stored
value into Python and back into text. The database writes the line instead (one text value
per row, already quoted), so Python only joins and sends them. The quoting is RFC 4180 as
`csv.writer` does it with its defaults (QUOTE_MINIMAL): a field with a comma, a double
quote, a carriage return or a line feed is put in double quotes with its quotes doubled;
an absent value is an empty field. `tests/integration/test_access_log_csv.py` holds the
stores' text to what `csv.writer` makes of the same rows.

Quoting in SQL costs more than the rest of the line together (SQLite: 59k against 107k lines/s),
and almost no line needs it. So a batch is first written plainly (`line_expression(..., quoting=False)`); when the
batch's text shows that some value held a comma, a quote or a line break (`plain_is_exact`), that
batch is written again with quoting. The result is the same text either way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

# Columns whose values the store itself makes and so never need quoting: the position, the chain's
# hex hashes, the recording time and the entry's uuid. Everything a caller hands in (a trace id from
# a `traceparent` header too) is checked for quoting.
PLAIN = frozenset({"position", "hash", "prev_hash", "time", "entry_id"})


def _quoted_sqlite(column: str) -> str:
    c = f'"{column}"'
    return (f"CASE WHEN {c} IS NULL THEN '' "
            f"WHEN instr({c}, ',') OR instr({c}, '\"') OR instr({c}, char(13)) OR instr({c}, char(10)) "
            f"THEN '\"' || replace({c}, '\"', '\"\"') || '\"' ELSE {c} END")


def _quoted_postgres(column: str) -> str:
    c = f'"{column}"'
    return (f"CASE WHEN {c} IS NULL THEN '' WHEN {c} ~ '[,\"\\r\\n]' "
            f"THEN '\"' || replace({c}, '\"', '\"\"') || '\"' ELSE {c} END")


@dataclass(frozen=True)
class _Dialect:
    quoted: Callable[[str], str]  # a value, quoted where it needs it
    typed: Mapping[str, str]  # columns kept typed, written as the canonical text (never absent)
    null: str  # the function that turns an absent value into ''
    crlf: str


SQLITE = _Dialect(_quoted_sqlite, {}, "ifnull", "char(13) || char(10)")
# PostgreSQL keeps time, entry id and position typed: written as the text the SQLite store keeps.
POSTGRES = _Dialect(_quoted_postgres, {
    "time": "to_char(\"time\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')",
    "entry_id": "\"entry_id\"::text",
    "position": "\"position\"::text",
}, "coalesce", "E'\\r\\n'")


def line_expression(dialect: _Dialect, columns: Sequence[str], flags: Mapping[str, tuple[str, str]], *,
                    quoting: bool) -> str:
    """The SQL expression of one CSV line (with its CRLF) over an `access_log` row: quoted as csv.writer
    quotes (`quoting`), or plainly, which is the same text for a row none of whose values needs quotes.
    `flags` shows a stored true/false column as one of two words (e.g. ja/nee)."""
    parts = []
    for column in columns:
        if column in flags:
            yes, no = flags[column]
            parts.append(f"CASE WHEN \"{column}\" THEN '{yes}' ELSE '{no}' END")
        elif column in dialect.typed:
            parts.append(dialect.typed[column])
        elif quoting and column not in PLAIN:
            parts.append(dialect.quoted(column))
        else:
            parts.append(f"{dialect.null}(\"{column}\", '')")
    return " || ',' || ".join(parts) + " || " + dialect.crlf


def plain_is_exact(text: str, lines: int, columns: int) -> bool:
    """Whether `lines` plainly written lines of `columns` values are exactly what quoting gives:
    so when no value held a comma (each line has one fewer than its values), a double quote or
    a line break (each line has only its own CRLF)."""
    return (text.count(",") == lines * (columns - 1) and '"' not in text
            and text.count("\n") == lines and text.count("\r") == lines)
