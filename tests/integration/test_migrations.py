"""Schema migrations: a release-0.1.0 database upgrades, a newer one is refused, an empty one is created.

Every test runs on SQLite and on PostgreSQL, each on a fresh store.
"""

from __future__ import annotations

import json
import threading

import psycopg
import pytest

from infra import migrations
from infra.access_log_store import open_access_log
from infra.store import open_application
from cli.main import main as cli_main
from infra.emergency_reviews import open_emergency_reviews
from infra.settings import StoreSettings
from tests.fixtures.release_0_1 import FIXTURE_MASTER_KEY, load_release_0_1


def database_url(settings: StoreSettings) -> str:
    if settings.is_postgres:
        return f"postgresql://{settings.user}@{settings.host}:{settings.port}/{settings.dbname}?schema={settings.schema}"
    return f"sqlite:///{settings.sqlite_path}"


@pytest.fixture
def cli(store_settings, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", database_url(store_settings))
    monkeypatch.setenv("WIJKDOSSIER_MASTER_KEY", FIXTURE_MASTER_KEY)

    def run(*argv: str) -> tuple[int, str, str]:
        code = cli_main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def statuses(settings: StoreSettings) -> dict[str, str]:
    return {s.component: s.status for s in migrations.inspect(settings)}


def structure(settings: StoreSettings) -> set[tuple[str, ...]]:
    """Tables, columns, indexes and triggers, without the migration records themselves."""
    if settings.kind == "sqlite":
        assert settings.sqlite_path is not None
        found: set[tuple[str, ...]] = set()
        for place in {p.path for p in migrations.places(settings).values()}:
            import sqlite3

            with sqlite3.connect(place) as conn:
                for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"):
                    if table != migrations.SCHEMA_TABLE:
                        found.add((str(place.name), kind, name, table, " ".join((sql or "").split())))
            conn.close()
        return found
    with psycopg.connect(settings.conninfo()) as conn:
        columns = conn.execute(
            "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, '') "
            "FROM information_schema.columns WHERE table_schema = %s", (settings.schema,)).fetchall()
        indexes = conn.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s",
                               (settings.schema,)).fetchall()
        triggers = conn.execute(
            "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s AND NOT t.tgisinternal",
            (settings.schema,)).fetchall()
    rows = {("column", *map(str, r)) for r in columns} | {("index", *r) for r in indexes} | \
        {("trigger", *r) for r in triggers}
    return {r for r in rows if r[1] != migrations.SCHEMA_TABLE}


def test_an_empty_store_is_created_at_the_current_version(store_settings) -> None:  # type: ignore[no-untyped-def]
    assert set(statuses(store_settings).values()) == {"empty"}
    open_application(store_settings).close()
    open_access_log(store_settings).close()
    open_emergency_reviews(store_settings).close()
    assert set(statuses(store_settings).values()) == {"current"}


def test_a_release_0_1_store_is_refused_until_it_is_migrated(store_settings, cli) -> None:  # type: ignore[no-untyped-def]
    load_release_0_1(store_settings, "empty")
    assert set(statuses(store_settings).values()) == {"unversioned"}
    for opener in (open_application, open_access_log, open_emergency_reviews):
        with pytest.raises(migrations.SchemaBehindError) as refused:
            opener(store_settings)
        assert "wijkdossier migrate" in str(refused.value) and "back-up" in str(refused.value)
    code, out, err = cli("migrate", "--check", "--json")
    report = json.loads(out)
    assert code == 1 and report["migration_needed"] is True
    assert {c["status"] for c in report["components"]} == {"unversioned"}
    # Any command that opens the store says the same, in one line, without a traceback.
    code, out, err = cli("households")
    assert code == 2 and "wijkdossier migrate" in err and "Traceback" not in err


def test_migrating_release_0_1_gives_the_schema_a_new_installation_has(store_settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    load_release_0_1(store_settings, "empty")
    applied = migrations.migrate(store_settings)
    assert [(c, m.version) for c, m in applied] == [
        ("store", 1), ("store", 2), ("store", 3), ("access_log", 1), ("access_log", 2), ("emergency_reviews", 1),
        ("emergency_reviews", 2)]
    assert set(statuses(store_settings).values()) == {"current"}
    assert migrations.migrate(store_settings) == []  # a second run changes nothing
    if store_settings.kind == "sqlite":
        fresh = StoreSettings(kind="sqlite", sqlite_path=tmp_path / "fresh" / store_settings.sqlite_path.name)
    else:
        fresh = _another_schema(store_settings)
    try:
        migrations.migrate(fresh)
        from projections.registry import open_projections

        open_projections(fresh)  # the 0.1.0 dump has the views' tables too
        upgraded, new = structure(store_settings), structure(fresh)
        if fresh.is_postgres:  # the schema name is part of index and trigger definitions
            new = {tuple(x.replace(fresh.schema, store_settings.schema) for x in row) for row in new}
        assert upgraded == new
    finally:
        if fresh.is_postgres:
            _drop_schema(fresh)


def test_a_migrated_release_0_1_store_keeps_its_data_and_its_proofs(store_settings, cli) -> None:  # type: ignore[no-untyped-def]
    load_release_0_1(store_settings, "data")
    code, out, err = cli("migrate", "--json")
    assert code == 0, err
    assert {c["status"] for c in json.loads(out)["components"]} == {"current"}
    code, out, err = cli("verify")  # hash chains of the events and the access log, checkpoints
    assert code == 0, out + err
    app = open_application(store_settings)
    try:
        (household,) = app.household_ids()
        assert app.get_dossier(household).members["person-chris"].name == "Chris Jansen"
        reviews = open_emergency_reviews(store_settings)
        assert [r.conclusion for r in reviews.all()] == ["justified"]
        reviews.close()
        log = open_access_log(store_settings)
        assert log.head()[0] == 2 and log.verify().ok
        # Found through access_log_subjects (access log 2), which was filled from the 0.1.0 lines.
        assert [e.position for e in log.query(person_id="person-anna")] == [1, 2]
        log.close()
        from projections.registry import open_views

        assert open_views(store_settings)["caseload"].row("households", str(household)) is not None
    finally:
        app.close()


def test_the_key_log_is_append_only_after_migration(store_settings) -> None:  # type: ignore[no-untyped-def]
    load_release_0_1(store_settings, "data")
    migrations.migrate(store_settings)
    key_log = migrations.places(store_settings)["store"].table("wd_key_log")
    add = f"INSERT INTO {key_log} (at, action, subject, detail) VALUES ('2026-01-01', 'created', 'k1', '')"
    change = f"UPDATE {key_log} SET detail = 'x'"
    if store_settings.kind == "sqlite":
        import sqlite3

        with sqlite3.connect(store_settings.sqlite_path) as conn:
            conn.execute(add)
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            with sqlite3.connect(store_settings.sqlite_path) as conn:
                conn.execute(change)
    else:
        with psycopg.connect(store_settings.conninfo()) as conn:
            conn.execute(add)
        with psycopg.connect(store_settings.conninfo()) as conn, pytest.raises(psycopg.Error, match="append-only"):
            conn.execute(change)
        table = migrations.places(store_settings)["store"].table("emergency_review")
        with psycopg.connect(store_settings.conninfo()) as conn, pytest.raises(psycopg.Error, match="append-only"):
            conn.execute(f"TRUNCATE {table}")


def test_a_store_from_a_newer_release_is_refused_and_left_alone(store_settings, cli) -> None:  # type: ignore[no-untyped-def]
    open_application(store_settings).close()
    place = migrations.places(store_settings)["store"]
    future = migrations.COMPONENTS["store"].latest + 1
    mark = "%s" if store_settings.is_postgres else "?"
    statement = (f"INSERT INTO {place.table(migrations.SCHEMA_TABLE)} (component, version, name, applied_at, software) "
                 f"VALUES ({mark}, {mark}, 'from the future', 'now', '9.9.9')")
    if store_settings.is_postgres:
        with psycopg.connect(store_settings.conninfo()) as conn:
            conn.execute(statement, ("store", future))
    else:
        import sqlite3

        with sqlite3.connect(store_settings.sqlite_path) as conn:
            conn.execute(statement, ("store", future))
        conn.close()
    with pytest.raises(migrations.SchemaAheadError) as refused:
        open_application(store_settings)
    assert f"versie {future}" in str(refused.value) and "newer release" in str(refused.value)
    before = structure(store_settings)
    code, out, err = cli("migrate")
    assert code == 2 and "nieuwere versie" in err and "Traceback" not in err
    assert structure(store_settings) == before
    assert statuses(store_settings)["store"] == "ahead"


def test_a_view_whose_layout_changed_is_refused_and_rebuilt_by_migrate(store_settings, cli) -> None:  # type: ignore[no-untyped-def]
    load_release_0_1(store_settings, "data")
    assert cli("migrate")[0] == 0
    from projections.registry import forget_views, open_views

    table = migrations.places(store_settings)["store"].table("proj_plan_households")
    statement = f"ALTER TABLE {table} ADD COLUMN left_over TEXT"
    if store_settings.is_postgres:
        with psycopg.connect(store_settings.conninfo()) as conn:
            conn.execute(statement)
    else:
        import sqlite3

        with sqlite3.connect(store_settings.sqlite_path) as conn:
            conn.execute(statement)
        conn.close()
    forget_views(store_settings)
    with pytest.raises(migrations.SchemaBehindError, match="wijkdossier migrate"):
        open_views(store_settings)
    code, out, err = cli("migrate", "--check")
    assert code == 1 and "projectie plan" in out
    code, out, err = cli("migrate", "--json")
    assert code == 0 and json.loads(out)["rebuilt_views"] == {"plan": 8}
    forget_views(store_settings)
    assert open_views(store_settings)["plan"].rows("households")


def test_servers_starting_together_on_an_empty_store_create_it_once(store_settings) -> None:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []

    def start() -> None:
        try:
            open_application(store_settings).close()
            open_access_log(store_settings).close()
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    place = migrations.places(store_settings)["store"]
    with migrations._connection(place) as conn:
        rows = conn.execute(f"SELECT component, version FROM {place.table(migrations.SCHEMA_TABLE)}").fetchall()
    assert sorted(map(tuple, rows)) == sorted(
        [("access_log", 1), ("access_log", 2), ("store", 1), ("store", 2), ("store", 3)] if store_settings.is_postgres
        else [("store", 1), ("store", 2), ("store", 3)])


def _another_schema(settings: StoreSettings) -> StoreSettings:
    schema = settings.schema + "_fresh"
    with psycopg.connect(settings.conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    return settings.model_copy(update={"schema_": schema})


def _drop_schema(settings: StoreSettings) -> None:
    with psycopg.connect(settings.conninfo(), autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{settings.schema}" CASCADE')
