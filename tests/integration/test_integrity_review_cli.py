"""`wijkdossier bundle`, `verify-bundle` and `erase` on both stores."""

from __future__ import annotations

import argparse
import base64
import json
import subprocess
import sys

import pytest

from domain.errors import DossierErasedError
from cli.commands import integrity as integrity_commands
from infra.settings import load_settings
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
        args.settings = load_settings()  # as cli.main.main does
        return args.handler(args)

    return run


def test_bundle_writes_a_bundle_that_verify_bundle_and_the_independent_verifier_accept(dossiers, cli, capsys, tmp_path, store_settings) -> None:  # noqa: ANN001, E501, F811
    hid, _ = household(dossiers, complaint=True)
    assert cli("bundle", str(hid), *OFFICER) == 0
    text = capsys.readouterr().out
    path = tmp_path / "bundel.json"
    path.write_text(text)
    assert independent_verifier.verify(json.loads(text)) is None
    assert cli("keys", "public") == 0
    (tmp_path / "sleutels.json").write_text(capsys.readouterr().out)
    assert cli("verify-bundle", str(path), "--keys", str(tmp_path / "sleutels.json")) == 0
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
    assert cli("verify-bundle", str(path), "--trust-bundle-keys") == 1
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


def test_verify_bundle_without_published_keys_refuses_and_says_how_to_give_them(dossiers, cli, capsys, tmp_path) -> None:  # noqa: ANN001, E501, F811
    hid, _ = household(dossiers)
    assert cli("bundle", str(hid), *OFFICER) == 0
    (tmp_path / "bundel.json").write_text(capsys.readouterr().out)
    assert cli("verify-bundle", str(tmp_path / "bundel.json")) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "geweigerd: geen gepubliceerde sleutels opgegeven" in captured.err and "--keys" in captured.err


def test_trusting_the_bundles_own_keys_needs_the_flag_and_prints_a_warning(dossiers, cli, capsys, tmp_path) -> None:  # noqa: ANN001, E501, F811
    hid, _ = household(dossiers)
    assert cli("bundle", str(hid), *OFFICER) == 0
    (tmp_path / "bundel.json").write_text(capsys.readouterr().out)
    assert cli("verify-bundle", str(tmp_path / "bundel.json"), "--trust-bundle-keys") == 0
    captured = capsys.readouterr()
    assert "waarschuwing: u vertrouwt de sleutels die in de bundel zelf staan" in captured.err
    assert "in orde" in captured.out


def _signed_by_another_key(bundle: dict) -> dict:  # type: ignore[type-arg]
    """The same checkpoint signed by a key of our own, published inside the bundle as if it were the municipality's."""
    import hashlib

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    kid = "wd-" + hashlib.sha256(raw).hexdigest()[:16]
    payload = json.loads(base64.b64decode(bundle["checkpoint"]["payload"]))
    payload["key_id"] = kid
    payload_bytes = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    bundle["checkpoint"].update(payload=base64.b64encode(payload_bytes).decode(), key_id=kid,
                                signature=base64.b64encode(key.sign(payload_bytes)).decode())
    bundle["keys"] = {"format": "wijkdossier-keys/1", "keys": [
        {"kty": "OKP", "crv": "Ed25519", "alg": "EdDSA", "use": "sig", "kid": kid,
         "x": base64.urlsafe_b64encode(raw).decode().rstrip("=")}]}
    return bundle


def test_verify_bundle_with_published_keys_from_a_url_passes_a_good_bundle_and_rejects_another_signer(dossiers, cli, capsys, tmp_path) -> None:  # noqa: ANN001, E501, F811
    import http.server
    import threading

    hid, _ = household(dossiers)
    assert cli("bundle", str(hid), *OFFICER) == 0
    good = capsys.readouterr().out
    (tmp_path / "bundel.json").write_text(good)
    (tmp_path / "vervalst.json").write_text(json.dumps(_signed_by_another_key(json.loads(good))))
    assert cli("keys", "public") == 0
    published = capsys.readouterr().out.encode()

    class Keys(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server name
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(published)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Keys)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/.well-known/wijkdossier-keys"
    try:
        assert cli("verify-bundle", str(tmp_path / "bundel.json"), "--keys", url) == 0
        assert "in orde" in capsys.readouterr().out
        assert cli("verify-bundle", str(tmp_path / "vervalst.json"), "--keys", url) == 1
        assert "unknown key" in capsys.readouterr().err
    finally:
        server.shutdown()
    # The forged bundle agrees with its own keys, which is why trusting them proves nothing.
    assert cli("verify-bundle", str(tmp_path / "vervalst.json"), "--trust-bundle-keys") == 0
    assert independent_verifier.verify(json.loads((tmp_path / "vervalst.json").read_text())) is None
    assert independent_verifier.verify(json.loads((tmp_path / "vervalst.json").read_text()),
                                       json.loads(published)) is not None


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
