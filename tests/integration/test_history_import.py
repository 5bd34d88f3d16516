"""`wijkdossier import`: refusals, nothing half-imported, resume after a kill, and the time rules
(first-contact term, complaint term, time travel, figures, retention) on imported history."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bench.import_file import line, write
from domain.attribution import Attribution
from infra.history_import import PROGRESS, run_import
from infra.integrity.erasure import ErasureRefusedError, erase_household
from projections.operations import rebuild
from tests.integration.test_integrity_cli import database_url
from wiring import bootstrap

PD, CD, CLIENT = "pd-noord-01", "cd-noord-01", "p-1"
ROOT = Path(__file__).resolve().parents[2]


def write_lines(path: Path, entries: list[dict[str, Any] | str]) -> Path:
    path.write_text("".join((e if isinstance(e, str) else json.dumps(e, ensure_ascii=False)) + "\n"
                            for e in entries), encoding="utf-8")
    return path


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def opening(key: str, start: datetime, *, child: bool = False) -> list[dict[str, Any]]:
    """Signal, dossier, members, case director: the start of every household below."""
    out = [
        line(key, "signal_received", start, PD, "process_director", source="gp", reporter="Huisarts",
             description="Zorgen", team="noord"),
        line(key, "dossier_opened", start, PD, "process_director", summary="Meervoudige vraag"),
        line(key, "member_added", start, PD, "process_director", person_id=CLIENT, name="Anna de Vries",
             date_of_birth="1970-04-02", relation="applicant"),
    ]
    if child:
        out.append(line(key, "member_added", start, PD, "process_director", person_id="p-2", name="Chris de Vries",
                        date_of_birth=f"{start.year - 8}-01-20", relation="child"))
    out.append(line(key, "case_director_assigned", start + timedelta(hours=1), PD, "process_director", worker_id=CD))
    return out


def events_of(services: Any) -> int:
    """The stored events counted, not the highest notification id: a transaction killed with its
    ids taken from PostgreSQL's sequence leaves a gap there (ids are never given back)."""
    db = services.integrity.db
    table = db.table(services.dossiers.recorder.events_table_name)
    with db.transaction(write=False) as cur:
        return int(cur.execute(f"SELECT COUNT(*) AS n FROM {table}").fetchone()["n"])


def progress_keys(services: Any) -> list[str]:
    db = services.integrity.db
    with db.transaction(write=False) as cur:
        return sorted(r["household_key"] for r in cur.execute(f"SELECT household_key FROM {db.table(PROGRESS)}").fetchall())


@pytest.fixture
def services(store_settings):  # noqa: ANN001, ANN201
    with bootstrap(store_settings) as built:
        yield built


def test_refused_lines_name_line_field_and_reason_in_dutch_and_their_household_is_left_out_whole(
        services, tmp_path) -> None:  # noqa: ANN001
    start = at("2012-05-01T09:00:00")
    good = opening("HH-1", start)
    bad_kind = opening("HH-2", start) + [line("HH-2", "contact_made", start + timedelta(days=1), CD, "case_director")]
    bad_rule = opening("HH-3", start)[:3] + [  # a contact before any case director was assigned
        line("HH-3", "contact_recorded", start + timedelta(days=1), CD, "case_director", kind="phone")]
    apart = opening("HH-4", start)[:2]
    later = opening("HH-4", start)[2:]
    entries = [*good, *bad_kind, *bad_rule, *apart, *opening("HH-5", start)[:2], '{"household": "HH-5", "kind": ',
               *later]
    path = write_lines(tmp_path / "history.jsonl", entries)

    report = run_import(services, path, source="suite")

    by_household = {r.household: r for r in report.refusals}
    assert set(by_household) == {"HH-2", "HH-3", "HH-4", "HH-5"}
    kind = by_household["HH-2"]
    assert (kind.line, kind.field) == (len(good) + len(bad_kind), "kind")
    assert "geen bekende stap" in kind.message and "docs/import.md" in kind.message
    rule = by_household["HH-3"]
    assert rule.line == len(good) + len(bad_kind) + 4 and "casusregisseur" in rule.message.lower()
    assert by_household["HH-4"].field == "household" and "niet bij elkaar" in by_household["HH-4"].message
    assert by_household["HH-5"].field == "regel" and "geen geldige JSON" in by_household["HH-5"].message
    # Only the good household is in, whole: none of the refused households' valid lines.
    assert (report.imported, report.refused) == (1, 4)
    assert events_of(services) == len(good) and progress_keys(services) == ["HH-1"]
    assert services.integrity.verify().ok

    # Fixed and run again: what is in is skipped, the fixed household goes in.
    bad_kind[-1]["kind"] = "contact_recorded"
    bad_kind[-1]["data"] = {"kind": "phone"}
    again = run_import(services, write_lines(tmp_path / "fixed.jsonl", [*good, *bad_kind]), source="suite")
    assert (again.already_in, again.imported, again.refusals) == (1, 1, [])
    assert events_of(services) == len(good) + len(bad_kind)


def test_a_line_naming_no_household_stops_the_import_before_anything_is_written(services, tmp_path) -> None:  # noqa: ANN001
    first = opening("HH-1", at("2012-05-01T09:00:00"))
    path = write_lines(tmp_path / "history.jsonl", [*first, "niet eens JSON"])
    report = run_import(services, path, source="suite")
    assert [(r.line, r.field) for r in report.refusals] == [(len(first) + 1, "household")]
    assert events_of(services) == 0


def test_a_check_stores_nothing_and_says_what_would_be_refused(services, tmp_path) -> None:  # noqa: ANN001
    start = at("2012-05-01T09:00:00")
    late = opening("HH-2", start) + [line("HH-2", "contact_recorded", start - timedelta(days=3), CD, "case_director",
                                          kind="phone")]
    report = run_import(services, write_lines(tmp_path / "h.jsonl", [*opening("HH-1", start), *late]),
                        source="suite", check_only=True)
    assert (report.checked, report.refused, report.events) == (1, 1, len(opening("HH-1", start)))
    assert report.refusals[0].field == "occurred_at" and "volgorde van tijd" in report.refusals[0].message
    assert events_of(services) == 0


def test_imported_history_keeps_when_it_happened_and_every_time_rule_counts_from_then(
        services, store_settings, tmp_path) -> None:  # noqa: ANN001
    start = at("2010-03-01T09:00:00")
    entries = opening("HH-1", start) + [
        # first contact 4 days after the assignment: outside the 2-day term
        line("HH-1", "contact_recorded", start + timedelta(days=4), CD, "case_director", kind="home_visit",
             with_person_ids=[CLIENT]),
        line("HH-1", "complaint_filed", start + timedelta(days=10), CLIENT, "client", why="eigen verzoek",
             complaint="K1", complainant_person_id=CLIENT, about_worker_id=CD, subject="conduct",
             description="Afspraak niet nagekomen"),
        line("HH-1", "complaint_acknowledged", start + timedelta(days=10, hours=2), "ko-1", "complaint_officer",
             complaint="K1", contact_kind="phone"),
        line("HH-1", "complaint_referred_to_commission", start + timedelta(days=12), "ko-1", "complaint_officer",
             complaint="K1", commission_id="kc-1"),
        line("HH-1", "complaint_commission_advised", start + timedelta(days=40), "kc-1", "complaint_commission",
             complaint="K1", well_founded=True, advice="Gegrond"),
        # decided 7 weeks after filing: past the 6-week term
        line("HH-1", "complaint_decided", start + timedelta(days=10, weeks=7), PD, "process_director",
             complaint="K1", well_founded=True, decision="Gegrond verklaard"),
    ]
    report = run_import(services, write_lines(tmp_path / "h.jsonl", entries), source="suite")
    assert report.refusals == [] and report.events == len(entries)
    app = services.dossiers
    (hid,) = app.household_ids()
    history = app.history(hid)
    assert history[0].by.occurred_at == start and history[0].by.imported_from == "suite"
    assert history[0].timestamp > datetime.now(UTC) - timedelta(hours=1)  # recorded now

    # first-contact term, from when things happened
    dossier = app.get_dossier(hid)
    assert dossier.first_contact_within_term is False
    # time travel: as it stood on 3 March 2010 (assigned, not yet contacted), though recorded today
    then = app.get_dossier_as_of(hid, start + timedelta(days=2))
    assert then.case_director == CD and then.first_contact_at is None
    assert then.version == len(opening("HH-1", start))
    # complaint terms
    (complaint_id,) = app.complaint_ids()
    complaint = app.get_complaint(complaint_id)
    assert complaint.deadline == start + timedelta(days=10, weeks=6)
    assert complaint.decision["within_term"] is False

    # the views and the figures count from then too
    rebuild(store_settings)
    with bootstrap(store_settings) as fresh:
        figures = fresh.views["steering"].figures()
        assert figures["median_days_signal_to_first_contact"] == 4.0  # signal to contact, not import to now
        row = fresh.views["complaints"].complaint(str(complaint_id))
        assert row["deadline"] == (start + timedelta(days=10, weeks=6)).date().isoformat()
        assert row["decided_within_term"] is False
        assert fresh.views["caseload"].team_caseload("noord")["totals"]["first_contact_late"] == 1


def eraser() -> Attribution:
    return Attribution(actor_id=PD, actor_role="process_director", reason="bewaartermijn verstreken")


@pytest.mark.parametrize(("years_ago", "allowed"), [(19, False), (20, True)])
def test_retention_counts_an_imported_youth_dossier_from_its_original_closure(
        services, tmp_path, years_ago, allowed) -> None:  # noqa: ANN001
    now = datetime.now(UTC)
    closed = now.replace(year=now.year - years_ago) - timedelta(days=2)
    start = closed - timedelta(days=200)
    entries = opening("HH-Y", start, child=True) + [
        line("HH-Y", "contact_recorded", start + timedelta(days=1), CD, "case_director", kind="home_visit"),
        line("HH-Y", "dossier_closed", closed, CD, "case_director"),
    ]
    assert run_import(services, write_lines(tmp_path / "h.jsonl", entries), source="suite").refusals == []
    (hid,) = services.dossiers.household_ids()
    if not allowed:
        with pytest.raises(ErasureRefusedError, match="youth-care data \\(20 years"):
            erase_household(services.dossiers, hid, by=eraser(), legal_basis="bewaartermijn verstreken")
        # with an erasure decision it may go earlier
        outcome = erase_household(services.dossiers, hid, by=eraser(), legal_basis="AVG art. 17 besluit 2026-0042")
        assert outcome.ground == "erasure_decision"
    else:
        outcome = erase_household(services.dossiers, hid, by=eraser(), legal_basis="bewaartermijn verstreken")
        assert (outcome.ground, outcome.youth_care) == ("retention_expired", True)
    assert services.integrity.verify().ok


@pytest.mark.postgres
def test_an_import_killed_mid_way_and_run_again_stores_every_event_of_the_file_exactly_once(
        postgres_settings, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    path = tmp_path / "history.jsonl"
    lines = write(path, 400, seed=7)
    households = len({json.loads(t)["household"] for t in path.read_text(encoding="utf-8").splitlines()})
    with bootstrap(postgres_settings):  # the schema at its current version
        pass
    env = {**os.environ, "WIJKDOSSIER_DATABASE_URL": database_url(postgres_settings)}
    process = subprocess.Popen([sys.executable, "-m", "cli", "import", str(path), "--batch", "300", "--workers", "0"],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with bootstrap(postgres_settings) as services:
        deadline = time.monotonic() + 60
        while not progress_keys(services) and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert process.returncode == -signal.SIGKILL, process.stderr.read() if process.stderr else ""
        done_before = len(progress_keys(services))
        assert 0 < done_before < households  # killed in the middle, with batches committed

        report = run_import(services, path, workers=0)
        assert report.already_in == done_before and report.imported == households - done_before
        assert events_of(services) == lines
        db = services.integrity.db
        with db.transaction(write=False) as cur:
            per_household = cur.execute(f"SELECT household_id, events FROM {db.table(PROGRESS)}").fetchall()
            chained = cur.execute(f"SELECT COUNT(*) AS n, MAX(sequence) AS s FROM "
                                  f"{db.table(services.dossiers.recorder.chain_tables.chain)}").fetchone()
        assert len(per_household) == households and sum(int(r["events"]) for r in per_household) == lines
        assert int(chained["n"]) == int(chained["s"]) == lines
        stored = sum(len(services.dossiers.history(r["household_id"])) for r in per_household)
        complaints = sum(len(services.dossiers.history(c)) for c in services.dossiers.complaint_ids())
        assert stored + complaints == lines
        assert services.integrity.verify().ok


def test_worker_processes_seal_exactly_what_the_application_reads_back(sqlite_settings, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "history.jsonl"
    lines = write(path, 30, seed=3)
    with bootstrap(sqlite_settings) as services:
        report = run_import(services, path, workers=1, batch_events=200)
        assert (report.refusals, report.events) == ([], lines) and report.batches > 1
        for hid in services.dossiers.household_ids():
            assert services.dossiers.get_dossier(hid).members  # decrypted and decoded by the application
        assert services.integrity.verify().ok


def test_the_command_prints_refusals_in_dutch_and_exits_1(sqlite_settings, tmp_path, monkeypatch, capsys) -> None:  # noqa: ANN001
    import argparse

    from cli.commands import history_import
    from infra.settings import load_settings

    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", database_url(sqlite_settings))
    start = at("2012-05-01T09:00:00")
    bad = opening("HH-2", start)
    bad[1]["role"] = "baas"
    path = write_lines(tmp_path / "h.jsonl", [*opening("HH-1", start), *bad])
    parser = argparse.ArgumentParser(prog="wijkdossier")
    history_import.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["import", str(path), "--source", "suite"])
    args.settings = load_settings()
    assert args.handler(args) == 1
    out = capsys.readouterr().out
    assert f"geweigerd: regel {len(opening('HH-1', start)) + 2}, veld role: 'baas' is geen rol" in out
    assert "ingelezen: 1 huishoudens" in out
