"""The runner as a real separate process, killed with SIGKILL mid-batch and restarted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from infra.store import open_application
from projections.operations import check
from projections.registry import open_projections
from demo.sample_log import fill

CLI = Path(sys.executable).with_name("wijkdossier")


def _database_url(settings) -> str:
    if settings.kind == "sqlite":
        return f"sqlite:///{settings.sqlite_path.resolve()}"
    return f"postgresql://{settings.user}@{settings.host}:{settings.port}/{settings.dbname}?schema={settings.schema}"


def _start(env: dict, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([str(CLI), "projections", "run", "--batch-size", "50", "--poll-interval", "0.05", *extra],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _positions(settings) -> dict[str, int]:
    return {name: p.view.position() for name, p in open_projections(settings).items()}


def _wait(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_a_runner_killed_mid_batch_resumes_without_missing_or_doubled_rows(store_settings, monkeypatch):
    monkeypatch.setenv("WIJKDOSSIER_MASTER_KEY", os.urandom(32).hex())
    app = open_application(store_settings)
    fill(app, households=30, seed=11, prefer_demo=False)
    head = app.recorder.max_notification_id()
    env = {**os.environ, "WIJKDOSSIER_DATABASE_URL": _database_url(store_settings)}

    # Slowed down (hidden --event-delay) so the kill lands inside a batch of 50.
    first = _start(env, "--event-delay", "0.004")
    try:
        assert _wait(lambda: 0 < min(_positions(store_settings).values())), "the runner never committed a batch"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
    finally:
        if first.poll() is None:
            first.kill()
    killed_at = _positions(store_settings)
    assert min(killed_at.values()) < head, "killed too late: every event was already applied"
    assert all(position % 50 == 0 or position == head for position in killed_at.values()), (
        "a position between batch boundaries means a half-written batch was committed")

    second = _start(env)
    try:
        assert _wait(lambda: set(_positions(store_settings).values()) == {head}), "the restarted runner did not catch up"
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(10)
    assert second.returncode == 0, second.stderr.read().decode()[-2000:] if second.stderr else ""

    # No row missing, none doubled: the live views equal views rebuilt from the log ...
    assert check(store_settings) == {"plan": [], "caseload": [], "complaints": [], "steering": []}
    # ... and the counters that would double on a replayed event count each event once.
    views = {n: p.view for n, p in open_projections(store_settings).items()}
    dossiers = [app.get_dossier(h, include_erased=True) for h in app.household_ids()]
    expected = sum(len(d.assessments) for d in dossiers if not d.erased)
    counted = sum(m["count"] for r in views["steering"].rows("households") if not r["erased"]
                  for m in (r["zrm"] or {}).values())
    assert counted == expected > 0
    agreed = [r["agreed_by"] for r in views["plan"].rows("households") if not r["erased"]]
    assert all(len(a) == len(set(a)) for a in agreed)
    app.close()
