"""Read-only queries over the access log for the privacy officer's console: filter, page, count.

The store (`infra.access_log_store`) owns writing, the chain and `query()`. This module only
reads, on the store's own reader connections, so a search never waits for the writer. It
selects the store's own column list and rebuilds entries with the store's row decoders, so
columns the store gains are carried along without a change here.

Newest first: the officer looks at what happened recently; `position` orders lines exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from infra import access_log_store as store
from privacy.access_log import StoredAccessLogEntry, entry_from_fields, format_time

MAX_PAGE_SIZE = 200
MAX_SCAN = 200_000  # a signal window larger than this is cut off (and says so)


class AccessLogQueryError(ValueError):
    """A filter has a value the query cannot use; the message names the field (in Dutch)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class LogFilter:
    """Every filter the console offers; None means: not filtered on this."""

    person_id: str | None = None  # the client or data subject
    household_id: str | None = None
    user_id: str | None = None
    organisation: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    outcome: str | None = None  # permit | deny
    purpose: str | None = None
    emergency: bool | None = None
    user_roles: tuple[str, ...] | None = None  # only lines by these roles

    def clauses(self, placeholder: str) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        if self.person_id is not None:
            parts.append(f"(person_id = {placeholder} OR data_subject_id = {placeholder})")
            params += [self.person_id, self.person_id]
        for column, value in (("household_id", self.household_id), ("user_id", self.user_id),
                              ("organisation", self.organisation), ("outcome", self.outcome),
                              ("purpose", self.purpose)):
            if value is not None:
                parts.append(f"{column} = {placeholder}")
                params.append(value)
        if self.since is not None:
            parts.append(f'"time" >= {placeholder}')
            params.append(self.since)
        if self.until is not None:
            parts.append(f'"time" < {placeholder}')
            params.append(self.until)
        if self.emergency is not None:
            parts.append(f"emergency = {placeholder}")
            params.append(self.emergency)
        if self.user_roles:
            parts.append("user_role IN (" + ", ".join([placeholder] * len(self.user_roles)) + ")")
            params += list(self.user_roles)
        return (" WHERE " + " AND ".join(parts)) if parts else "", params

    def check(self) -> None:
        if self.outcome is not None and self.outcome not in ("permit", "deny"):
            raise AccessLogQueryError("outcome", "uitkomst: kies 'permit' (toegestaan) of 'deny' (geweigerd).")
        if self.since is not None and self.until is not None and self.since >= self.until:
            raise AccessLogQueryError("until", "tot: kies een moment na 'vanaf'.")


@dataclass(frozen=True)
class LogPage:
    lines: list[StoredAccessLogEntry]
    total: int
    page: int
    size: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


class AccessLogQueries:
    """Searches one open access log (SQLite or PostgreSQL) through its reader connections."""

    def __init__(self, access_log: Any) -> None:
        self.log = access_log
        self._postgres = isinstance(access_log, store.PostgresAccessLog)
        if not self._postgres and not isinstance(access_log, store.SQLiteAccessLog):
            raise TypeError("AccessLogQueries: needs a SQLiteAccessLog or PostgresAccessLog")

    # ------------------------------------------------------------------ public queries

    def search(self, where: LogFilter, *, page: int = 1, size: int = 50) -> LogPage:
        """One page of matching lines, newest first, with the total count."""
        where.check()
        if page < 1:
            raise AccessLogQueryError("page", "pagina: begin bij 1.")
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise AccessLogQueryError("size", f"aantal per pagina: kies 1 tot en met {MAX_PAGE_SIZE}.")
        total = self._count(where)
        lines = self._select(where, order="DESC", limit=size, offset=(page - 1) * size)
        return LogPage(lines=lines, total=total, page=page, size=size)

    def lines(self, where: LogFilter, *, limit: int = MAX_SCAN) -> list[StoredAccessLogEntry]:
        """All matching lines, oldest first, at most `limit` (the most recent ones when cut)."""
        where.check()
        newest = self._select(where, order="DESC", limit=limit, offset=0)
        return newest[::-1]

    def by_entry_ids(self, entry_ids: Iterable[str]) -> dict[str, StoredAccessLogEntry]:
        ids = sorted(set(entry_ids))
        if not ids:
            return {}
        found: dict[str, StoredAccessLogEntry] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            p = self._placeholder
            sql = f"SELECT {self._columns} FROM {self._table} WHERE entry_id IN ({', '.join([p] * len(chunk))})"
            for stored in self._run(sql, chunk):
                found[str(stored.entry.entry_id)] = stored
        return found

    def who_looked(self, person_id: str, household_ids: Iterable[str]) -> list[StoredAccessLogEntry]:
        """What a client sees under "wie heeft mijn dossier bekeken": lines about the person, and the
        household-level lines (no person named) of the households they belong to (given, or named
        on a line about them: a view that lags a moment behind still gives the whole list). Oldest first."""
        about = self.lines(LogFilter(person_id=person_id))
        lines = {s.position: s for s in about}
        households = dict.fromkeys([str(h) for h in household_ids]
                                   + [s.entry.household_id for s in about if s.entry.household_id])
        for household_id in households:
            for stored in self.lines(LogFilter(household_id=str(household_id))):
                if stored.entry.person_id is None:
                    lines[stored.position] = stored
        return [lines[p] for p in sorted(lines)]

    # ------------------------------------------------------------------ SQL plumbing

    @property
    def _placeholder(self) -> str:
        return "%s" if self._postgres else "?"

    @property
    def _columns(self) -> str:
        return ", ".join(f'"{c}"' for c in store.COLUMNS)

    @property
    def _table(self) -> str:
        if self._postgres:
            schema = self.log.schema.replace('"', '""')
            return f'"{schema}"."access_log"'
        return "access_log"

    def _params(self, params: list[Any]) -> list[Any]:
        if self._postgres:
            return params
        # SQLite keeps time as canonical text and emergency as 0/1.
        return [format_time(v) if isinstance(v, datetime) else int(v) if isinstance(v, bool) else v for v in params]

    def _count(self, where: LogFilter) -> int:
        clause, params = where.clauses(self._placeholder)
        rows = self._fetch(f"SELECT COUNT(*) FROM {self._table}{clause}", params)
        return int(rows[0][0])

    def _select(self, where: LogFilter, *, order: str, limit: int, offset: int) -> list[StoredAccessLogEntry]:
        clause, params = where.clauses(self._placeholder)
        sql = (f"SELECT {self._columns} FROM {self._table}{clause} ORDER BY position {order} "
               f"LIMIT {int(limit)} OFFSET {int(offset)}")
        return self._run(sql, params)

    def _run(self, sql: str, params: list[Any]) -> list[StoredAccessLogEntry]:
        decode = store._pg_fields if self._postgres else store._sqlite_fields
        return [StoredAccessLogEntry(position=r[0], prev_hash=r[1], hash=r[2], entry=entry_from_fields(decode(r)))
                for r in self._fetch(sql, params)]

    def _fetch(self, sql: str, params: list[Any]) -> list[Any]:
        if self._postgres:
            with self.log._pool.connection() as conn:
                return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]
        with closing(self.log._reader()) as conn:
            return conn.execute(sql, self._params(params)).fetchall()
