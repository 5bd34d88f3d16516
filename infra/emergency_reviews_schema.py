"""The emergency review table: its definition (SQLite and PostgreSQL) and where the SQLite file lives.

Apart from `infra.emergency_reviews` for the same reason as `infra.access_log_schema`: the
migrations create the table from here, and the review store asks the migrations on opening.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from infra.settings import StoreSettings


_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS emergency_review (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id TEXT NOT NULL UNIQUE,
    entry_id TEXT NOT NULL,
    conclusion TEXT NOT NULL,
    finding TEXT NOT NULL,
    reviewer_id TEXT NOT NULL,
    reviewer_role TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    trace_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS emergency_review_entry ON emergency_review (entry_id);
CREATE TRIGGER IF NOT EXISTS emergency_review_no_update BEFORE UPDATE ON emergency_review
BEGIN SELECT RAISE(ABORT, 'emergency_review is append-only'); END;
CREATE TRIGGER IF NOT EXISTS emergency_review_no_delete BEFORE DELETE ON emergency_review
BEGIN SELECT RAISE(ABORT, 'emergency_review is append-only'); END;
"""


def create_sqlite_schema(conn: sqlite3.Connection) -> None:
    """Release 0.1.0's DDL (the baseline migration; infra.migrations applies it)."""
    conn.executescript(_SQLITE_SCHEMA)


def pg_schema_statements(schema: str) -> list[Any]:
    """Release 0.1.0's DDL (the baseline migration; infra.migrations applies it)."""
    from psycopg import sql

    table = sql.Identifier(schema, "emergency_review")
    refuse = sql.Identifier(schema, "emergency_review_refuse_change")
    return [
        sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)),
        sql.SQL(
            """CREATE TABLE IF NOT EXISTS {} (
                seq BIGSERIAL PRIMARY KEY, review_id UUID NOT NULL UNIQUE, entry_id UUID NOT NULL,
                conclusion TEXT NOT NULL, finding TEXT NOT NULL, reviewer_id TEXT NOT NULL,
                reviewer_role TEXT NOT NULL, reviewed_at TIMESTAMPTZ NOT NULL, trace_id TEXT NOT NULL)"""
        ).format(table),
        sql.SQL(
            """CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'emergency_review is append-only: % refused', TG_OP
                    USING ERRCODE = 'insufficient_privilege'; END $$""").format(refuse),
        sql.SQL(
            "CREATE OR REPLACE TRIGGER emergency_review_append_only BEFORE UPDATE OR DELETE ON {} "
            "FOR EACH ROW EXECUTE FUNCTION {}()").format(table, refuse),
    ]


def reviews_path(settings: StoreSettings) -> Path:
    """Where the SQLite review store lives: beside the event store, `<stem>-emergency-reviews.sqlite`."""
    if settings.sqlite_path is None:
        raise ValueError("reviews_path: settings have no SQLite path")
    return settings.sqlite_path.with_name(f"{settings.sqlite_path.stem}-emergency-reviews.sqlite")
