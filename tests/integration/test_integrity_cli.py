"""The `verify`, `keys public` and `checkpoint` commands, and the checkpoint policy."""

from __future__ import annotations

import argparse
import json

import pytest

from cli.commands import integrity as integrity_commands
from infra.integrity.verify import CHANGED
from infra.settings import load_settings
from tests.integration.test_integrity_support import (  # noqa: F401 - fixtures
    app,
    fill,
    integrity,
    master_key,
    raw,
)


def database_url(settings) -> str:  # noqa: ANN001
    if settings.is_postgres:
        return f"postgresql://{settings.user}@{settings.host}:{settings.port}/{settings.dbname}?schema={settings.schema}"
    return f"sqlite:///{settings.sqlite_path}"


@pytest.fixture
def cli(store_settings, master_key, monkeypatch):  # noqa: ANN001, F811
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", database_url(store_settings))
    monkeypatch.setenv("WIJKDOSSIER_MASTER_KEY", master_key)
    parser = argparse.ArgumentParser(prog="wijkdossier")
    integrity_commands.register(parser.add_subparsers(dest="command", required=True))

    def run(*argv: str) -> int:
        args = parser.parse_args(list(argv))
        args.settings = load_settings()  # as cli.main.main does
        return args.handler(args)

    return run


def test_verify_exits_0_on_an_intact_store_and_1_naming_the_first_bad_position(app, integrity, raw, cli, capsys):  # noqa: ANN001, F811
    fill(app)
    assert cli("checkpoint") == 0
    assert cli("verify") == 0
    assert "intact: 15 gebeurtenissen" in capsys.readouterr().out

    target = raw.event_positions()[2]
    state = bytearray(raw.state_at(target))
    state[-1] ^= 0xFF
    raw.run(f"UPDATE {raw.events} SET state = ? WHERE {raw.position} = ?", (bytes(state), target))
    assert cli("verify") == 1
    err = capsys.readouterr().err
    assert f"eerste foute positie {target} (events): {CHANGED}" in err
    assert cli("verify", "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["first_problem"]["position"] == target and report["first_problem"]["kind"] == CHANGED


def test_keys_public_prints_every_signing_key_as_a_jwk_set(app, integrity, cli, capsys):  # noqa: ANN001, F811
    fill(app, households=1)
    integrity.create_checkpoint()
    integrity.key_store.rotate_signing_key()
    assert cli("keys", "public") == 0
    document = json.loads(capsys.readouterr().out)
    assert [k["crv"] for k in document["keys"]] == ["Ed25519", "Ed25519"]
    assert sorted(k["status"] for k in document["keys"]) == ["active", "retired"]


def test_a_checkpoint_is_made_after_every_n_events(app, integrity):  # noqa: ANN001, F811
    fill(app, households=2, notes=2)  # 10 events, checkpoint policy every 5 in the fixture
    checkpoints = integrity.checkpoints()
    assert [c.content["event_count"] for c in checkpoints] == [5, 10]
    assert checkpoints[1].content["previous"] == checkpoints[0].digest.hex()


def test_the_timer_makes_a_checkpoint_for_events_that_wait(store_settings, master_key):  # noqa: ANN001, F811
    import time

    from infra.integrity.integrity_store import integrity_of
    from tests.integration.test_integrity_support import open_test_app

    application = open_test_app(
        store_settings, master_key, WIJKDOSSIER_CHECKPOINT_EVERY_EVENTS="0", WIJKDOSSIER_CHECKPOINT_EVERY_SECONDS="0.2"
    )
    try:
        fill(application, households=1)
        deadline = time.monotonic() + 5
        while not integrity_of(application).checkpoints() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [c.content["event_count"] for c in integrity_of(application).checkpoints()] == [5]
    finally:
        application.close()


class FakeAccessLog:
    def __init__(self) -> None:
        self.links = {1: "aa" * 32, 2: "bb" * 32}
        self.broken: tuple[int, str] | None = None

    def head(self) -> tuple[int, str]:
        return 2, self.links[2]

    def verify(self) -> tuple[int, str] | None:
        return self.broken

    def confirms(self, position: int, head: str) -> bool:
        return self.links.get(position) == head


def test_checkpoints_commit_to_the_access_log_head_and_verify_checks_it(app, integrity):  # noqa: ANN001, F811
    log = FakeAccessLog()
    integrity.set_access_log_head(log.head)
    fill(app, households=1)
    checkpoint = integrity.create_checkpoint()
    assert checkpoint.content["access_log"] == {"position": 2, "head": "bb" * 32}
    assert integrity.verify(access_log=log).ok

    log.links[2] = "cc" * 32
    problem = integrity.verify(access_log=log).first_problem
    assert (problem.where, problem.position, problem.kind) == ("access-log", 2, CHANGED)
    log.links[2], log.broken = "bb" * 32, (1, "missing")
    problem = integrity.verify(access_log=log).first_problem
    assert (problem.where, problem.position, problem.kind) == ("access-log", 1, "missing")


def test_verify_reports_a_line_whose_data_subjects_were_taken_away(app, integrity, store_settings, cli, capsys):  # noqa: ANN001, F811
    # Whom a line is about is part of the record: `verify` checks access_log_subjects against the lines.
    from infra.access_log_store import open_access_log
    from tests.integration.test_access_log_store import RawStore, make_entry

    fill(app, households=1)
    log = open_access_log(store_settings)
    try:
        stored = log.append(make_entry(person_id=None, data_subject_id=None, data_subject_ids="p-anna p-bert"))
    finally:
        log.close()
    assert cli("verify") == 0
    raw_log = RawStore(store_settings)
    try:
        if raw_log.kind == "sqlite":
            raw_log.execute("DROP TRIGGER access_log_subjects_no_delete")
        else:
            raw_log.execute("ALTER TABLE access_log_subjects DISABLE TRIGGER USER")
        raw_log.execute("DELETE FROM access_log_subjects WHERE subject_id = 'p-bert'")
    finally:
        raw_log.close()
    capsys.readouterr()
    assert cli("verify") == 1
    err = capsys.readouterr().err
    assert f"eerste foute positie {stored.position} (access-log): missing" in err and "access_log_subjects" in err
