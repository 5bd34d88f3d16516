"""The access log's tables: their definitions (SQLite and PostgreSQL) and where the SQLite file lives.

Apart from `infra.access_log_store` so that `infra.migrations` can create and upgrade the tables
without importing the store that, on opening, asks the migrations whether the schema is current:
the store and the migrations both sit on this module, neither on the other.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from infra.settings import StoreSettings
from privacy.access_log import ADDED_FIELDS, DATA_SUBJECT_SEPARATOR, REQUIRED_TEXT_FIELDS, ROW_COLUMNS

COLUMNS: tuple[str, ...] = ROW_COLUMNS
_INDEXED = ("person_id", "data_subject_id", "household_id", "user_id", "time")


def subjects_of(row: dict[str, Any]) -> list[str]:
    """Every person a stored line is about: its client, its data subject and each named data subject."""
    named = (row.get("data_subject_ids") or "").split(DATA_SUBJECT_SEPARATOR)
    return sorted({s for s in (row.get("person_id"), row.get("data_subject_id"), *named) if s})


def _subject_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"subject_id": subject, "position": row["position"]} for row in rows for subject in subjects_of(row)]


# The table, written once for both stores: a line's chain columns, then one column per entry field
# in ENTRY_FIELDS order. Text fields the entry requires are NOT NULL; the few typed ones differ by store.
_TYPED_COLUMNS = {
    "sqlite": {"position": "INTEGER PRIMARY KEY", "emergency": "INTEGER NOT NULL",
               "entry_id": "TEXT NOT NULL UNIQUE", "time": "TEXT NOT NULL"},
    "postgres": {"position": "BIGINT PRIMARY KEY", "emergency": "BOOLEAN NOT NULL",
                 "entry_id": "UUID NOT NULL UNIQUE", "time": "TIMESTAMPTZ NOT NULL"},
}
_NOT_NULL_TEXT = frozenset({"prev_hash", "hash"}) | REQUIRED_TEXT_FIELDS


def table_columns(dialect: str) -> list[tuple[str, str]]:
    """(column, type) of the access_log table, in COLUMNS order, for "sqlite" or "postgres"."""
    typed = _TYPED_COLUMNS[dialect]
    return [(c, typed.get(c) or ("TEXT NOT NULL" if c in _NOT_NULL_TEXT else "TEXT")) for c in COLUMNS]


_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS access_log (
    {columns}
);
{indexes}
CREATE INDEX IF NOT EXISTS access_log_emergency ON access_log (position) WHERE emergency = 1;
CREATE TRIGGER IF NOT EXISTS access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
""".format(
    columns=",\n    ".join(f"{c} {t}" for c, t in table_columns("sqlite")),
    indexes="\n".join(f"CREATE INDEX IF NOT EXISTS access_log_{c} ON access_log ({c});" for c in _INDEXED),
)

_SQLITE_SUBJECTS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS access_log_subjects (subject_id TEXT NOT NULL, position INTEGER NOT NULL, "
    "PRIMARY KEY (subject_id, position)) WITHOUT ROWID",
    "CREATE TRIGGER IF NOT EXISTS access_log_subjects_no_update BEFORE UPDATE ON access_log_subjects "
    "BEGIN SELECT RAISE(ABORT, 'access_log_subjects is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS access_log_subjects_no_delete BEFORE DELETE ON access_log_subjects "
    "BEGIN SELECT RAISE(ABORT, 'access_log_subjects is append-only'); END",
)
_SQLITE_INSERT_SUBJECT = "INSERT OR IGNORE INTO access_log_subjects (subject_id, position) VALUES (:subject_id, :position)"


def create_sqlite_schema(conn: sqlite3.Connection) -> None:
    """Release 0.1.0's DDL (access log migration 1; infra.migrations applies it)."""
    conn.executescript(_SQLITE_SCHEMA)
    present = {row[1] for row in conn.execute("PRAGMA table_info(access_log)")}
    for column in sorted(ADDED_FIELDS - present):  # a log created before line format 2
        conn.execute(f"ALTER TABLE access_log ADD COLUMN {column} TEXT")


def create_sqlite_subjects(conn: sqlite3.Connection) -> None:
    """The side table of subjects, filled from the lines already there (access log migration 2,
    inside its transaction)."""
    for statement in _SQLITE_SUBJECTS_SCHEMA:
        conn.execute(statement)
    lines = conn.execute("SELECT position, person_id, data_subject_id, data_subject_ids FROM access_log")
    keys = ("position", "person_id", "data_subject_id", "data_subject_ids")
    conn.executemany(_SQLITE_INSERT_SUBJECT, _subject_rows([dict(zip(keys, r)) for r in lines]))


def pg_schema_statements(schema: str) -> list[Any]:
    """Release 0.1.0's DDL (access log migration 1; infra.migrations applies it)."""
    from psycopg import sql

    table = sql.Identifier(schema, "access_log")
    refuse = sql.Identifier(schema, "access_log_refuse_change")
    statements = [
        sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)),
        sql.SQL("CREATE TABLE IF NOT EXISTS {} ({})").format(table, sql.SQL(", ").join(
            sql.SQL("{} {}").format(sql.Identifier(c), sql.SQL(t)) for c, t in table_columns("postgres"))),
    ]
    for column in sorted(ADDED_FIELDS):  # a log created before line format 2
        statements.append(sql.SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} TEXT").format(
            table, sql.Identifier(column)))
    for column in _INDEXED:
        statements.append(
            sql.SQL("CREATE INDEX IF NOT EXISTS {} ON {} ({})").format(
                sql.Identifier(f"access_log_{column}"), table, sql.Identifier(column)
            )
        )
    statements += [
        sql.SQL("CREATE INDEX IF NOT EXISTS access_log_emergency ON {} (position) WHERE emergency").format(table),
        sql.SQL(
            """CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'access_log is append-only: % refused', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END $$"""
        ).format(refuse),
        sql.SQL(
            "CREATE OR REPLACE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON {} "
            "FOR EACH ROW EXECUTE FUNCTION {}()"
        ).format(table, refuse),
        sql.SQL(
            "CREATE OR REPLACE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON {} "
            "FOR EACH STATEMENT EXECUTE FUNCTION {}()"
        ).format(table, refuse),
    ]
    return statements


def pg_subjects_statements(schema: str) -> list[Any]:
    """The side table of subjects, append-only, filled from the lines already there (access log
    migration 2, in one transaction)."""
    from psycopg import sql

    subjects = sql.Identifier(schema, "access_log_subjects")
    refuse = sql.Identifier(schema, "access_log_refuse_change")
    return [
        sql.SQL("CREATE TABLE IF NOT EXISTS {} (subject_id TEXT NOT NULL, position BIGINT NOT NULL, "
                "PRIMARY KEY (subject_id, position))").format(subjects),
        sql.SQL(
            "CREATE OR REPLACE TRIGGER access_log_subjects_append_only BEFORE UPDATE OR DELETE ON {} "
            "FOR EACH ROW EXECUTE FUNCTION {}()"
        ).format(subjects, refuse),
        sql.SQL(
            "CREATE OR REPLACE TRIGGER access_log_subjects_no_truncate BEFORE TRUNCATE ON {} "
            "FOR EACH STATEMENT EXECUTE FUNCTION {}()"
        ).format(subjects, refuse),
        _pg_backfill_subjects(schema),
    ]


def _pg_backfill_subjects(schema: str) -> Any:
    """Fill the side table from the lines of a log made before it (run once, when it is created)."""
    from psycopg import sql

    return sql.SQL(
        "INSERT INTO {} (subject_id, position) "
        "SELECT DISTINCT s, position FROM {}, "
        "unnest(string_to_array(coalesce(data_subject_ids, ''), ' ') || ARRAY[person_id, data_subject_id]) AS s "
        "WHERE s IS NOT NULL AND s <> '' ON CONFLICT DO NOTHING"
    ).format(sql.Identifier(schema, "access_log_subjects"), sql.Identifier(schema, "access_log"))


def access_log_path(settings: StoreSettings) -> Path:
    """Where the SQLite access log lives: beside the event store, `<stem>-access-log.sqlite`."""
    if settings.sqlite_path is None:
        raise ValueError("access_log_path: settings have no SQLite path")
    return settings.sqlite_path.with_name(f"{settings.sqlite_path.stem}-access-log.sqlite")
