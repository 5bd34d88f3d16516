from __future__ import annotations

from pathlib import Path

import pytest

from infra.settings import (
    DEFAULT_SQLITE_PATH,
    CryptoSettings,
    SettingsError,
    StoreSettings,
    load_settings,
    parse_database_url,
)


def test_no_url_means_the_embedded_sqlite_store_under_var() -> None:
    assert parse_database_url(None).sqlite_path == DEFAULT_SQLITE_PATH


def test_sqlite_urls_take_relative_and_absolute_paths() -> None:
    assert parse_database_url("sqlite:///var/x.sqlite").sqlite_path == Path("var/x.sqlite")
    assert parse_database_url("sqlite:////tmp/x.sqlite").sqlite_path == Path("/tmp/x.sqlite")


def test_a_postgresql_url_gives_host_port_user_database_and_schema() -> None:
    settings = parse_database_url("postgresql://root@127.0.0.1:5433/wijk?schema=gemeente")
    assert (settings.kind, settings.host, settings.port, settings.user, settings.dbname, settings.schema) == (
        "postgres", "127.0.0.1", 5433, "root", "wijk", "gemeente")
    assert settings.eventsourcing_env()["POSTGRES_SCHEMA"] == "gemeente"
    assert "password" not in settings.describe()


def test_a_sqlite_url_into_a_folder_that_is_not_there_is_refused(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "typo" / "wijkdossier.sqlite"
    with pytest.raises(SettingsError) as caught:
        parse_database_url(f"sqlite:///{missing}")
    message = str(caught.value)
    assert message.startswith("WIJKDOSSIER_DATABASE_URL: de map") and str(missing.parent) in message
    assert not missing.parent.exists()  # refused, not quietly made
    # Through the environment the message names the variable once, without the section before it.
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", f"sqlite:///{missing}")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert str(caught.value).startswith("WIJKDOSSIER_DATABASE_URL: de map")


def test_a_sqlite_url_into_the_default_var_folder_or_an_existing_one_is_taken(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert parse_database_url("sqlite:///var/wijkdossier.sqlite").sqlite_path == DEFAULT_SQLITE_PATH
    assert parse_database_url(f"sqlite:///{tmp_path}/w.sqlite").sqlite_path == tmp_path / "w.sqlite"


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite://", "postgresql:///nodb", "postgresql://h/db?schema=a;drop"])
def test_an_unusable_url_is_refused_with_a_message_naming_the_setting(url: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_database_url(url)
    assert "WIJKDOSSIER_DATABASE_URL" in str(caught.value)


def test_settings_read_the_flat_variable_names_into_their_sections(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", "postgresql://root@db:5433/wijk?schema=gemeente")
    monkeypatch.setenv("WIJKDOSSIER_CHECKPOINT_EVERY_EVENTS", "50")
    monkeypatch.setenv("WIJKDOSSIER_DOSSIER_CACHE", "0")
    monkeypatch.setenv("WIJKDOSSIER_TOKEN_MAX_LIFETIME_MINUTES", "5")
    monkeypatch.setenv("WIJKDOSSIER_TOKEN_ALGORITHMS", "EdDSA, ES256")
    monkeypatch.setenv("WIJKDOSSIER_DEMO", "1")
    settings = load_settings()
    assert (settings.store.kind, settings.store.host, settings.store.schema) == ("postgres", "db", "gemeente")
    assert settings.checkpoints.every_events == 50 and settings.caches.dossiers == 0
    assert settings.api.token_max_lifetime_seconds == 300 and settings.api.algorithms == ("EdDSA", "ES256")
    assert settings.demo.enabled and settings.api.demo


def test_a_wrong_value_is_refused_naming_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKDOSSIER_MAX_BODY_BYTES", "veel")
    with pytest.raises(SettingsError, match="WIJKDOSSIER_MAX_BODY_BYTES"):
        load_settings()


def test_given_sections_win_and_the_library_env_leaves_nothing_to_the_process_environment(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WIJKDOSSIER_MASTER_KEY_FILE", "/nowhere")
    monkeypatch.delenv("WIJKDOSSIER_DEMO", raising=False)
    store = StoreSettings(kind="sqlite", sqlite_path=tmp_path / "w.sqlite")
    settings = load_settings(store=store, crypto=CryptoSettings(master_key="k" * 44))
    assert settings.store == store
    env = settings.library_env()
    # Every name the factories read is written, so the environment the library merges in never decides.
    assert env["WIJKDOSSIER_MASTER_KEY_FILE"] == "" and env["WIJKDOSSIER_MASTER_KEY"] == "k" * 44
    assert env["WIJKDOSSIER_DEMO"] == ""


def test_the_pool_is_configurable_and_its_bound_per_process_fits_four_servers_on_100(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", "postgresql://root@db:5433/wijk")
    default = load_settings().store
    assert 5 * default.max_connections <= 97  # four servers and a command, 3 kept for superusers
    monkeypatch.setenv("WIJKDOSSIER_POOL_SIZE", "10")
    monkeypatch.setenv("WIJKDOSSIER_POOL_MIN", "2")
    monkeypatch.setenv("WIJKDOSSIER_POOL_TIMEOUT", "3")
    store = load_settings().store
    env = store.eventsourcing_env()
    assert (env["POSTGRES_POOL_SIZE"], env["POSTGRES_MAX_OVERFLOW"], env["POSTGRES_CONNECT_TIMEOUT"]) == ("2", "8", "3")
    assert store.max_connections == 10 + 5 + 9
    monkeypatch.setenv("WIJKDOSSIER_POOL_MIN", "11")
    with pytest.raises(SettingsError, match="WIJKDOSSIER_POOL_MIN"):
        load_settings()


# (variable, a value Wijkdossier cannot use, a word of the Dutch answer)
WRONG_VALUES = [
    ("WIJKDOSSIER_POOL_SIZE", "zes", "heel getal"),
    ("WIJKDOSSIER_POOL_SIZE", "500", "hoogstens 100"),
    ("WIJKDOSSIER_POOL_TIMEOUT", "0", "minstens 1"),
    ("WIJKDOSSIER_DEMO", "misschien", "ja of nee"),
    ("WIJKDOSSIER_LOG_LEVEL", "luid", "kies"),
    ("WIJKDOSSIER_DATABASE_URL", "mysql://x/y", "kent Wijkdossier niet"),
    ("WIJKDOSSIER_DATABASE_URL", "postgresql:///nodb", "server en een database"),
]


@pytest.mark.parametrize("variable, value, word", WRONG_VALUES, ids=[f"{v[0]}={v[1]}" for v in WRONG_VALUES])
def test_a_setting_that_cannot_be_used_is_said_in_dutch_naming_the_variable(monkeypatch, variable, value, word) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.test_dutch_messages import english_words

    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"{variable}: ") and word in message, message
    assert not english_words(message.replace(value, "")), message
