"""`wijkdossier serve --workers 2`: two server processes on one store, each read logged exactly once.

The server runs as a child process on 127.0.0.1 (a free port) over a fresh SQLite store; both
workers share the access log's one chain (docs/operations.md)."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from infra.access_log_store import open_access_log
from infra.settings import StoreSettings

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 60
READS = 24


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _workers_of(pid: int) -> list[int]:
    """The worker processes uvicorn spawned under `pid` (multiprocessing's spawn, not its resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"spawn_main" in cmdline:
            found.append(int(entry.name))
    return sorted(found)


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    store = tmp_path / "wijkdossier.sqlite"
    env = {**os.environ, "WIJKDOSSIER_DATABASE_URL": f"sqlite:///{store}", "WIJKDOSSIER_DEMO": "1",
           "WIJKDOSSIER_VAR_DIR": str(tmp_path / "var"), "WIJKDOSSIER_MASTER_KEY": secrets.token_hex(32),
           "WIJKDOSSIER_LOG_LEVEL": "WARNING"}
    for name, value in env.items():
        if name.startswith("WIJKDOSSIER_"):
            monkeypatch.setenv(name, value)
    subprocess.run([sys.executable, "-m", "cli", "migrate"], cwd=ROOT, env=env, check=True, capture_output=True,
                   timeout=120)
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--demo", "--workers", "2", "--host",
                                "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else "serve stopped"
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200 and len(_workers_of(process.pid)) == 2:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "serve --workers 2 did not answer in time"
            time.sleep(0.2)
        yield base, process, StoreSettings(kind="sqlite", sqlite_path=store)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_two_workers_serve_and_each_read_leaves_exactly_one_line(served) -> None:  # type: ignore[no-untyped-def]
    from api.auth.demo_issuer import DemoIssuer
    from infra.settings import load_settings

    base, process, store = served
    workers = _workers_of(process.pid)
    assert len(workers) == 2
    # The server made the demo's signing key before starting its workers; both verify with it.
    token = DemoIssuer.from_settings(load_settings().api).mint(role="client", subject="person-werker")
    log = open_access_log(store)
    try:
        before = log.head()[0]

        def read(_n: int) -> dict:
            response = httpx.post(f"{base}/graphql", json={"query": "{ me { personId householdIds } }"},
                                  headers={"Authorization": f"Bearer {token}"}, timeout=30)
            assert response.status_code == 200, response.text
            return response.json()

        with ThreadPoolExecutor(max_workers=8) as pool:  # new connections, spread over both workers
            answers = list(pool.map(read, range(READS)))
        assert all(a == {"data": {"me": {"personId": "person-werker", "householdIds": []}}} for a in answers)
        assert log.head()[0] - before == READS
        lines = [s for s in log.query(person_id="person-werker")]
        assert len(lines) == READS and {s.entry.action for s in lines} == {"search"}
    finally:
        log.close()
    assert _workers_of(process.pid) == workers  # neither worker died on the way
