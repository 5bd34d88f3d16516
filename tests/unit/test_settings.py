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


# ------------------------------------------------------------------ said in Dutch to the operator

BAD_VALUES = {
    "WIJKDOSSIER_POOL_SIZE": ["veel", "0", "500"], "WIJKDOSSIER_POOL_MIN": ["-1", "99"],
    "WIJKDOSSIER_DEMO": ["misschien"], "WIJKDOSSIER_KEY_CACHE_SECONDS": ["lang"],
    "WIJKDOSSIER_CHECKPOINT_EVERY_EVENTS": ["-1"], "WIJKDOSSIER_RETENTION_YEARS_YOUTH": ["0"],
    "WIJKDOSSIER_LOG_LEVEL": ["luid"], "WIJKDOSSIER_LOG_FORMAT": ["xml"], "WIJKDOSSIER_TRACING": ["jaeger"],
    "WIJKDOSSIER_DATABASE_URL": ["mysql://x/y", "sqlite://", "postgresql:///db", "postgresql://h/db?schema=wd-1"],
    "WIJKDOSSIER_TOKEN_MAX_LIFETIME_MINUTES": ["-3", "een uur"], "WIJKDOSSIER_MAX_BODY_BYTES": ["0"],
}


@pytest.mark.parametrize("variable,value", [(k, v) for k, values in BAD_VALUES.items() for v in values])
def test_a_wrong_setting_is_said_in_dutch_naming_the_variable_and_what_to_give(variable, value, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.unit.test_dutch_messages import english_words

    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    said = str(caught.value)
    assert said.startswith(variable), said
    assert english_words(said) == set(), said
    assert any(word in said for word in ("Geef", "Gebruik", "Kies", "Zet")), f"says what to do: {said}"


def _operator_raises() -> list[tuple[str, str]]:
    """Every message a settings or master-key error is raised with in the source, values as 'x'."""
    import ast
    from pathlib import Path

    from tests.unit.test_dutch_messages import _sample

    root = Path(__file__).resolve().parents[2]
    found = []
    for folder in ("infra", "cli", "wiring", "api"):
        for path in sorted((root / folder).rglob("*.py")):
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                        and isinstance(node.exc.func, ast.Name)
                        and node.exc.func.id in ("SettingsError", "MasterKeyError") and node.exc.args):
                    text = _sample(node.exc.args[0], module)
                    if text is not None:
                        found.append((f"{path.relative_to(root)}:{node.lineno}", text))
    return found


def test_every_settings_and_master_key_error_in_the_source_is_dutch() -> None:
    from tests.unit.test_dutch_messages import english_words

    raises = _operator_raises()
    assert len(raises) >= 20, raises
    english = {where: text for where, text in raises if english_words(text)}
    assert english == {}
