"""Can this process reach its store right now? What `/health` answers (200 or 503).

A pooled connection is asked for with a short timeout and used for one `SELECT 1`, on the pool
the requests use: a pool whose connections are all taken, or a database that does not answer
(stopped, or refusing new clients), both mean a request now would wait and then fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

UNREACHABLE = "store.unreachable"
POOL_EXHAUSTED = "store.pool_exhausted"
CHECK_FAILED = "health.check_failed"

MESSAGES = {
    UNREACHABLE: ("De database is niet bereikbaar. Er wordt nu niets opgeslagen of getoond. Probeer het over een "
                  "paar seconden opnieuw. Blijft dit zo, meld het dan aan de beheerder."),
    CHECK_FAILED: ("De controle of de dienst werkt, liep vast. Probeer het over een paar seconden opnieuw. Blijft "
                   "dit zo, meld het dan aan de beheerder."),
    POOL_EXHAUSTED: ("Het is nu te druk: alle verbindingen met de database zijn bezet. Probeer het over een paar "
                     "seconden opnieuw."),
}


@dataclass(frozen=True)
class StoreProblem:
    code: str
    reason: str  # for operators and logs: the error's type and the pool's figures, never data

    @property
    def message(self) -> str:
        return MESSAGES[self.code]


def database_errors() -> tuple[type[BaseException], ...]:
    """The errors that mean "the database is away or full", from psycopg and from the library."""
    import psycopg
    from eventsourcing.persistence import InterfaceError, OperationalError

    return (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)


def pool_of(application: Any) -> Any | None:
    """The psycopg pool under the application's recorder (None on SQLite)."""
    from eventsourcing.postgres import PostgresDatastore

    datastore = getattr(application.recorder, "datastore", None)
    return datastore.pool if isinstance(datastore, PostgresDatastore) else None


def pool_figures(pool: Any) -> dict[str, int]:
    """Connections open, idle and asked for, and the pool's bound (for /health and /metrics)."""
    stats = pool.get_stats()
    return {"open": int(stats.get("pool_size", 0)), "idle": int(stats.get("pool_available", 0)),
            "waiting": int(stats.get("requests_waiting", 0)), "max": int(pool.max_size)}


def check_store(application: Any, timeout: float) -> StoreProblem | None:
    """None when a connection was had and answered within `timeout` seconds, else what is wrong."""
    from psycopg_pool import PoolTimeout

    errors = database_errors()
    pool = pool_of(application)
    if pool is None:  # SQLite: the file is opened per statement; a query is the check
        try:
            application.recorder.max_notification_id()
        except errors as exc:
            return StoreProblem(UNREACHABLE, type(exc).__name__)
        return None
    try:
        pool.open(wait=False)
        with pool.connection(timeout=timeout) as conn:
            conn.execute("SELECT 1")
    except PoolTimeout:
        figures = pool_figures(pool)
        full = figures["open"] >= figures["max"] and figures["idle"] == 0
        return StoreProblem(POOL_EXHAUSTED if full else UNREACHABLE, f"PoolTimeout {figures}")
    except errors as exc:
        return StoreProblem(UNREACHABLE, type(exc).__name__)
    return None
