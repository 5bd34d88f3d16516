"""Replaying one long household dossier: the cost of the dossier's own structure.

A dossier of a few thousand events of every area (contacts, ZRM, plans, actions, consents,
statements) is told through the application on SQLite with the dossier cache off, then read back:
- `store`: `get_dossier` as a command or a read does it (select, decrypt, decode, apply);
- `domain`: the already-decoded events applied to a new dossier (the aggregate's part alone).
Baseline in the same run: the same events decoded only (no apply), so `domain` minus nothing
else is what the area modules' `apply` costs.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench.common import BENCH, print_table, wijkdossier_settings
from domain.attribution import Attribution
from infra.settings import StoreSettings
from wiring import bootstrap

EVENTS = BENCH.dossier_events
RUNS = 5


def _by(role: str, actor: str) -> Attribution:
    return Attribution(actor_id=actor, actor_role=role, reason="bench")


def _tell(app: Any, events: int) -> uuid.UUID:
    pd, cd = _by("process_director", "pd-bench"), _by("case_director", "cd-bench")
    client = _by("client", "p0")
    hid = app.receive_signal(source="gp", reporter="Huisarts", description="Bench", team="noord", by=pd)
    app.open_dossier(hid, summary="bench", by=pd)
    for n in range(4):
        app.add_member(hid, person_id=f"p{n}", name=f"Persoon {n}", date_of_birth="1980-01-01",
                       relation="applicant" if n == 0 else "other_adult", by=pd)
    app.assign_case_director(hid, worker_id="cd-bench", by=pd)
    domains = app.get_dossier(hid).zrm_version
    from domain.assessment import zrm_domains
    scores = {d: 3 for d in zrm_domains(domains)}
    step = 0
    while app.get_dossier(hid).version < events:
        step += 1
        app.record_contact(hid, kind="phone", with_person_ids=["p0"], note="Gebeld", by=cd)
        if step % 10 == 0:
            app.assess_zrm(hid, person_id=f"p{step % 4}", scores=scores, by=cd)
            app.assess_participation(hid, person_id=f"p{step % 4}", level=3, by=cd)
        if step % 25 == 0:
            action = f"a{step}"
            app.adopt_plan_version(hid, plan={
                "problems": ["Schulden"], "goals": [{"goal_id": "g1", "text": "Rust", "member_ids": ["p0"]}],
                "results": ["Rust"], "solutions": ["Hulp"],
                "actions": [{"action_id": action, "description": "Bellen", "owner_kind": "client",
                             "owner_name": "P0", "due_on": "2030-01-01", "goal_id": "g1"}]}, by=cd)
            app.agree_to_plan(hid, plan_version=len(app.get_dossier(hid).plan_versions), person_id="p0", by=client)
            app.complete_action(hid, action_id=action, by=cd)
        if step % 40 == 0:
            app.grant_consent(hid, consent_id=f"c{step}", person_id="p0", partner="GGD", purpose="zorg",
                              sections=["zrm"], valid_until="2030-01-01", by=client)
            app.add_statement(hid, person_id="p0", item_version=7, text="Mijn kant", by=client)
    return hid


def _median_rate(events: int, run: Any) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return events / statistics.median(times)


def run() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as scratch:
        store = StoreSettings(kind="sqlite", sqlite_path=Path(scratch) / "bench.sqlite")
        with bootstrap(wijkdossier_settings(store)) as services:  # with the cache on, as the application runs
            hid = _tell(services.dossiers, EVENTS)
        # Without the cache: every read below replays the whole stream.
        with bootstrap(wijkdossier_settings(store, dossier_cache=False)) as services:
            return _measure(services.dossiers, hid)


def _measure(app: Any, hid: Any) -> dict[str, Any]:
    version = app.get_dossier(hid).version
    stored = list(app.repository.event_store.get(hid))
    dossier_class = type(app.get_dossier(hid))

    def apply_all() -> None:
        dossier = None
        for stored_event in stored:
            dossier = stored_event.mutate(dossier)
        assert dossier is not None and dossier.version == version and isinstance(dossier, dossier_class)

    return {
        "events": version,
        "store_events_per_s": _median_rate(version, lambda: app.get_dossier(hid)),
        "decode_only_per_s": _median_rate(version, lambda: list(app.repository.event_store.get(hid))),
        "domain_apply_per_s": _median_rate(version, apply_all),
    }


def main() -> None:
    print(f"== One long dossier replayed (SQLite, dossier cache off; medians of {RUNS})")
    print_table([run()], ["events", "store_events_per_s", "decode_only_per_s", "domain_apply_per_s"])


if __name__ == "__main__":
    main()
