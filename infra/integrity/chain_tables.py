"""The tables that sit beside the events table: chain links, stream heads, checkpoints, the
households tree's leaves; and the append-only guard on the events, chain and checkpoint tables."""

from __future__ import annotations

from dataclasses import dataclass

from infra.integrity.database import StoreDatabase


@dataclass(frozen=True)
class ChainTables:
    """Names of the integrity tables that belong to one events table."""

    events: str
    position_column: str  # "rowid" (SQLite) or "notification_id" (PostgreSQL)

    @property
    def chain(self) -> str:
        return f"{self.events}_chain"

    @property
    def heads(self) -> str:
        return f"{self.events}_heads"

    @property
    def checkpoints(self) -> str:
        return f"{self.events}_checkpoints"

    @property
    def leaves(self) -> str:
        """The households tree as of the newest checkpoint (a cache, see household_tree)."""
        return f"{self.events}_leaves"

    @property
    def append_only(self) -> tuple[str, ...]:
        return (self.events, self.chain, self.checkpoints)


def create_statements(db: StoreDatabase, tables: ChainTables) -> list[str]:
    """DDL for the integrity tables and the append-only triggers (idempotent)."""
    blob, bigint, t = db.blob, db.bigint, db.table
    statements = [
        f"CREATE TABLE IF NOT EXISTS {t(tables.chain)} ("
        f"position {bigint} PRIMARY KEY, sequence {bigint} NOT NULL UNIQUE, "
        f"originator_id TEXT NOT NULL, originator_version {bigint} NOT NULL, household_id TEXT NOT NULL, "
        f"stream_link {blob} NOT NULL, global_link {blob} NOT NULL, recorded_at TEXT NOT NULL, "
        "UNIQUE (originator_id, originator_version))",
        f"CREATE TABLE IF NOT EXISTS {t(tables.heads)} ("
        f"originator_id TEXT PRIMARY KEY, household_id TEXT NOT NULL, originator_version {bigint} NOT NULL, "
        f"stream_link {blob} NOT NULL, position {bigint} NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {t(tables.checkpoints)} ("
        f"sequence {bigint} PRIMARY KEY, position {bigint} NOT NULL, payload {blob} NOT NULL, "
        f"signature {blob} NOT NULL, key_id TEXT NOT NULL)",
        f"CREATE TABLE IF NOT EXISTS {t(tables.leaves)} ("
        f"household_id TEXT PRIMARY KEY, leaf_index {bigint} NOT NULL UNIQUE, leaf_hash {blob} NOT NULL)",
        # A checkpoint reads the heads of the households that changed since the previous one.
        f"CREATE INDEX IF NOT EXISTS {tables.heads}_household ON {t(tables.heads)} (household_id)",
    ]
    if db.is_postgres:
        schema = db.datastore.schema
        function = f'"{schema}"."wd_refuse_change"'
        statements.append(
            f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $wd$ "
            "BEGIN RAISE EXCEPTION 'wijkdossier: % on % refused: the table is append-only', "
            "TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege'; END $wd$"
        )
        for name in tables.append_only:
            statements.append(
                f"CREATE OR REPLACE TRIGGER wd_append_only BEFORE UPDATE OR DELETE ON {t(name)} "
                f"FOR EACH ROW EXECUTE FUNCTION {function}()"
            )
            statements.append(
                f"CREATE OR REPLACE TRIGGER wd_no_truncate BEFORE TRUNCATE ON {t(name)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
    else:
        for name in tables.append_only:
            for operation in ("UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {name}_refuse_{operation.lower()} BEFORE {operation} ON {name} "
                    f"BEGIN SELECT RAISE(ABORT, 'wijkdossier: {operation} on {name} refused: the table is append-only'); END"
                )
    return statements
