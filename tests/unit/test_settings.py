from __future__ import annotations

from pathlib import Path

import pytest

from infra.settings import DEFAULT_SQLITE_PATH, SettingsError, parse_database_url


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


@pytest.mark.parametrize("url", ["mysql://x/y", "sqlite://", "postgresql:///nodb", "postgresql://h/db?schema=a;drop"])
def test_an_unusable_url_is_refused_with_a_message_naming_the_setting(url: str) -> None:
    with pytest.raises(SettingsError) as caught:
        parse_database_url(url)
    assert "WIJKDOSSIER_DATABASE_URL" in str(caught.value)
