"""Numbered schema migrations for every table Wijkdossier owns, on SQLite and PostgreSQL.

Three components, each with its own numbered steps and its own version:
- `store`: the events (the eventsourcing library's table), their hash chain, stream heads and
  checkpoints, the Idempotency-Keys, and the key tables (data keys, signing keys, key log);
- `access_log`: the NEN 7513 access log;
- `emergency_reviews`: the privacy officer's findings on emergency access.
On SQLite each lives in its own file (`x.sqlite`, `x-access-log.sqlite`,
`x-emergency-reviews.sqlite`), on PostgreSQL all three in the store's schema. Each database
records what was applied in `wd_schema_migrations` (component, version, name, when, by which
software version).

Why a small runner of our own and not Alembic: Alembic works through SQLAlchemy, which the
project does not use (raw sqlite3/psycopg and the eventsourcing datastores); the events tables
are created by the eventsourcing library's recorders, not by DDL we could hand to Alembic; the
PostgreSQL schema name is configurable and the SQLite store is three files, which Alembic would
need one environment each for; and what is needed is small: apply numbered steps in order,
record them, and refuse a database whose version this software does not know.

Rules for a new step: never edit a step that has been released; add the next number. A step
runs in one transaction and is recorded in it, unless it is marked `transactional=False`
(the baselines, which call code that opens its own connections); those must be idempotent
(`IF NOT EXISTS`), so a step cut off halfway is simply run again.

At start (`open_application`, the access log and review stores, `wijkdossier serve` and every
CLI command that opens the store) `ensure_current` is called: an empty database gets the
current schema (a new installation); a database at the current version is used; one with
an older version, or tables without a version (release 0.1.0), is refused until an operator
has run `wijkdossier migrate` (after a backup); one with a newer version than this software
knows is refused (the software is older than the database).

Projection views are not numbered here: they are derived from the events, their tables carry
a prefix (scratch copies live beside the live ones) and are created from the view's own table
specification. A view whose tables no longer match that specification is refused when opened
and rebuilt from the events by `wijkdossier migrate` (see `projections.backends`).
"""

from __future__ import annotations

import fcntl
import hashlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from domain.application import WijkdossierApplication
from infra import access_log_schema, emergency_reviews_schema
from infra.access_log_schema import access_log_path
from infra.emergency_reviews_schema import reviews_path
from infra.library_env import application_env
from infra.settings import StoreSettings

SCHEMA_TABLE = "wd_schema_migrations"


class SchemaError(RuntimeError):
    """The database's schema does not fit this software; the message tells the operator what to do
    (Dutch first, then English, because operators of a municipality may be either)."""


class SchemaBehindError(SchemaError):
    """The database is older than this software: `wijkdossier migrate` brings it up to date."""


class SchemaAheadError(SchemaError):
    """The database was migrated by a newer Wijkdossier than this one."""


@dataclass(frozen=True)
class Place:
    """One database that holds a component's tables: an SQLite file or a PostgreSQL schema."""

    kind: str  # "sqlite" or "postgres"
    path: Path | None = None
    conninfo: str | None = None
    schema: str = "public"
    settings: StoreSettings | None = None  # the store component needs the whole store settings

    @classmethod
    def sqlite(cls, path: str | Path, settings: StoreSettings | None = None) -> Place:
        return cls(kind="sqlite", path=Path(path), settings=settings)

    @classmethod
    def postgres(cls, conninfo: str, schema: str, settings: StoreSettings | None = None) -> Place:
        return cls(kind="postgres", conninfo=conninfo, schema=schema, settings=settings)

    def describe(self) -> str:
        return f"SQLite {self.path}" if self.kind == "sqlite" else f"PostgreSQL schema {self.schema}"

    def table(self, name: str) -> str:
        return f'"{self.schema}"."{name}"' if self.kind == "postgres" else name


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[MigrationContext], None]
    transactional: bool = True


class MigrationContext:
    """What a step gets: the place, and a connection that is inside the step's transaction."""

    def __init__(self, place: Place, connection: Any) -> None:
        self.place = place
        self.connection = connection

    @property
    def is_postgres(self) -> bool:
        return self.place.kind == "postgres"

    def table(self, name: str) -> str:
        return self.place.table(name)

    def execute(self, statement: Any) -> None:
        self.connection.execute(statement)


@dataclass(frozen=True)
class Component:
    name: str
    title: str  # for people: what these tables are
    markers: tuple[str, ...]  # tables that every version has: present without a version = release 0.1.0
    migrations: tuple[Migration, ...]

    @property
    def latest(self) -> int:
        return self.migrations[-1].version


# ------------------------------------------------------------------------------------ steps

def _store_baseline(ctx: MigrationContext) -> None:
    """Release 0.1.0: what the application created when it opened an empty store.

    The events table is the eventsourcing library's (through our chained recorder, which adds
    the hash chain, stream heads, checkpoints with their append-only triggers, and the
    Idempotency-Key table); the key tables are the key store's.
    """
    from eventsourcing.persistence import InfrastructureFactory
    from eventsourcing.utils import Environment, resolve_topic

    from infra.crypto.key_store import KeyStore
    from infra.integrity.database import StoreDatabase

    settings = ctx.place.settings
    if settings is None:
        raise SchemaError("store migrations need the store settings")
    name = WijkdossierApplication.name
    env = Environment(name, {**application_env(settings), "CREATE_TABLE": "n"})
    factory = InfrastructureFactory.construct(env)
    try:
        recorder_class = resolve_topic(env["APPLICATION_RECORDER_TOPIC"])
        if settings.is_postgres:
            recorder = recorder_class(datastore=factory.datastore, events_table_name=f"{name.lower()}_events")
        else:
            recorder = recorder_class(datastore=factory.datastore)
        recorder.create_table()
        KeyStore(StoreDatabase(factory.datastore), master=None).create_tables()  # type: ignore[arg-type]
    finally:
        factory.close()


def _key_log_append_only(ctx: MigrationContext) -> None:
    """The key log (which keys were made, rotated, destroyed) was writable; now it is append-only,
    like the events and the access log, so a destroyed key cannot be taken out of the record."""
    table = "wd_key_log"
    if ctx.is_postgres:
        function = ctx.table("wd_key_log_refuse_change")
        ctx.execute(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $wd$ "
            "BEGIN RAISE EXCEPTION 'wijkdossier: % on % refused: the table is append-only', "
            "TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $wd$")
        ctx.execute(f"CREATE OR REPLACE TRIGGER wd_append_only BEFORE UPDATE OR DELETE ON {ctx.table(table)} "
                    f"FOR EACH ROW EXECUTE FUNCTION {function}()")
        ctx.execute(f"CREATE OR REPLACE TRIGGER wd_no_truncate BEFORE TRUNCATE ON {ctx.table(table)} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()")
        return
    for operation in ("UPDATE", "DELETE"):
        ctx.execute(
            f"CREATE TRIGGER IF NOT EXISTS {table}_refuse_{operation.lower()} BEFORE {operation} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, 'wijkdossier: {operation} on {table} refused: the table is append-only'); END")


def _import_progress(ctx: MigrationContext) -> None:
    """`wijkdossier import`: one row per household carried over from a previous system, written with
    its events, so a rerun skips what is in and retention knows which history is imported."""
    from infra.history_import import PROGRESS, create_statements

    for statement in create_statements(ctx.table(PROGRESS), "bigint" if ctx.is_postgres else "INTEGER"):
        ctx.execute(statement)


def _access_log_baseline(ctx: MigrationContext) -> None:
    """Release 0.1.0: the access log table (line format 2), its indexes and append-only triggers."""
    if ctx.is_postgres:
        for statement in access_log_schema.pg_schema_statements(ctx.place.schema):
            ctx.execute(statement)
    else:
        access_log_schema.create_sqlite_schema(ctx.connection)


def _access_log_subjects(ctx: MigrationContext) -> None:
    """Who each line is about, in a side table (subject id, position), filled from the lines there:
    a person's lines are found by index instead of a scan of the whole log."""
    if ctx.is_postgres:
        for statement in access_log_schema.pg_subjects_statements(ctx.place.schema):
            ctx.execute(statement)
    else:
        access_log_schema.create_sqlite_subjects(ctx.connection)


def _reviews_baseline(ctx: MigrationContext) -> None:
    """Release 0.1.0: the emergency review table and its append-only triggers."""
    if ctx.is_postgres:
        for statement in emergency_reviews_schema.pg_schema_statements(ctx.place.schema):
            ctx.execute(statement)
    else:
        emergency_reviews_schema.create_sqlite_schema(ctx.connection)


def _reviews_no_truncate(ctx: MigrationContext) -> None:
    """Release 0.1.0 refused UPDATE and DELETE of a review on PostgreSQL but not TRUNCATE, which
    would empty the table at once. (SQLite has no TRUNCATE; its DELETE trigger covers it.)"""
    if not ctx.is_postgres:
        return
    ctx.execute(
        f"CREATE OR REPLACE TRIGGER emergency_review_no_truncate BEFORE TRUNCATE ON {ctx.table('emergency_review')} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {ctx.table('emergency_review_refuse_change')}()")


COMPONENTS: dict[str, Component] = {
    "store": Component(
        "store", "het dossierarchief (gebeurtenissen, hashketen, sleutels) / the event store",
        markers=("wd_data_keys", "wd_signing_keys"),
        migrations=(
            Migration(1, "release 0.1.0: events, hash chain, heads, checkpoints, idempotency keys, keys",
                      _store_baseline, transactional=False),
            Migration(2, "key log append-only", _key_log_append_only),
            Migration(3, "history import progress per household", _import_progress),
        ),
    ),
    "access_log": Component(
        "access_log", "de toegangslog / the access log",
        markers=("access_log",),
        migrations=(
            Migration(1, "release 0.1.0: access log (line format 2), indexes, append-only triggers",
                      _access_log_baseline, transactional=False),
            Migration(2, "access_log_subjects: who each line is about, filled from the existing lines",
                      _access_log_subjects),
        ),
    ),
    "emergency_reviews": Component(
        "emergency_reviews", "de beoordelingen van noodtoegang / the emergency access reviews",
        markers=("emergency_review",),
        migrations=(
            Migration(1, "release 0.1.0: emergency reviews, append-only triggers", _reviews_baseline,
                      transactional=False),
            Migration(2, "emergency reviews refuse TRUNCATE", _reviews_no_truncate),
        ),
    ),
}


def software_version() -> str:
    try:
        from importlib.metadata import version

        return version("wijkdossier")
    except Exception:  # noqa: BLE001 - a source checkout without metadata still migrates
        return "unknown"


# ----------------------------------------------------------------------------- the database

def places(settings: StoreSettings) -> dict[str, Place]:
    """Where each component lives for this store."""
    if settings.kind == "sqlite":
        assert settings.sqlite_path is not None
        return {"store": Place.sqlite(settings.sqlite_path, settings),
                "access_log": Place.sqlite(access_log_path(settings)),
                "emergency_reviews": Place.sqlite(reviews_path(settings))}
    place = Place.postgres(settings.conninfo(), settings.schema, settings)
    return {name: place for name in COMPONENTS}


@contextmanager
def _connection(place: Place) -> Iterator[Any]:
    """An autocommit connection: steps open their transactions themselves."""
    if place.kind == "sqlite":
        assert place.path is not None
        place.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(place.path, timeout=30, isolation_level=None)) as conn:
            yield conn
        return
    import psycopg

    with psycopg.connect(place.conninfo, autocommit=True, connect_timeout=10,
                         application_name="wijkdossier-migrations") as conn:
        yield conn


def _tables(conn: Any, place: Place) -> set[str]:
    if place.kind == "sqlite":
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {r[0] for r in conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s", (place.schema,))}


def _applied(conn: Any, place: Place, component: str) -> list[int]:
    if SCHEMA_TABLE not in _tables(conn, place):
        return []
    mark = "%s" if place.kind == "postgres" else "?"
    rows = conn.execute(f"SELECT version FROM {place.table(SCHEMA_TABLE)} WHERE component = {mark} "
                        "ORDER BY version", (component,)).fetchall()
    return [int(r[0]) for r in rows]


def _create_schema_table(conn: Any, place: Place) -> None:
    conn.execute(f"CREATE TABLE IF NOT EXISTS {place.table(SCHEMA_TABLE)} ("
                 "component TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, "
                 "applied_at TEXT NOT NULL, software TEXT NOT NULL, PRIMARY KEY (component, version))")


def _record(conn: Any, place: Place, component: str, migration: Migration) -> None:
    mark = "%s" if place.kind == "postgres" else "?"
    conn.execute(f"INSERT INTO {place.table(SCHEMA_TABLE)} (component, version, name, applied_at, software) "
                 f"VALUES ({mark}, {mark}, {mark}, {mark}, {mark})",
                 (component, migration.version, migration.name, datetime.now(timezone.utc).isoformat(),
                  software_version()))


@contextmanager
def _transaction(place: Place, conn: Any) -> Iterator[None]:
    if place.kind == "postgres":
        with conn.transaction():
            yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def _exclusive(place: Place, conn: Any) -> Iterator[None]:
    """One migrating process per database: several servers starting on an empty store at once
    would otherwise race on CREATE TABLE IF NOT EXISTS."""
    if place.kind == "postgres":
        key = int.from_bytes(hashlib.sha256(f"wijkdossier.migrations.{place.schema}".encode()).digest()[:8],
                             "big", signed=True)
        conn.execute("SELECT pg_advisory_lock(%s)", (key,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
        return
    # A lock file beside the database, not a lock on it: SQLite's own POSIX locks on the file
    # would be dropped when another descriptor of it is closed in this process.
    assert place.path is not None
    with open(place.path.with_name(place.path.name + ".migrate-lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass(frozen=True)
class ComponentState:
    component: str
    place: Place
    applied: tuple[int, ...]
    has_tables: bool  # any of the component's tables exist

    @property
    def version(self) -> int:
        return max(self.applied, default=0)

    @property
    def latest(self) -> int:
        return COMPONENTS[self.component].latest

    @property
    def status(self) -> str:
        if not self.applied:
            return "unversioned" if self.has_tables else "empty"
        if self.version > self.latest:
            return "ahead"
        return "current" if self.version == self.latest else "behind"

    def as_dict(self) -> dict[str, Any]:
        return {"component": self.component, "where": self.place.describe(), "version": self.version,
                "latest": self.latest, "status": self.status}


def _state(conn: Any, place: Place, component: str) -> ComponentState:
    tables = _tables(conn, place)
    return ComponentState(component, place, tuple(_applied(conn, place, component)),
                          any(m in tables for m in COMPONENTS[component].markers))


def _run(conn: Any, place: Place, component: str, state: ComponentState) -> list[Migration]:
    done: list[Migration] = []
    _create_schema_table(conn, place)
    for migration in COMPONENTS[component].migrations:
        if migration.version in state.applied:
            continue
        if migration.transactional:
            with _transaction(place, conn):
                migration.apply(MigrationContext(place, conn))
                _record(conn, place, component, migration)
        else:
            migration.apply(MigrationContext(place, conn))
            _record(conn, place, component, migration)
        done.append(migration)
    return done


def _refusal(state: ComponentState) -> SchemaError:
    title, where = COMPONENTS[state.component].title, state.place.describe()
    if state.status == "ahead":
        return SchemaAheadError(
            f"{where}: de database heeft schemaversie {state.version} voor {title}, deze Wijkdossier kent er "
            f"{state.latest}. De database is bijgewerkt door een nieuwere versie: start die versie, of zet de "
            f"back-up van vóór de upgrade terug. / The database has schema version {state.version} for this "
            f"component; this Wijkdossier knows up to {state.latest}. It was migrated by a newer release: run "
            "that release, or restore the backup taken before the upgrade.")
    found = "zonder schemaversie (release 0.1.0)" if state.status == "unversioned" else f"op versie {state.version}"
    found_en = "without a schema version (release 0.1.0)" if state.status == "unversioned" else \
        f"at version {state.version}"
    return SchemaBehindError(
        f"{where}: {title} staat {found}, deze Wijkdossier verwacht versie {state.latest}. Maak een back-up en "
        f"voer dan `wijkdossier migrate` uit. / The database is {found_en}; this Wijkdossier needs version "
        f"{state.latest}. Take a backup, then run `wijkdossier migrate`.")


# ------------------------------------------------------------------------------------ the API

def inspect_place(place: Place, component: str) -> ComponentState:
    with _connection(place) as conn:
        return _state(conn, place, component)


def inspect(settings: StoreSettings) -> list[ComponentState]:
    """Each component's version and status, changing nothing (`wijkdossier migrate --check`)."""
    _prepare(settings)
    return [inspect_place(place, name) for name, place in places(settings).items()]


def ensure_place(place: Place, component: str) -> None:
    """At start: create an empty component at the current version; refuse an old or a newer one."""
    with _connection(place) as conn:
        state = _state(conn, place, component)
        if state.status == "current":
            return
        # Decided under the lock: another process may be creating the tables right now, and a
        # baseline's tables exist a moment before its version is recorded.
        with _exclusive(place, conn):
            state = _state(conn, place, component)
            if state.status == "empty":
                _run(conn, place, component, state)
            elif state.status != "current":
                raise _refusal(state)


def ensure_current(settings: StoreSettings, components: list[str] | None = None) -> None:
    """`ensure_place` for the given components of this store (all when none are named)."""
    _prepare(settings)
    for name, place in places(settings).items():
        if components is None or name in components:
            ensure_place(place, name)


def migrate_place(place: Place, component: str) -> list[Migration]:
    """Apply what is missing to one component; refuse a database newer than this software."""
    with _connection(place) as conn, _exclusive(place, conn):
        state = _state(conn, place, component)
        if state.status == "ahead":
            raise _refusal(state)
        return _run(conn, place, component, state)


def migrate(settings: StoreSettings) -> list[tuple[str, Migration]]:
    """Bring every component of this store to the current version; returns what was applied."""
    _prepare(settings)
    applied: list[tuple[str, Migration]] = []
    states = {name: inspect_place(place, name) for name, place in places(settings).items()}
    ahead = [s for s in states.values() if s.status == "ahead"]
    if ahead:  # refuse before changing anything at all
        raise _refusal(ahead[0])
    for name, place in places(settings).items():
        applied += [(name, m) for m in migrate_place(place, name)]
    return applied


def _prepare(settings: StoreSettings) -> None:
    """The folder (SQLite) or the schema (PostgreSQL) the components live in."""
    if settings.kind == "sqlite":
        assert settings.sqlite_path is not None
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    with psycopg.connect(settings.conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{settings.schema}"')
