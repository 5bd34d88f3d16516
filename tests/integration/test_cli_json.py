"""Every command that prints data takes `--json` and then prints one valid JSON document on stdout.

The commands are found from the parser itself, so a new command cannot be left out: it either
appears in `RUNS` (and is run here against a small seeded SQLite store) or in `NO_DATA` with the
reason it prints none. Refusals and warnings go to stderr, so stdout stays parseable.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Iterator

import pytest

from cli.main import build_parser
from cli.main import main as cli_main
from cli.output import PRINTS_DATA
from infra.store import open_application
from tests.integration.test_privacy_guard import build_household
from tests.integration.test_integrity_support import household as closed_household

# Commands that print no data, and why.
NO_DATA = {
    "serve": "starts the server; what it serves is the API",
    "projections run": "follows the event log until stopped; it prints one start line and logs",
}


def leaf_commands(parser: argparse.ArgumentParser, prefix: str = "") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    """Every command and subcommand ("keys public", "projections status", ...) with its parser."""
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not actions:
        yield prefix, parser
    for action in actions:
        for name, sub in action.choices.items():
            yield from leaf_commands(sub, f"{prefix} {name}".strip())


COMMANDS = dict(leaf_commands(build_parser()))


@pytest.fixture
def store(sqlite_settings, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", f"sqlite:///{sqlite_settings.sqlite_path}")
    monkeypatch.setenv("WIJKDOSSIER_VAR_DIR", str(tmp_path / "var"))
    app = open_application(sqlite_settings)
    try:
        open_one = build_household(app)
        closed, _ = closed_household(app)
    finally:
        app.close()
    key_file = tmp_path / "same-master.key"
    key_file.write_text(os.environ["WIJKDOSSIER_MASTER_KEY"])
    from bench.import_file import write as write_import_file

    write_import_file(tmp_path / "history.jsonl", 2)
    return {"household": str(open_one["household"]), "closed": str(closed), "key_file": str(key_file),
            "import_file": str(tmp_path / "history.jsonl"), "bundle_file": str(tmp_path / "bundle.json")}


def runs(s: dict[str, str]) -> list[tuple[str, list[str]]]:
    """One call of each data command, in an order that works: the bundle before its check, erase last."""
    hid = s["household"]
    client = ["--as", "p-anna", "--role", "client", "--household", hid]
    return [
        ("demo", ["demo", "--households", "6", "--no-progress"]),
        ("import", ["import", s["import_file"], "--check"]),
        ("households", ["households"]),
        ("staff", ["staff"]),
        ("history", ["history", hid, "--as", "cd-noord-01"]),
        ("access-log", ["access-log", "--as", "fg-01"]),
        ("inzage", ["inzage", "p-anna", *client]),
        ("export-my-data", ["export-my-data", "p-anna", *client]),
        ("projections status", ["projections", "status"]),
        ("projections rebuild", ["projections", "rebuild"]),
        ("projections check", ["projections", "check"]),
        ("migrate", ["migrate", "--check"]),
        ("checkpoint", ["checkpoint"]),
        ("verify", ["verify"]),
        ("keys public", ["keys", "public"]),
        ("keys rotate-signing", ["keys", "rotate-signing"]),
        ("bundle", ["bundle", hid, "--as", "fg-01", "--purpose", "access_log_audit"]),
        ("verify-bundle", ["verify-bundle", s["bundle_file"], "--trust-bundle-keys"]),
        ("keys rotate-master", ["keys", "rotate-master", "--new-key-file", s["key_file"]]),
        ("token", ["token", "--role", "case_director", "--subject", "cd-noord-01"]),
        ("erase", ["erase", s["closed"], "--as", "pd-test", "--role", "process_director", "--team", "noord",
                   "--reason", "AVG art. 17 besluit 2026-0042"]),
    ]


def test_every_command_is_either_run_here_or_named_as_printing_no_data() -> None:
    named = {name for name, _ in runs({k: "x" for k in ("household", "closed", "key_file", "import_file",
                                                          "bundle_file")})}
    assert set(COMMANDS) == named | set(NO_DATA), "add the new command to runs() or to NO_DATA"
    assert not named & set(NO_DATA)


@pytest.mark.parametrize("name", sorted(set(COMMANDS) - set(NO_DATA)))
def test_every_data_command_takes_json_through_the_shared_helper(name: str) -> None:
    parser = COMMANDS[name]
    assert any("--json" in action.option_strings for action in parser._actions), name
    # Marked by cli.output.add_json_option: the one way --json is added and printed.
    assert parser.get_default(PRINTS_DATA) is True, name


def test_each_data_command_prints_valid_json_with_english_keys(store, capsys) -> None:  # type: ignore[no-untyped-def]
    printed: dict[str, object] = {}
    for name, argv in runs(store):
        code = cli_main([*argv, "--json"])
        out = capsys.readouterr()
        assert code == 0, (name, out.err)
        document = json.loads(out.out)  # one document, nothing else on stdout
        assert out.out.count("\n") == 1, (name, "one line: a program reads it with one readline")
        printed[name] = document
        if name == "bundle":
            with open(store["bundle_file"], "w", encoding="utf-8") as bundle_file:
                bundle_file.write(out.out)
    # Spot checks that the documents are what the command says, under stable English keys.
    assert {row["id"] for row in printed["households"]} >= {store["household"], store["closed"]}
    assert printed["history"][0].keys() >= {"version", "event", "actor_id", "actor_role", "fields"}
    assert printed["verify"]["ok"] is True and printed["verify-bundle"]["ok"] is True
    assert printed["checkpoint"].keys() == {"sequence", "position", "event_count", "key_id"}
    assert printed["erase"]["household_id"] == store["closed"] and printed["erase"]["erased"] is True
    assert printed["token"]["token"].count(".") == 2
    assert printed["import"]["refused"] == 0


def test_without_json_a_data_command_prints_its_dutch_text(store, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli_main(["checkpoint"]) == 0
    assert capsys.readouterr().out.startswith("controlepunt 1: positie ")
    assert cli_main(["staff"]) == 0
    assert capsys.readouterr().out.split()[:2] == ["id", "rol"]
