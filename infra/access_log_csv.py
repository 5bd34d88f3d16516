"""CSV lines of the access log rendered by the database itself.

A privacy officer's export of a million lines spends most of its time turning each stored
value into Python and back into text. The database writes the line instead (one text value
per row, already quoted), so Python only joins and sends them. The quoting is RFC 4180 as
`csv.writer` does it with its defaults (QUOTE_MINIMAL): a field with a comma, a double
quote, a carriage return or a line feed is put in double quotes with its quotes doubled;
an absent value is an empty field. `tests/integration/test_access_log_csv.py` holds the
stores' text to what `csv.writer` makes of the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

# Columns whose values never need quoting (numbers, hex, canonical time text, uuids).
PLAIN = frozenset({"position", "hash", "prev_hash", "time", "start_time", "entry_id", "trace_id", "span_id",
                   "parent_span_id"})


def _quoted_sqlite(column: str) -> str:
    c = f'"{column}"'
    return (f"CASE WHEN {c} IS NULL THEN '' "
            f"WHEN instr({c}, ',') OR instr({c}, '\"') OR instr({c}, char(13)) OR instr({c}, char(10)) "
            f"THEN '\"' || replace({c}, '\"', '\"\"') || '\"' ELSE {c} END")


def sqlite_line(columns: Sequence[str], flags: Mapping[str, tuple[str, str]]) -> str:
    """The SQL expression of one CSV line (with its CRLF) over SQLite's `access_log` row.

    `flags` shows a stored true/false column as one of two words (e.g. ja/nee)."""
    parts = []
    for column in columns:
        if column in flags:
            yes, no = flags[column]
            parts.append(f"CASE WHEN \"{column}\" THEN '{yes}' ELSE '{no}' END")
        elif column in PLAIN:
            parts.append(f"ifnull(\"{column}\", '')")
        else:
            parts.append(_quoted_sqlite(column))
    return " || ',' || ".join(parts) + " || char(13) || char(10)"


def _quoted_postgres(column: str) -> str:
    c = f'"{column}"'
    return (f"CASE WHEN {c} IS NULL THEN '' WHEN {c} ~ '[,\"\\r\\n]' "
            f"THEN '\"' || replace({c}, '\"', '\"\"') || '\"' ELSE {c} END")


# The stored forms that PostgreSQL keeps typed, written as the canonical text the SQLite store keeps.
_POSTGRES_TEXT = {
    "time": "to_char(\"time\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')",
    "entry_id": "\"entry_id\"::text",
    "position": "\"position\"::text",
}


def postgres_line(columns: Sequence[str], flags: Mapping[str, tuple[str, str]]) -> str:
    """The same line as `sqlite_line`, as a PostgreSQL expression (E'' for the CRLF)."""
    parts = []
    for column in columns:
        if column in flags:
            yes, no = flags[column]
            parts.append(f"CASE WHEN \"{column}\" THEN '{yes}' ELSE '{no}' END")
        elif column in _POSTGRES_TEXT:
            parts.append(_POSTGRES_TEXT[column])
        elif column in PLAIN:
            parts.append(f"coalesce(\"{column}\", '')")
        else:
            parts.append(_quoted_postgres(column))
    return " || ',' || ".join(parts) + " || E'\\r\\n'"
