"""`wijkdossier households`: with --as a guarded search (overview only), without it the operator's
demo listing, logged under the OS user with a rule that says no role decided it."""

from __future__ import annotations

import getpass
import json
from collections.abc import Iterator

import pytest

from infra.access_log_store import open_access_log
from infra.store import open_application
from cli.main import main as cli_main
from tests.integration.test_privacy_guard import build_household


@pytest.fixture
def world(sqlite_settings, monkeypatch) -> Iterator[dict]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", f"sqlite:///{sqlite_settings.sqlite_path}")
    app = open_application(sqlite_settings)
    try:
        ids = build_household(app)
    finally:
        app.close()
    yield {"settings": sqlite_settings, **ids}


def log_lines(world):  # type: ignore[no-untyped-def]
    with open_access_log(world["settings"]) as log:
        return [s.entry for s in log.query()]


def run(capsys, *argv: str):  # type: ignore[no-untyped-def]
    code = cli_main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_with_as_the_list_is_one_guarded_search_and_shows_no_member_data(world, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "households", "--json", "--as", "cd-noord-01", "--role", "case_director",
                       "--team", "noord")
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [str(world["household"])] and all("members" not in r for r in rows)
    [line] = log_lines(world)
    assert (line.user_id, line.action, line.section, line.outcome, line.channel) == (
        "cd-noord-01", "search", "overview", "permit", "cli")


def test_with_as_someone_of_another_team_lists_nothing_and_a_front_desk_volunteer_is_refused(world, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "households", "--json", "--as", "cd-zuid-02", "--role", "case_director", "--team", "zuid")
    assert code == 0 and json.loads(out) == []
    code, out, err = run(capsys, "households", "--json", "--as", "fd-noord-09", "--role", "front_desk_volunteer",
                         "--team", "noord", "--purpose", "signal_intake")
    assert code == 3 and out == "" and "geweigerd" in err
    assert [(e.user_id, e.outcome) for e in log_lines(world)] == [("cd-zuid-02", "permit"), ("fd-noord-09", "deny")]


def test_without_as_the_operator_listing_works_and_is_logged_under_the_os_user(world, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "households", "--json")
    assert code == 0
    [row] = json.loads(out)
    assert {m["person_id"] for m in row["members"]} == {"p-anna", "p-bert", "p-chris"}
    [line] = log_lines(world)
    assert line.user_id == f"cli:{getpass.getuser()}" and line.user_role == "system"
    assert (line.decision_rule, line.processing_activity_id, line.section) == (
        "operator.without_decision", "wd-beheer@3", "members")
    assert set(line.data_subject_ids.split()) == {"p-anna", "p-bert", "p-chris"}
    assert "cli:" in err
