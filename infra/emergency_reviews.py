"""The privacy officer's findings on emergency access ("break the glass"): durable and append-only.

Each review names the access-log line it is about (`entry_id`), the finding in words, a
conclusion, who reviewed and when, and the trace id of the request, which equals the trace id
of the access-log line that recorded the review itself. A later review of the same line is a
new row (the newest counts); nothing is updated or deleted: triggers refuse it, as for the
access log. SQLite keeps the reviews in their own file beside the store (`synchronous=FULL`),
PostgreSQL in table `emergency_review` of the store's schema.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from infra.emergency_reviews_schema import create_sqlite_schema, pg_schema_statements, reviews_path  # noqa: F401 - by this name too
from infra.migrations import Place, ensure_place
from infra.settings import StoreSettings
from privacy.access_log import format_time, parse_time

CONCLUSIONS = ("justified", "unjustified", "follow_up")
MAX_FINDING = 4000
_COLUMNS = ("review_id", "entry_id", "conclusion", "finding", "reviewer_id", "reviewer_role", "reviewed_at",
            "trace_id")


class InvalidReviewError(ValueError):
    """A review is incomplete; the message names the field and says what to do (Dutch)."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name


@dataclass(frozen=True, kw_only=True)
class EmergencyReview:
    entry_id: str
    conclusion: str
    finding: str
    reviewer_id: str
    reviewer_role: str
    trace_id: str
    review_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    reviewed_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def __post_init__(self) -> None:
        if self.conclusion not in CONCLUSIONS:
            raise InvalidReviewError("conclusion", "conclusie: kies terecht, niet terecht of navragen.")
        if not self.finding.strip():
            raise InvalidReviewError("finding", "bevinding: schrijf op wat u heeft vastgesteld.")
        if len(self.finding) > MAX_FINDING:
            raise InvalidReviewError("finding", f"bevinding: maximaal {MAX_FINDING} tekens.")
        try:
            uuid.UUID(self.entry_id)
        except ValueError:
            raise InvalidReviewError("entry_id", "regel: dit is geen regel uit de toegangslog.") from None


class EmergencyReviewStore:
    """Append and read reviews. `latest_by_entry()` is what the review queue shows."""

    def append(self, review: EmergencyReview) -> EmergencyReview:
        raise NotImplementedError

    def all(self) -> list[EmergencyReview]:
        raise NotImplementedError

    def latest_by_entry(self) -> dict[str, EmergencyReview]:
        latest: dict[str, EmergencyReview] = {}
        for review in self.all():  # oldest first, so the newest wins
            latest[review.entry_id] = review
        return latest

    def close(self) -> None:
        pass


def _row(review: EmergencyReview) -> dict[str, Any]:
    return {"review_id": review.review_id, "entry_id": review.entry_id, "conclusion": review.conclusion,
            "finding": review.finding, "reviewer_id": review.reviewer_id, "reviewer_role": review.reviewer_role,
            "reviewed_at": format_time(review.reviewed_at), "trace_id": review.trace_id}


def _review(values: dict[str, Any]) -> EmergencyReview:
    moment = values["reviewed_at"]
    values = {**values, "reviewed_at": moment if isinstance(moment, datetime) else parse_time(moment),
              "review_id": str(values["review_id"]), "entry_id": str(values["entry_id"])}
    return EmergencyReview(**values)


class SQLiteEmergencyReviews(EmergencyReviewStore):
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        ensure_place(Place.sqlite(self.path), "emergency_reviews")

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    def append(self, review: EmergencyReview) -> EmergencyReview:
        row = _row(review)
        with self._lock, closing(self._connect()) as conn:
            conn.execute(f"INSERT INTO emergency_review ({', '.join(_COLUMNS)}) "
                         f"VALUES ({', '.join(':' + c for c in _COLUMNS)})", row)
        return review

    def all(self) -> list[EmergencyReview]:
        with closing(self._connect()) as conn:
            rows = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM emergency_review ORDER BY seq").fetchall()
        return [_review(dict(zip(_COLUMNS, r))) for r in rows]


class PostgresEmergencyReviews(EmergencyReviewStore):
    def __init__(self, conninfo: str, schema: str = "public") -> None:
        from psycopg import sql

        self._conninfo = conninfo
        self._table = sql.Identifier(schema, "emergency_review")
        ensure_place(Place.postgres(conninfo, schema), "emergency_reviews")

    def _connect(self) -> Any:
        import psycopg

        conn = psycopg.connect(self._conninfo, autocommit=True)
        conn.execute("SET synchronous_commit = on")
        return conn

    def append(self, review: EmergencyReview) -> EmergencyReview:
        from psycopg import sql

        row = _row(review)
        row["reviewed_at"] = review.reviewed_at
        statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
            self._table, sql.SQL(", ").join(sql.Identifier(c) for c in _COLUMNS),
            sql.SQL(", ").join(sql.Placeholder(c) for c in _COLUMNS))
        with self._connect() as conn:
            conn.execute(statement, row)
        return review

    def all(self) -> list[EmergencyReview]:
        from psycopg import sql

        statement = sql.SQL("SELECT {} FROM {} ORDER BY seq").format(
            sql.SQL(", ").join(sql.Identifier(c) for c in _COLUMNS), self._table)
        with self._connect() as conn:
            rows = conn.execute(statement).fetchall()
        return [_review(dict(zip(_COLUMNS, r))) for r in rows]


def open_emergency_reviews(settings: StoreSettings) -> EmergencyReviewStore:
    """The review store that belongs to this event store (created when missing)."""
    if settings.kind == "sqlite":
        return SQLiteEmergencyReviews(reviews_path(settings))
    if settings.is_postgres:
        return PostgresEmergencyReviews(settings.conninfo(), settings.schema)
    raise ValueError(f"open_emergency_reviews: unknown store kind {settings.kind!r}")
