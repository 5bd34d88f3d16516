"""Browser tests: a real uvicorn server on a demo store, driven by Debian's chromium through Playwright.

Where /usr/bin/chromium or Playwright is missing the browser tests are skipped with the
reason; under CI=true that is a failure, as for PostgreSQL (tests/conftest.py).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("WIJKDOSSIER_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
IN_CI = os.environ.get("CI", "").lower() == "true"
SERVER_START_SECONDS = 30


def _browser_problem() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The chromium to drive; skips (locally) or fails (CI=true) when there is none."""
    problem = _browser_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"CI=true but the browser tests cannot run: {problem}", pytrace=False)
        pytest.skip(f"browser tests skipped: {problem}")
    return str(CHROMIUM)


@dataclass
class PortalServer:
    base_url: str
    app: Any  # the FastAPI app; app.state.services.dossiers is the running WijkdossierApplication


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def portal_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[PortalServer]:
    """The real app (demo mode) under uvicorn in a background thread, on a temp SQLite store with
    a small demo municipality (the five scenario households plus seven generated ones)."""
    import secrets

    import uvicorn

    from api.app import create_app
    from infra.settings import ApiSettings
    from demo.directory import demo_directory
    from demo.loader import load_demo
    from demo.reads import record_demo_reads
    from infra.settings import StoreSettings

    monkeypatch.setenv("WIJKDOSSIER_MASTER_KEY", secrets.token_hex(32))
    monkeypatch.setenv("WIJKDOSSIER_DEMO", "1")
    store = StoreSettings(kind="sqlite", sqlite_path=tmp_path / "wijkdossier.sqlite")
    app = create_app(store, ApiSettings(demo=True, var_dir=tmp_path / "var"), directory=demo_directory())
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="portal-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            pytest.fail(f"uvicorn did not start on 127.0.0.1:{port} within {SERVER_START_SECONDS}s")
        time.sleep(0.05)
    try:
        load_demo(app.state.services.dossiers, households=12, progress=False)
        services = app.state.services
        record_demo_reads(services.dossiers, services.guard, services.access_log)  # what residents see others read
        yield PortalServer(base_url=f"http://127.0.0.1:{port}", app=app)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
