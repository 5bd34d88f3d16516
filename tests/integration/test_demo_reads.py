"""The demo's reads by others (staff, a partner under consent, the commission): real reads through the guard, once."""

from __future__ import annotations

import pytest

from demo.loader import load_demo
from demo.reads import DEMO_READS, record_demo_reads
from wiring import bootstrap


@pytest.fixture
def demo_env(monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WIJKDOSSIER_DEMO", "1")
    monkeypatch.setenv("WIJKDOSSIER_VAR_DIR", str(tmp_path / "var"))


def test_the_demo_has_permitted_reads_by_staff_a_partner_and_the_commission_and_a_second_run_adds_none(
        store_settings, demo_env):  # type: ignore[no-untyped-def]
    with bootstrap(store_settings) as services:
        app, log = services.dossiers, services.access_log
        load_demo(app, households=5, progress=False)
        assert record_demo_reads(app, services.guard, log) == len(DEMO_READS)  # every one permitted
        assert record_demo_reads(app, services.guard, log) == 0
        lines = [s.entry for s in log.query() if s.entry.user_role != "client"]
        roles = {(e.user_role, e.purpose) for e in lines if e.outcome == "permit"}
        assert {("case_director", "support"), ("process_director", "support"), ("partner", "eviction_prevention"),
                ("complaint_commission", "complaint_handling")} <= roles
        assert all(e.outcome == "permit" for e in lines)
