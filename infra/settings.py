"""Where Wijkdossier keeps its data, read from the environment.

`WIJKDOSSIER_DATABASE_URL` chooses the store:
- `sqlite:///PATH` (relative to the working directory) or `sqlite:////ABS/PATH`;
- `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=NAME]`.
Without it, an embedded SQLite file under `var/` is used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

DEFAULT_VAR_DIR = Path("var")
DEFAULT_SQLITE_PATH = DEFAULT_VAR_DIR / "wijkdossier.sqlite"


class SettingsError(ValueError):
    """A setting has a value Wijkdossier cannot use; the message says which and why."""


@dataclass(frozen=True)
class StoreSettings:
    """Where the event store (and everything that must share its transactions) lives."""

    kind: str  # "sqlite" or "postgres"
    sqlite_path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    password: str = ""
    dbname: str = "wijkdossier"
    schema: str = "public"
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def is_postgres(self) -> bool:
        return self.kind == "postgres"

    def describe(self) -> str:
        """A line for people: which store, without secrets."""
        if self.kind == "sqlite":
            return f"SQLite {self.sqlite_path}"
        return f"PostgreSQL {self.user}@{self.host}:{self.port}/{self.dbname} schema {self.schema}"

    def conninfo(self) -> str:
        """A libpq connection string for psycopg (PostgreSQL only)."""
        if not self.is_postgres:
            raise SettingsError("conninfo() is only defined for PostgreSQL stores")
        parts = [f"host={self.host}", f"port={self.port}", f"dbname={self.dbname}", f"user={self.user}"]
        if self.password:
            parts.append(f"password={self.password}")
        return " ".join(parts)

    def eventsourcing_env(self) -> dict[str, str]:
        """The eventsourcing library's configuration keys for this store."""
        if self.kind == "sqlite":
            assert self.sqlite_path is not None
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": "30",
            }
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": self.dbname,
            "POSTGRES_HOST": self.host,
            "POSTGRES_PORT": str(self.port),
            "POSTGRES_USER": self.user,
            "POSTGRES_PASSWORD": self.password,
            "POSTGRES_SCHEMA": self.schema,
            "POSTGRES_LOCK_TIMEOUT": "10",
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "30",
        }


def parse_database_url(url: str | None) -> StoreSettings:
    """Turn a `WIJKDOSSIER_DATABASE_URL` into store settings, or say what is wrong with it."""
    if not url:
        return StoreSettings(kind="sqlite", sqlite_path=DEFAULT_SQLITE_PATH)
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative/path and sqlite:////absolute/path, as SQLAlchemy spells them.
        raw = parsed.path[1:] if parsed.path.startswith("/") else parsed.path
        if not raw:
            raise SettingsError(
                "WIJKDOSSIER_DATABASE_URL: a sqlite URL needs a file path, "
                "for example sqlite:///var/wijkdossier.sqlite"
            )
        return StoreSettings(kind="sqlite", sqlite_path=Path(unquote(raw)))
    if parsed.scheme in ("postgresql", "postgres"):
        if not parsed.hostname or not parsed.path.strip("/"):
            raise SettingsError(
                "WIJKDOSSIER_DATABASE_URL: a PostgreSQL URL needs a host and a database, "
                "for example postgresql://postgres@127.0.0.1:5432/wijkdossier"
            )
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        schema = query.pop("schema", "public")
        if not schema.replace("_", "").isalnum():
            raise SettingsError(
                f"WIJKDOSSIER_DATABASE_URL: schema {schema!r} may hold only letters, digits and underscores"
            )
        return StoreSettings(
            kind="postgres",
            host=parsed.hostname,
            port=parsed.port or 5432,
            user=unquote(parsed.username or "postgres"),
            password=unquote(parsed.password or ""),
            dbname=parsed.path.strip("/"),
            schema=schema,
            extra=query,
        )
    raise SettingsError(
        f"WIJKDOSSIER_DATABASE_URL: unknown scheme {parsed.scheme!r}; "
        "use sqlite:///PATH or postgresql://USER@HOST:PORT/DB"
    )


def store_settings_from_environment() -> StoreSettings:
    return parse_database_url(os.environ.get("WIJKDOSSIER_DATABASE_URL"))
