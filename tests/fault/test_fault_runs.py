"""Issue 13's fault runs as tests: real `wijkdossier serve` processes on 127.0.0.1 over a PostgreSQL
database of the run's own, 8 writer processes, bounded in time. Each prints its figures
(acknowledged, stored, duplicates, lost, logged vs served reads; `pytest -s` shows them, and
docs/reliability.md keeps the last run's)."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import PG_ADMIN_URL
from tests.fault.harness import (
    ClientLog,
    Server,
    check_store,
    free_port,
    print_figures,
    start_writers,
    wait_all,
)

pytestmark = [pytest.mark.postgres, pytest.mark.fault, pytest.mark.timeout(120)]
WRITERS = 8
REASON = {"reason": "storingsproef: huishouden klaarzetten"}


@pytest.fixture
def database_url() -> Iterator[str]:
    """A database for this run alone, so terminating its connections touches nobody else's tests."""
    import psycopg

    from infra.settings import parse_database_url

    admin = parse_database_url(PG_ADMIN_URL)
    name = f"wd_fault_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin.conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin.conninfo(), autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


@pytest.fixture
def server(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.setenv("WIJKDOSSIER_MASTER_KEY", os.urandom(32).hex())  # the checks read the store too
    env = {**os.environ, "WIJKDOSSIER_DATABASE_URL": database_url, "WIJKDOSSIER_DEMO": "1",
           "WIJKDOSSIER_VAR_DIR": str(tmp_path / "var")}
    srv = Server(env=env, port=free_port(), log=tmp_path / "server")
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


def issuer(server: Server):  # type: ignore[no-untyped-def]
    from api.auth.demo_issuer import DemoIssuer
    from infra.settings import ApiSettings

    return DemoIssuer.from_settings(ApiSettings(demo=True, var_dir=Path(server.env["WIJKDOSSIER_VAR_DIR"])))


def households(server: Server, count: int) -> tuple[list[str], str]:
    """`count` households, each opened with cd-noord-01 as case director; and that director's token."""
    mint = issuer(server).mint
    desk, pd, cd = (mint(role=r, subject=s) for r, s in (("front_desk_volunteer", "fd-1"),
                                                         ("process_director", "pd-noord-01"),
                                                         ("case_director", "cd-noord-01")))
    ids = []
    with httpx.Client(base_url=server.url, timeout=10) as client:
        def post(path: str, token: str, **body: object) -> httpx.Response:
            response = client.post(f"/api/v1{path}", json={**REASON, **body},
                                   headers={"Authorization": f"Bearer {token}"})
            assert response.status_code in (200, 201), response.text
            return response
        for _ in range(count):
            hid = post("/signals", desk, source="gp", reporter="huisarts", description="zorgen").json()["household_id"]
            post(f"/households/{hid}/open", pd, summary="meervoudige vraag")
            post(f"/households/{hid}/case-director", pd, worker_id="cd-noord-01")
            ids.append(hid)
    return ids, cd


def run(server: Server, tmp_path: Path, name: str, hids: list[str], token: str, spread: bool, writes: int,
        during=None, deadline: float = 40.0) -> tuple[dict[str, int], ClientLog]:  # type: ignore[no-untyped-def]
    logs = tmp_path / name
    logs.mkdir()
    started = time.monotonic()
    per_writer = [hids if spread else hids[:1] for _ in range(WRITERS)]
    run_id = uuid.uuid4().hex[:6]
    procs = start_writers(server.url, [token] * WRITERS, per_writer, writes, logs, deadline, run_id)
    if during is not None:
        during()
    wait_all(procs, timeout=deadline + 15)
    log = ClientLog.read(logs)
    figures = check_store(server.env["WIJKDOSSIER_DATABASE_URL"], log, hids, run_id)
    print_figures(name, figures, time.monotonic() - started)
    return figures, log


def assert_held(figures: dict[str, int], writes: int) -> None:
    assert figures["acknowledged"] == WRITERS * writes, figures
    assert figures["duplicates"] == 0 and figures["lost"] == 0, figures
    assert figures["stored"] == figures["acknowledged"], figures
    assert figures["acknowledged_with_wrong_version"] == 0, figures
    assert figures["logged_reads"] == figures["served_reads"] > 0, figures
    assert figures["server_errors"] == 0 and figures["bad_error_shapes"] == 0, figures


def test_eight_writers_on_one_household_and_on_many(server, tmp_path):  # type: ignore[no-untyped-def]
    health = httpx.get(f"{server.url}/health")
    assert "server" not in health.headers and health.headers["x-content-type-options"] == "nosniff"
    hids, token = households(server, WRITERS)
    one, _ = run(server, tmp_path, "8 writers, one household", hids, token, spread=False, writes=12)
    assert_held(one, 12)
    many, _ = run(server, tmp_path, "8 writers, 8 households", hids, token, spread=True, writes=12)
    assert_held(many, 12)


def test_sigkill_mid_load_then_restart_and_idempotent_retries(server, tmp_path):  # type: ignore[no-untyped-def]
    hids, token = households(server, 4)

    def kill_and_restart() -> None:
        time.sleep(1.0)
        server.kill()
        time.sleep(0.3)
        server.start()

    figures, log = run(server, tmp_path, "SIGKILL mid-load", hids, token, spread=True, writes=15,
                       during=kill_and_restart)
    assert server.starts == 2
    assert_held(figures, 15)
    failed_attempts = sum(n for status, n in log.statuses.items() if status not in ("200", "None"))
    print_figures("SIGKILL mid-load", {"failed_attempts_retried_with_the_same_key": failed_attempts})


def test_database_connections_terminated_under_load_give_clean_503s_then_full_service(server, tmp_path):  # type: ignore[no-untyped-def]
    import psycopg

    from infra.settings import parse_database_url

    hids, token = households(server, 4)
    database = server.env["WIJKDOSSIER_DATABASE_URL"].rsplit("/", 1)[-1]
    terminated = []

    def terminate_connections() -> None:
        def killer() -> None:
            admin = parse_database_url(PG_ADMIN_URL)
            with psycopg.connect(admin.conninfo(), autocommit=True) as conn:
                for _ in range(8):
                    time.sleep(0.25)
                    rows = conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                        "WHERE datname = %s AND pid <> pg_backend_pid()", (database,)).fetchall()
                    terminated.append(len(rows))
        thread = threading.Thread(target=killer)
        thread.start()
        thread.join()

    figures, log = run(server, tmp_path, "pg_terminate_backend under load", hids, token, spread=True, writes=15,
                       during=terminate_connections)
    print_figures("pg_terminate_backend", {"connections_terminated": sum(terminated),
                                           "answers_503": log.statuses.get("503", 0)})
    assert sum(terminated) > 0
    assert_held(figures, 15)
    with httpx.Client(base_url=server.url, timeout=10, headers={"Authorization": f"Bearer {token}"}) as client:
        after = client.post(f"/api/v1/households/{hids[0]}/contacts", json={"reason": "na de storing", "kind": "phone"})
        assert after.status_code == 200
        assert client.get(f"/api/v1/households/{hids[0]}/contacts").status_code == 200
