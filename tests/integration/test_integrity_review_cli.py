"""`wijkdossier bundle`, `verify-bundle` and `erase` on both stores."""

from __future__ import annotations

import argparse
import base64
import json
import subprocess
import sys

import pytest

from domain.errors import DossierErasedError
from infra.commands import integrity as integrity_commands
from tests import independent_verifier
from tests.integration.test_integrity_cli import database_url
from tests.integration.test_integrity_support import dossiers, household, open_dossier_app  # noqa: F401 - fixture

OFFICER = ("--as", "fg-test", "--role", "privacy_officer", "--purpose", "access_log_audit")


@pytest.fixture
def cli(store_settings, monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", database_url(store_settings))
    monkeypatch.setenv("WIJKDOSSIER_CHECKPOINT_EVERY_SECONDS", "0")
    parser = argparse.ArgumentParser(prog="wijkdossier")
    integrity_commands.register(parser.add_subparsers(dest="command", required=True))

    def run(*argv: str) -> int:
        args = parser.parse_args(list(argv))
        return args.handler(args)

    return run


def test_bundle_writes_a_bundle_that_verify_bundle_and_the_independent_verifier_accept(dossiers, cli, capsys, tmp_path, store_settings) -> None:  # noqa: ANN001, E501, F811
    hid, _ = household(dossiers, complaint=True)
    assert cli("bundle", str(hid), *OFFICER) == 0
    text = capsys.readouterr().out
    path = tmp_path / "bundel.json"
    path.write_text(text)
    assert independent_verifier.verify(json.loads(text)) is None
    assert cli("verify-bundle", str(path)) == 0
    assert "in orde: 8 gebeurtenissen in 2 stroom/stromen" in capsys.readouterr().out
    # The independent verifier runs as a program of its own too.
    run = subprocess.run([sys.executable, independent_verifier.__file__, str(path)], capture_output=True, text=True)
    assert (run.returncode, run.stdout.strip()) == (0, "OK")
    # The privacy layer decided and logged the export before the bundle left.
    from infra.access_log_store import open_access_log

    log = open_access_log(store_settings)
    try:
        entries = [r.entry for r in log.query(user_id="fg-test")]
    finally:
        log.close()
    assert [(e.section, e.action, e.channel, e.outcome) for e in entries] == [("verification", "export", "cli", "permit")]


def test_verify_bundle_exits_1_naming_what_is_wrong(dossiers, cli, capsys, tmp_path) -> None:  # noqa: ANN001, F811
    hid, _ = household(dossiers)
    assert cli("bundle", str(hid), *OFFICER) == 0
    bundle = json.loads(capsys.readouterr().out)
    event = bundle["streams"][0]["events"][3]
    state = bytearray(base64.b64decode(event["state"]))
    state[20] ^= 0x01
    event["state"] = base64.b64encode(bytes(state)).decode()
    path = tmp_path / "bundel.json"
    path.write_text(json.dumps(bundle))
    assert cli("verify-bundle", str(path)) == 1
    assert f"NIET in orde: stream {hid} v4: changed" in capsys.readouterr().err
    run = subprocess.run([sys.executable, independent_verifier.__file__, str(path)], capture_output=True, text=True)
    assert run.returncode == 1


def test_verify_bundle_against_the_published_keys_file(dossiers, cli, capsys, tmp_path) -> None:  # noqa: ANN001, F811
    hid, _ = household(dossiers)
    assert cli("bundle", str(hid), *OFFICER) == 0
    (tmp_path / "bundel.json").write_text(capsys.readouterr().out)
    assert cli("keys", "public") == 0
    (tmp_path / "sleutels.json").write_text(capsys.readouterr().out)
    other = {"format": "wijkdossier-keys/1", "keys": []}
    (tmp_path / "andere.json").write_text(json.dumps(other))
    assert cli("verify-bundle", str(tmp_path / "bundel.json"), "--keys", str(tmp_path / "sleutels.json")) == 0
    assert cli("verify-bundle", str(tmp_path / "bundel.json"), "--keys", str(tmp_path / "andere.json")) == 1
    assert "unknown key" in capsys.readouterr().err


def test_a_bundle_for_someone_the_privacy_layer_refuses_exits_3_and_prints_nothing(dossiers, cli, capsys) -> None:  # noqa: ANN001, F811
    hid, _ = household(dossiers)
    assert cli("bundle", str(hid), "--as", "partner-x", "--role", "partner", "--purpose", "access_log_audit") == 3
    captured = capsys.readouterr()
    assert captured.out == "" and "geweigerd" in captured.err


def test_erase_on_a_decision_makes_the_dossier_unreadable_and_the_store_still_verifies(dossiers, cli, capsys, store_settings) -> None:  # noqa: ANN001, E501, F811
    hid, _ = household(dossiers)
    # The privacy layer decides first: a process director of another team is refused, and logged.
    assert cli("erase", str(hid), "--as", "pd-test", "--role", "process_director", "--team", "zuid",
               "--reason", "AVG art. 17 besluit 2026-0042") == 3
    assert "geweigerd" in capsys.readouterr().err
    assert cli("erase", str(hid), "--as", "pd-test", "--role", "process_director", "--team", "noord",
               "--reason", "AVG art. 17 besluit 2026-0042") == 0
    assert "is gewist (besluit 2026-0042)" in capsys.readouterr().out
    # A process that had the key cached sees the erasure within WIJKDOSSIER_KEY_CACHE_SECONDS;
    # a freshly opened one at once.
    fresh = open_dossier_app(store_settings)
    try:
        with pytest.raises(DossierErasedError):
            fresh.get_dossier(hid)
    finally:
        fresh.close()
    assert cli("checkpoint") == 0
    assert cli("verify") == 0
