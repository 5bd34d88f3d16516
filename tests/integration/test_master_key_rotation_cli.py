"""`wijkdossier keys rotate-master`: every key re-wrapped under the new master key, the old one no longer opens them."""

from __future__ import annotations

import base64
import json
import secrets

import pytest

from infra.store import open_application
from cli.main import main as cli_main
from infra.crypto.errors import MasterKeyError
from tests.builders import pd


def database_url(settings) -> str:  # type: ignore[no-untyped-def]
    if settings.is_postgres:
        return f"postgresql://{settings.user}@{settings.host}:{settings.port}/{settings.dbname}?schema={settings.schema}"
    return f"sqlite:///{settings.sqlite_path}"


def test_rotating_the_master_key_rewraps_every_key(store_settings, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    old, new = (base64.b64encode(secrets.token_bytes(32)).decode() for _ in range(2))
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", database_url(store_settings))
    monkeypatch.setenv("WIJKDOSSIER_MASTER_KEY", old)
    app = open_application(store_settings)
    household = app.receive_signal(source="neighbour", reporter="Buurvrouw", description="Zorgen", team="noord",
                                   by=pd())
    app.close()
    key_file = tmp_path / "new-master.key"
    key_file.write_text(new)

    assert cli_main(["keys", "rotate-master", "--new-key-file", str(key_file), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["rewrapped"] >= 1 and report["old_master_key_id"] != report["new_master_key_id"]

    monkeypatch.setenv("WIJKDOSSIER_MASTER_KEY", new)
    app = open_application(store_settings)
    assert app.get_dossier(household).signals  # readable under the new key
    app.close()
    monkeypatch.setenv("WIJKDOSSIER_MASTER_KEY", old)
    app = open_application(store_settings)
    with pytest.raises(MasterKeyError):
        app.get_dossier(household)
    app.close()
