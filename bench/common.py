"""Throwaway stores for benchmarks, their settings, and a plain table printer.

The benches are an entry point like the API and the CLI: `BENCH` holds what they can be told
(`infra.settings.BenchSettings`, read once), `wijkdossier_settings(store)` the `Settings` they
build their services from (`wiring.bootstrap`); none of them reads the environment itself.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from infra.settings import (
    CryptoSettings,
    DemoSettings,
    Settings,
    StoreSettings,
    load_bench_settings,
    load_settings,
    parse_database_url,
)

BENCH = load_bench_settings()
PG_URL = BENCH.postgres_url


@cache
def _master_key() -> str:
    """One random key per process: a store a bench reopens must decrypt with the key it was written with."""
    return os.urandom(32).hex()


def wijkdossier_settings(store: StoreSettings, *, dossier_cache: bool = True) -> Settings:
    """The settings a bench runs a store with: the environment's sections, outside demo mode, with a
    random master key of our own unless one is configured (benchmarks run as production does);
    `dossier_cache=False` where every read must replay the whole stream."""
    settings = load_settings(store=store, demo=DemoSettings())
    if settings.crypto.master_key is None and settings.crypto.master_key_file is None:
        settings = settings.model_copy(update={"crypto": CryptoSettings(master_key=_master_key())})
    if not dossier_cache:
        settings = settings.model_copy(update={"caches": settings.caches.model_copy(update={"dossiers": 0})})
    return settings


@dataclass
class BenchStore:
    label: str
    settings: StoreSettings


@contextmanager
def _postgres_schema() -> Iterator[StoreSettings | None]:
    import psycopg

    admin = parse_database_url(PG_URL)
    schema = f"wd_bench_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(admin.conninfo(), autocommit=True, connect_timeout=3) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
    except psycopg.OperationalError as exc:
        print(f"(PostgreSQL not reachable at {PG_URL}: {exc.__class__.__name__}; PostgreSQL figures skipped)")
        yield None
        return
    try:
        yield parse_database_url(f"{PG_URL}?schema={schema}")
    finally:
        with psycopg.connect(admin.conninfo(), autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def fresh_stores() -> Iterator[BenchStore]:
    """A new SQLite file, then a new PostgreSQL schema; each removed after use."""
    with tempfile.TemporaryDirectory() as scratch:
        yield BenchStore("sqlite", StoreSettings(kind="sqlite", sqlite_path=Path(scratch) / "bench.sqlite"))
    with _postgres_schema() as settings:
        if settings is not None:
            yield BenchStore("postgres", settings)


TARGETS_FILE = BENCH.out
TARGET_KEYS = ("name", "figure", "unit", "baseline", "ratio", "target", "met")


def record_targets(rows: list[dict[str, Any]], path: Path = TARGETS_FILE) -> Path:
    """Put these target rows into the targets file (a list of {name, figure, unit, baseline, ratio,
    target, met}), replacing rows of the same name and keeping the others, so benches that run one
    after another in `make bench` each add theirs."""
    import json

    kept: list[dict[str, Any]] = []
    if path.exists():
        try:
            kept = [r for r in json.loads(path.read_text()) if isinstance(r, dict)]
        except ValueError:
            kept = []
    names = {r["name"] for r in rows}
    merged = [r for r in kept if r.get("name") not in names] + [{k: r.get(k) for k in TARGET_KEYS} for r in rows]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merged, indent=2) + "\n")
    return path


def print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    def cell(value: Any) -> str:
        if isinstance(value, float):
            return f"{value:.2f}" if value < 10 else f"{value:,.0f}"
        return str(value)

    widths = {c: max(len(c), *(len(cell(r.get(c, ""))) for r in rows)) for c in columns}
    print("  ".join(c.ljust(widths[c]) for c in columns))
    for row in rows:
        print("  ".join(cell(row.get(c, "")).ljust(widths[c]) for c in columns))
    print()
