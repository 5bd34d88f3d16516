"""The demo's emergency accesses: real break-the-glass reads through the guard, the same each run, once."""

from __future__ import annotations

import pytest

from demo.emergency import DEMO_EMERGENCIES, record_demo_emergencies
from demo.loader import load_demo
from wiring import bootstrap


@pytest.fixture
def demo_env(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WIJKDOSSIER_DEMO", "1")
    monkeypatch.setenv("WIJKDOSSIER_VAR_DIR", str(tmp_path / "var"))


def test_the_demo_has_emergency_accesses_to_review_and_a_second_run_adds_none(store_settings, demo_env):  # type: ignore[no-untyped-def]
    with bootstrap(store_settings) as services:
        app, log = services.dossiers, services.access_log
        load_demo(app, households=5, progress=False)
        assert record_demo_emergencies(app, services.guard, log) == len(DEMO_EMERGENCIES) == 3
        assert record_demo_emergencies(app, services.guard, log) == 0
        lines = [s.entry for s in log.query(emergency=True)]
        assert len(lines) == 3
        assert {e.decision_rule for e in lines} == {"emergency.break_the_glass"}
        assert {e.reason for e in lines} == {d.reason for d in DEMO_EMERGENCIES}
        assert all(e.outcome == "permit" and e.purpose == "emergency_access" for e in lines)
        for line, demo in zip(lines, DEMO_EMERGENCIES):
            dossier = app.get_dossier(demo.scenario.household_id)
            assert line.household_id == str(demo.scenario.household_id)
            assert line.user_id not in {dossier.case_director, *dossier.tandem_workers}
            assert line.user_id.split("-")[1] == dossier.team  # a professional of the household's own team
