"""Wijkdossier's settings: one `Settings`, read once from the environment and passed down.

`load_settings()` is the only place the process environment is read (entry points call it:
the API's `serve`, the CLI, the benches). Every variable starts with `WIJKDOSSIER_`; each
section declares the names it reads on its own fields (`validation_alias`), so a newcomer
finds a variable by grepping for it. Sections:

- `store`: `WIJKDOSSIER_DATABASE_URL` — `sqlite:///PATH` (relative to the working directory),
  `sqlite:////ABS/PATH` or `postgresql://USER[:PASSWORD]@HOST[:PORT]/DB[?schema=NAME]`;
  without it an embedded SQLite file under `var/`. PostgreSQL connections per process:
  `WIJKDOSSIER_POOL_SIZE` (most, default 6), `_POOL_MIN` (kept idle, 1), `_POOL_TIMEOUT`
  (seconds a request waits for one, then 503; default 5) — docs/operations.md.
- `api`: token checking (`WIJKDOSSIER_JWKS_FILE`/`_URL`, `_TOKEN_ISSUER`, `_TOKEN_AUDIENCE`,
  `_TOKEN_ALGORITHMS`, token lifetimes in minutes), the request body limit.
- `crypto`: the master key (`WIJKDOSSIER_MASTER_KEY` or `_MASTER_KEY_FILE`).
- `checkpoints`: when checkpoints are signed (`WIJKDOSSIER_CHECKPOINT_EVERY_EVENTS`/`_SECONDS`).
- `caches`: decoded dossiers kept in memory (`WIJKDOSSIER_DOSSIER_CACHE`, 0 = off) and how
  long unwrapped data keys are kept (`WIJKDOSSIER_KEY_CACHE_SECONDS`).
- `retention`: retention in years (`WIJKDOSSIER_RETENTION_YEARS_YOUTH`/`_DEFAULT`).
- `observability`: `WIJKDOSSIER_LOG_LEVEL`, `_LOG_FORMAT` (json/text), `_METRICS` (local/open/off),
  `_METRICS_TOKEN`, `_TRACING` (off/otlp/console), `_OTLP_ENDPOINT`, `_SERVICE_NAME`.
- `demo`: `WIJKDOSSIER_DEMO=1` (a local token issuer and a generated master key under
  `WIJKDOSSIER_VAR_DIR`, default `var`; never in production).

Outside demo mode there is no default secret: a missing key set, issuer or audience stops
the API at start (`ApiSettings.check`), and a missing, placeholder or demo master key stops
the store from opening (`infra.crypto.master_key.load_master_key`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

PREFIX = "WIJKDOSSIER_"
DEFAULT_VAR_DIR = Path("var")
DEFAULT_SQLITE_PATH = DEFAULT_VAR_DIR / "wijkdossier.sqlite"
# The JWS algorithms a token may be signed with (api.auth.jws implements exactly these).
SUPPORTED_ALGORITHMS: tuple[str, ...] = ("EdDSA", "ES256", "RS256")
DEMO_ISSUER = "urn:wijkdossier:demo-issuer"
DEMO_AUDIENCE = "wijkdossier-api"
# Connections a process opens beside its two pools: the row sealer's key store (2), the access
# log's writer (1) and readers (2), the projection runner's views (2) and LISTEN (1), an emergency
# review (1).
ROW_SEALER_POOL_SIZE = 2
ACCESS_LOG_READERS = 2
RUNNER_VIEWS_POOL_SIZE = 2
FIXED_CONNECTIONS = ROW_SEALER_POOL_SIZE + 1 + ACCESS_LOG_READERS + RUNNER_VIEWS_POOL_SIZE + 1 + 1


class SettingsError(ValueError):
    """A setting has a value Wijkdossier cannot use; the message says which and why."""


class _Section(BaseModel):
    """A settings section: immutable; built from the environment by alias, in code by field name."""

    model_config = ConfigDict(frozen=True, extra="ignore", validate_by_name=True, validate_by_alias=True)


# ----------------------------------------------------------------------------- store


class StoreSettings(_Section):
    """Where the event store (and everything that must share its transactions) lives."""

    kind: str = "sqlite"  # "sqlite" or "postgres"
    sqlite_path: Path | None = None
    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    password: str = ""
    dbname: str = "wijkdossier"
    schema_: str = Field(default="public", alias="schema")
    extra: dict[str, str] = Field(default_factory=dict)
    # PostgreSQL connections per process (docs/operations.md, "Verbindingen"): the events' pool
    # grows from `pool_min` to `pool_size`; the views' pool to half of that (at least 2); a few
    # fixed ones beside them (FIXED_CONNECTIONS). A request waits `pool_timeout` seconds for a free connection and
    # then answers 503. The defaults keep four servers and a command on max_connections=100.
    pool_size: int = Field(default=6, ge=1, le=100, validation_alias=PREFIX + "POOL_SIZE")
    pool_min: int = Field(default=1, ge=0, le=100, validation_alias=PREFIX + "POOL_MIN")
    pool_timeout: int = Field(default=5, ge=1, le=300, validation_alias=PREFIX + "POOL_TIMEOUT")

    @model_validator(mode="before")
    @classmethod
    def _from_url(cls, data: Any) -> Any:
        if isinstance(data, dict) and PREFIX + "DATABASE_URL" in data:
            rest = {k: v for k, v in data.items() if k != PREFIX + "DATABASE_URL"}
            return {**parse_database_url(data[PREFIX + "DATABASE_URL"]).model_dump(by_alias=True), **rest}
        if isinstance(data, dict) and data.get("kind", "sqlite") == "sqlite" and data.get("sqlite_path") is None:
            return {**data, "sqlite_path": DEFAULT_SQLITE_PATH}
        return data

    @model_validator(mode="after")
    def _pool_bounds(self) -> StoreSettings:
        if self.pool_min > self.pool_size:
            raise SettingsError(f"{PREFIX}POOL_MIN: is groter dan {PREFIX}POOL_SIZE ({self.pool_size}). "
                                f"Geef hoogstens {self.pool_size}, of maak {PREFIX}POOL_SIZE groter")
        return self

    @property
    def views_pool_size(self) -> int:
        """The views' pool: queries and the projection runner share it (half the events' pool, at least 2)."""
        return max(2, self.pool_size // 2)

    @property
    def max_connections(self) -> int:
        """The most PostgreSQL connections one process of this store opens (docs/operations.md)."""
        return self.pool_size + self.views_pool_size + FIXED_CONNECTIONS

    @property
    def schema(self) -> str:  # type: ignore[override]
        """The PostgreSQL schema (`schema` is taken on BaseModel, hence the field's trailing underscore)."""
        return self.schema_

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
            raise SettingsError("conninfo() bestaat alleen voor een PostgreSQL-opslag; deze opslag is SQLite")
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
            # The library keeps POOL_SIZE open and grows by MAX_OVERFLOW; CONNECT_TIMEOUT is how
            # long a caller waits for a pooled connection (psycopg_pool's `timeout`, whole seconds), then PoolTimeout.
            "POSTGRES_POOL_SIZE": str(self.pool_min),
            "POSTGRES_MAX_OVERFLOW": str(self.pool_size - self.pool_min),
            "POSTGRES_CONNECT_TIMEOUT": str(self.pool_timeout),
            # Every pooled connection is checked when taken (psycopg_pool's check_connection, one
            # empty query): a connection a database restart broke is replaced, not handed to a request.
            "POSTGRES_PRE_PING": "y",
        }


def _refuse_missing_folder(path: Path) -> None:
    """A store in a folder that is not there is most often a typing error in the URL: creating
    the folder would quietly start an empty store beside the real one. Only the default var/
    (where `make demo` and a fresh clone keep their store) is made when missing."""
    folder = path.parent
    if folder == DEFAULT_VAR_DIR or folder.is_dir():
        return
    raise SettingsError(
        f"WIJKDOSSIER_DATABASE_URL: de map {folder} bestaat niet, dus de database {path.name} kan daar niet staan. "
        f"Controleer het pad; is het goed, maak de map dan eerst aan (mkdir -p {folder})."
    )


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
                "WIJKDOSSIER_DATABASE_URL: een SQLite-adres heeft een bestandspad nodig. "
                "Geef bijvoorbeeld sqlite:///var/wijkdossier.sqlite"
            )
        path = Path(unquote(raw))
        _refuse_missing_folder(path)
        return StoreSettings(kind="sqlite", sqlite_path=path)
    if parsed.scheme in ("postgresql", "postgres"):
        if not parsed.hostname or not parsed.path.strip("/"):
            raise SettingsError(
                "WIJKDOSSIER_DATABASE_URL: een PostgreSQL-adres heeft een server en een database nodig. "
                "Geef bijvoorbeeld postgresql://postgres@127.0.0.1:5432/wijkdossier"
            )
        query = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
        schema = query.pop("schema", "public")
        if not schema.replace("_", "").isalnum():
            raise SettingsError(
                f"WIJKDOSSIER_DATABASE_URL: het schema {schema!r} mag alleen letters, cijfers en liggende "
                "streepjes (_) bevatten. Kies zo'n naam, bijvoorbeeld ?schema=wijkdossier"
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
        f"WIJKDOSSIER_DATABASE_URL: de soort adres {parsed.scheme!r} kent Wijkdossier niet. "
        "Gebruik sqlite:///PAD of postgresql://GEBRUIKER@SERVER:POORT/DATABASE"
    )


# ------------------------------------------------------------------------------- api


class ApiSettings(_Section):
    """Authentication and API behaviour; `demo` enables the local issuer and introspection."""

    demo: bool = Field(default=False, validation_alias=PREFIX + "DEMO")
    issuer: str | None = Field(default=None, validation_alias=PREFIX + "TOKEN_ISSUER")
    audience: str | None = Field(default=None, validation_alias=PREFIX + "TOKEN_AUDIENCE")
    jwks_file: Path | None = Field(default=None, validation_alias=PREFIX + "JWKS_FILE")
    jwks_url: str | None = Field(default=None, validation_alias=PREFIX + "JWKS_URL")
    algorithms: tuple[str, ...] = Field(default=SUPPORTED_ALGORITHMS, validation_alias=PREFIX + "TOKEN_ALGORITHMS")
    var_dir: Path = Field(default=DEFAULT_VAR_DIR, validation_alias=PREFIX + "VAR_DIR")
    clock_skew_seconds: int = 30
    graphql_max_depth: int = 8
    graphql_max_aliases: int = 15
    graphql_max_tokens: int = 2000
    # Fields a query may ask for, list fields counted per item they may return (api.graphql.limits).
    graphql_max_cost: int = 2000
    max_body_bytes: int = Field(default=1024 * 1024, gt=0, validation_alias=PREFIX + "MAX_BODY_BYTES")
    # The longest a professional's token may be valid (exp - iat): one working day; clients and
    # representatives one hour (the portal's token sits in the browser). Set in minutes.
    token_max_lifetime_seconds: int = Field(default=8 * 3600, gt=0)
    client_token_max_lifetime_seconds: int = Field(default=3600, gt=0)
    # Who answers questions about this API (info.contact in /openapi.json, NL API Design Rules
    # /core/doc-openapi-contact): the municipality's own team. Needed outside demo mode.
    contact_name: str | None = Field(default=None, validation_alias=PREFIX + "API_CONTACT_NAME")
    contact_email: str | None = Field(default=None, validation_alias=PREFIX + "API_CONTACT_EMAIL")
    contact_url: str | None = Field(default=None, validation_alias=PREFIX + "API_CONTACT_URL")

    @model_validator(mode="before")
    @classmethod
    def _minutes(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        for env, field in (("TOKEN_MAX_LIFETIME_MINUTES", "token_max_lifetime_seconds"),
                           ("CLIENT_TOKEN_MAX_LIFETIME_MINUTES", "client_token_max_lifetime_seconds")):
            raw = data.pop(PREFIX + env, None)
            if raw is not None:
                minutes = str(raw).strip()
                if not minutes.isdigit() or int(minutes) <= 0:
                    raise SettingsError(f"{PREFIX}{env}: {minutes!r} is geen geheel aantal minuten. "
                                        "Geef een geheel getal groter dan 0, bijvoorbeeld 60")
                data[field] = 60 * int(minutes)
        return data

    @field_validator("algorithms", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(a.strip() for a in value.split(",") if a.strip()) or SUPPORTED_ALGORITHMS
        return value

    @property
    def contact(self) -> dict[str, str]:
        """info.contact: the configured one; in demo mode the demo's own (an address that cannot exist)."""
        given = {"name": self.contact_name, "email": self.contact_email, "url": self.contact_url}
        if self.demo:
            demo = {"name": "Wijkdossier demo-omgeving", "email": "demo@wijkdossier.invalid",
                    "url": "http://127.0.0.1:8000/portal"}
            return {k: v or demo[k] for k, v in given.items()}
        return {k: v for k, v in given.items() if v}

    @property
    def demo_key_file(self) -> Path:
        return self.var_dir / "demo-issuer-key.pem"

    @property
    def effective_issuer(self) -> str:
        return self.issuer or DEMO_ISSUER

    @property
    def effective_audience(self) -> str:
        return self.audience or DEMO_AUDIENCE

    def check(self) -> None:
        """Refuse to start without a way to check tokens (there is no default secret)."""
        unknown = [a for a in self.algorithms if a not in SUPPORTED_ALGORITHMS]
        if unknown or not self.algorithms:
            raise SettingsError(
                "WIJKDOSSIER_TOKEN_ALGORITHMS: deze ondertekening kent Wijkdossier niet. Geef er een of meer "
                "van, met komma's ertussen: " + ", ".join(SUPPORTED_ALGORITHMS)
            )
        if self.demo:
            return
        if not (self.jwks_file or self.jwks_url):
            raise SettingsError(
                "WIJKDOSSIER_JWKS_FILE of WIJKDOSSIER_JWKS_URL: zonder de openbare sleutels van de inlogdienst "
                "kan Wijkdossier geen token controleren. Zet een van beide op die sleutels "
                "(of WIJKDOSSIER_DEMO=1 voor de demo-uitgever)"
            )
        if not self.issuer or not self.audience:
            raise SettingsError(
                "WIJKDOSSIER_TOKEN_ISSUER en WIJKDOSSIER_TOKEN_AUDIENCE: beide zijn nodig om tokens te "
                "controleren. Zet ze op de uitgever (iss) en de ontvanger (aud) die de inlogdienst in de tokens zet"
            )
        if not (self.contact_name and self.contact_email and self.contact_url):
            raise SettingsError(
                "WIJKDOSSIER_API_CONTACT_NAME, _EMAIL en _URL: wie vragen over deze API beantwoordt "
                "(info.contact in /openapi.json) ontbreekt. Zet alle drie"
            )
        if "@" not in self.contact_email or not self.contact_url.startswith(("https://", "http://")):
            raise SettingsError("WIJKDOSSIER_API_CONTACT_EMAIL moet een adres met @ zijn, "
                                "WIJKDOSSIER_API_CONTACT_URL moet beginnen met https://")


# ------------------------------------------------------ crypto, checkpoints, caches, ...


class CryptoSettings(_Section):
    """The master key that wraps every data key and signing key: given, or read from a file."""

    master_key: SecretStr | None = Field(default=None, validation_alias=PREFIX + "MASTER_KEY")
    master_key_file: Path | None = Field(default=None, validation_alias=PREFIX + "MASTER_KEY_FILE")


class CheckpointSettings(_Section):
    """Checkpoints after `every_events` new events, and at the latest `every_seconds` after a write
    (0 switches either rule off)."""

    every_events: int = Field(default=1000, ge=0, validation_alias=PREFIX + "CHECKPOINT_EVERY_EVENTS")
    every_seconds: float = Field(default=300.0, ge=0, validation_alias=PREFIX + "CHECKPOINT_EVERY_SECONDS")


class CacheSettings(_Section):
    """Recently used dossiers stay decoded in memory (0 switches that off); unwrapped data keys
    are kept `key_seconds` (a process that had a key cached sees an erasure within that time)."""

    dossiers: int = Field(default=1000, ge=0, validation_alias=PREFIX + "DOSSIER_CACHE")
    key_seconds: float = Field(default=30.0, ge=0, validation_alias=PREFIX + "KEY_CACHE_SECONDS")


class RetentionSettings(_Section):
    """Retention in whole years from a household's last change (youth care longer)."""

    youth_years: int = Field(default=20, ge=1, validation_alias=PREFIX + "RETENTION_YEARS_YOUTH")
    default_years: int = Field(default=15, ge=1, validation_alias=PREFIX + "RETENTION_YEARS_DEFAULT")


class DemoSettings(_Section):
    """Demo mode: the generated master key and the demo token issuer live under `var_dir`."""

    enabled: bool = Field(default=False, validation_alias=PREFIX + "DEMO")
    var_dir: Path = Field(default=DEFAULT_VAR_DIR, validation_alias=PREFIX + "VAR_DIR")


class ObservabilitySettings(_Section):
    """Logs, metrics and tracing (docs/operations.md, "Logs, metrics and traces").

    Logs are one JSON object per line (`text` for a person at a terminal) at `log_level`.
    `/metrics` answers the machine itself (`local`, the default), everyone who may reach the server
    (`open`: restrict it in the proxy), or nobody (`off`); with a `metrics_token` it also needs
    `Authorization: Bearer <token>`. Tracing is off unless `tracing` is `otlp` (spans sent to
    `otlp_endpoint`, OTLP over HTTP) or `console` (spans printed, for trying it out).
    """

    log_level: str = Field(default="INFO", validation_alias=PREFIX + "LOG_LEVEL")
    log_format: str = Field(default="json", validation_alias=PREFIX + "LOG_FORMAT")
    metrics: str = Field(default="local", validation_alias=PREFIX + "METRICS")
    metrics_token: SecretStr | None = Field(default=None, validation_alias=PREFIX + "METRICS_TOKEN")
    tracing: str = Field(default="off", validation_alias=PREFIX + "TRACING")
    otlp_endpoint: str = Field(default="http://127.0.0.1:4318/v1/traces", validation_alias=PREFIX + "OTLP_ENDPOINT")
    service_name: str = Field(default="wijkdossier", validation_alias=PREFIX + "SERVICE_NAME")

    @field_validator("log_level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        level = str(value).strip().upper()
        if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise SettingsError(f"{value!r} is geen logniveau. Gebruik DEBUG, INFO, WARNING of ERROR")
        return level

    @field_validator("log_format", "metrics", "tracing", mode="before")
    @classmethod
    def _choice(cls, value: Any, info: Any) -> Any:
        choices = {"log_format": ("json", "text"), "metrics": ("local", "open", "off"),
                   "tracing": ("off", "otlp", "console")}[info.field_name]
        chosen = str(value).strip().lower()
        if chosen not in choices:
            raise SettingsError(f"{value!r} kan hier niet. Gebruik een van: " + ", ".join(choices))
        return chosen


# ---------------------------------------------------------------------------- Settings


class _SectionedEnvironment(PydanticBaseSettingsSource):
    """Hands every section the `WIJKDOSSIER_*` variables; each takes the names it declares.

    The names stay flat (`WIJKDOSSIER_MASTER_KEY`, not `WIJKDOSSIER_CRYPTO__MASTER_KEY`): they are
    what operators, the Makefile and the fault harness already set. An empty value counts as unset.
    """

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # pragma: no cover - unused
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        found = {k: v for k, v in os.environ.items() if k.startswith(PREFIX) and v.strip()}
        return {name: dict(found) for name in self.settings_cls.model_fields}


class Settings(BaseSettings):
    """Everything Wijkdossier can be told, in sections. Build it once with `load_settings()`;
    in tests, `Settings(store=...)` takes the given sections and the rest from the environment."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore")

    store: StoreSettings = Field(default_factory=StoreSettings)
    api: ApiSettings = Field(default_factory=ApiSettings)
    crypto: CryptoSettings = Field(default_factory=CryptoSettings)
    checkpoints: CheckpointSettings = Field(default_factory=CheckpointSettings)
    caches: CacheSettings = Field(default_factory=CacheSettings)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    demo: DemoSettings = Field(default_factory=DemoSettings)
    observability: ObservabilitySettings = Field(default_factory=ObservabilitySettings)

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource,
                                   dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource,
                                   ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, _SectionedEnvironment(settings_cls)

    def library_env(self) -> dict[str, str]:
        """These settings under the names the store's factories, mapper and erasure read from the
        eventsourcing library's environment (its only configuration channel: the library builds
        them from the application's environment). Every name is written, empty when unset, so the
        process environment the library also merges in never decides."""
        key = self.crypto.master_key.get_secret_value() if self.crypto.master_key else ""
        return {
            PREFIX + "MASTER_KEY": key,
            PREFIX + "MASTER_KEY_FILE": str(self.crypto.master_key_file or ""),
            PREFIX + "DEMO": "1" if self.demo.enabled else "",
            PREFIX + "VAR_DIR": str(self.demo.var_dir),
            PREFIX + "CHECKPOINT_EVERY_EVENTS": str(self.checkpoints.every_events),
            PREFIX + "CHECKPOINT_EVERY_SECONDS": str(self.checkpoints.every_seconds),
            PREFIX + "KEY_CACHE_SECONDS": str(self.caches.key_seconds),
            PREFIX + "RETENTION_YEARS_YOUTH": str(self.retention.youth_years),
            PREFIX + "RETENTION_YEARS_DEFAULT": str(self.retention.default_years),
        }


# pydantic's checks, said in Dutch for the operator: what is wrong with the value and what to give.
_DUTCH = {
    "int_parsing": "{input!r} is geen geheel getal. Geef een geheel getal",
    "int_from_float": "{input!r} is geen geheel getal. Geef een geheel getal",
    "float_parsing": "{input!r} is geen getal. Geef een getal, bijvoorbeeld 30 of 0.5",
    "bool_parsing": "{input!r} is geen ja of nee. Geef 1 of 0 (true of false)",
    "greater_than": "{input!r} is te klein. Geef een getal groter dan {gt}",
    "greater_than_equal": "{input!r} is te klein. Geef {ge} of meer",
    "less_than": "{input!r} is te groot. Geef een getal kleiner dan {lt}",
    "less_than_equal": "{input!r} is te groot. Geef hoogstens {le}",
    "path_type": "{input!r} is geen bestandspad. Geef een pad, bijvoorbeeld /etc/wijkdossier/bestand",
}


def in_dutch(error: Any) -> str:
    """One pydantic error as the operator reads it: our own SettingsError text, or its Dutch."""
    if error["type"] == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    template = _DUTCH.get(error["type"])
    if template is None:
        return "deze waarde kan Wijkdossier niet gebruiken. Zie docs/operations.md voor wat hier mag"
    return template.format(input=error.get("input"), **(error.get("ctx") or {}))


def load_settings(**given: Any) -> Settings:
    """Read the environment once (sections in `given` win); a wrong value names its variable."""
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems: list[str] = []
        for error in exc.errors():
            loc = [str(p) for p in error["loc"]]
            # The variable's own name when it came from the environment, else section.field.
            where = next((p for p in loc if p.startswith(PREFIX)), ".".join(loc) or "settings")
            said = in_dutch(error)
            # A check over a whole section names its variables itself; the section's name adds nothing.
            problem = said if said.startswith(PREFIX) else f"{where}: {said}"
            if problem not in problems:  # WIJKDOSSIER_DEMO and _VAR_DIR feed two sections
                problems.append(problem)
        raise SettingsError("; ".join(problems)) from None


def settings_for(settings: Settings | StoreSettings | None) -> Settings:
    """Full settings from what a caller has: a store alone gets the other sections from the
    environment (tests open many stores that way); None reads everything."""
    if isinstance(settings, Settings):
        return settings
    return load_settings() if settings is None else load_settings(store=settings)


# ---------------------------------------------------------------------------- benchmarks

_LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test"


class BenchSettings(BaseSettings):
    """What `make bench` can be told, under the names the benches have always read (`BENCH_*`, and
    the PostgreSQL URLs the tests use). Read once by `bench.common.BENCH`; the benches build their
    Wijkdossier `Settings` with `load_settings` like every other entry point."""

    model_config = SettingsConfigDict(frozen=True, extra="ignore")

    postgres_url: str = Field(default=_LOCAL_POSTGRES, validation_alias="BENCH_POSTGRES_URL")
    access_log_postgres_url: str = Field(default=_LOCAL_POSTGRES, validation_alias=PREFIX + "BENCH_POSTGRES_URL")
    test_postgres_url: str = Field(default=_LOCAL_POSTGRES, validation_alias=PREFIX + "TEST_POSTGRES_URL")
    out: Path = Field(default=Path("var/bench/latest.json"), validation_alias="BENCH_OUT")
    households: int = Field(default=100, validation_alias="BENCH_HOUSEHOLDS")
    commands: int = Field(default=2000, validation_alias="BENCH_COMMANDS")
    dossier_events: int = Field(default=3000, validation_alias="BENCH_DOSSIER_EVENTS")
    subject_lines: int = Field(default=50000, validation_alias=PREFIX + "BENCH_SUBJECT_LINES")
    writer_commands: int = Field(default=2000, validation_alias="BENCH_WRITER_COMMANDS")
    export_lines: int = Field(default=100000, validation_alias="BENCH_EXPORT_LINES")
    verify_households: str = Field(default="200,2000", validation_alias="BENCH_VERIFY_HOUSEHOLDS")
    rebuild: str = Field(default="1", validation_alias="BENCH_REBUILD")
    parts: str = Field(default="appends,exports,verify", validation_alias="BENCH_PARTS")
    portal_households: int = Field(default=200, validation_alias="BENCH_PORTAL_HOUSEHOLDS")
    portal_requests: int = Field(default=600, validation_alias="BENCH_PORTAL_REQUESTS")
    import_events: int = Field(default=1000000, validation_alias="BENCH_IMPORT_EVENTS")
    import_workers: int | None = Field(default=None, validation_alias="BENCH_IMPORT_WORKERS")


def load_bench_settings() -> BenchSettings:
    return BenchSettings()


def pass_demo_mode_to_workers() -> None:
    """`wijkdossier serve --demo --workers N`: each worker is a new process that reads its settings
    from the environment it inherits (`cli.commands.serve.app_from_environment`), so --demo is
    handed on as WIJKDOSSIER_DEMO=1. The one place that writes the environment."""
    os.environ[PREFIX + "DEMO"] = "1"


def show_traceback() -> bool:
    """`WIJKDOSSIER_TRACEBACK=1`: the CLI shows an unexpected error's traceback (read when one
    happens, which may be before the settings could be loaded)."""
    return os.environ.get(PREFIX + "TRACEBACK") == "1"


def traceparent() -> str | None:
    """The caller's W3C trace (`TRACEPARENT`), which a CLI command continues."""
    return os.environ.get("TRACEPARENT")
