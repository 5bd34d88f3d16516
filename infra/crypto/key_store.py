"""The key store: per-household data keys and Ed25519 signing keys, wrapped by the master key.

Rows live in the events' own database (SQLite file or PostgreSQL schema), in tables of
their own. Nothing here is ever logged or put in an error message except ids.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import threading
import time
from collections.abc import Iterable
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from infra.crypto.errors import DataKeyMissingError, HouseholdErasedError, MasterKeyError
from infra.crypto.master_key import MasterKey
from infra.integrity.checkpoint import utc_now_text
from infra.integrity.database import StoreDatabase

log = logging.getLogger(__name__)

DATA_KEYS = "wd_data_keys"
SIGNING_KEYS = "wd_signing_keys"
STREAM_HOUSEHOLDS = "wd_stream_households"
KEY_LOG = "wd_key_log"
# The kinds of wrapped key, as an operator reads them in a message.
KIND_NL = {"data": "gegevenssleutel", "signing": "ondertekensleutel"}


def key_id_of(public_key_raw: bytes) -> str:
    """A signing key's id: derived from the public key, so it cannot be attached to another."""
    return "wd-" + hashlib.sha256(public_key_raw).hexdigest()[:16]


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class KeyStore:
    """Data keys per household, signing keys with rotation, and the master-key wrapping."""

    def __init__(self, database: StoreDatabase, master: MasterKey, *, cache_seconds: float = 30.0):
        self.db = database
        self.master = master
        # Unwrapped keys are cached briefly; another process's erasure takes effect here
        # within `cache_seconds` (this process's own erasure at once).
        self.cache_seconds = cache_seconds
        self._data_keys: dict[str, tuple[bytes, float]] = {}
        self._erased: set[str] = set()
        self._stream_households: dict[str, str | None] = {}
        self._lock = threading.Lock()

    # -- schema ---------------------------------------------------------------------------
    def create_tables(self) -> None:
        blob, db = self.db.blob, self.db
        serial = "bigserial PRIMARY KEY" if db.is_postgres else "INTEGER PRIMARY KEY"
        with db.transaction(write=True) as cur:
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {db.table(DATA_KEYS)} (household_id TEXT PRIMARY KEY, "
                f"wrapped_key {blob}, master_key_id TEXT, created_at TEXT NOT NULL, destroyed_at TEXT)"
            )
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {db.table(SIGNING_KEYS)} (key_id TEXT PRIMARY KEY, "
                f"public_key {blob} NOT NULL, wrapped_private {blob}, master_key_id TEXT, "
                "created_at TEXT NOT NULL, retired_at TEXT)"
            )
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {db.table(STREAM_HOUSEHOLDS)} "
                "(stream_id TEXT PRIMARY KEY, household_id TEXT NOT NULL)"
            )
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {db.table(KEY_LOG)} (id {serial}, at TEXT NOT NULL, "
                "action TEXT NOT NULL, subject TEXT NOT NULL, detail TEXT NOT NULL)"
            )

    # -- wrapping -------------------------------------------------------------------------
    @staticmethod
    def _aad(kind: str, subject: str) -> bytes:
        return f"wijkdossier/wrap/v1\x00{kind}\x00{subject}".encode()

    def _wrap(self, master: MasterKey, kind: str, subject: str, secret: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + AESGCM(master.key).encrypt(nonce, secret, self._aad(kind, subject))

    def _unwrap(self, master_key_id: str | None, kind: str, subject: str, wrapped: bytes, master: MasterKey | None = None) -> bytes:
        master = master or self.master
        if master_key_id != master.key_id:
            raise MasterKeyError(
                f"de {KIND_NL[kind]} van {subject} is verpakt met hoofdsleutel {master_key_id}, maar de ingestelde "
                f"hoofdsleutel is {master.key_id}. Zet WIJKDOSSIER_MASTER_KEY (of WIJKDOSSIER_MASTER_KEY_FILE) op de "
                "sleutel waarmee deze database werkt; na `wijkdossier keys rotate-master` is dat de nieuwe sleutel."
            )
        wrapped = bytes(wrapped)
        try:
            return AESGCM(master.key).decrypt(wrapped[:12], wrapped[12:], self._aad(kind, subject))
        except InvalidTag:
            raise MasterKeyError(
                f"de {KIND_NL[kind]} van {subject} is niet te openen met de ingestelde hoofdsleutel, hoewel die het "
                "goede kenmerk heeft: de opgeslagen sleutel is beschadigd. Zet de sleuteltabellen terug uit een "
                "back-up (docs/operations.md, back-ups)."
            ) from None

    def _record(self, cur: Any, action: str, subject: str, detail: str = "") -> None:
        cur.execute(
            f"INSERT INTO {self.db.table(KEY_LOG)} (at, action, subject, detail) VALUES (?, ?, ?, ?)",
            (utc_now_text(), action, subject, detail),
        )

    # -- household data keys --------------------------------------------------------------
    def data_key_for_writing(self, household_id: str) -> bytes:
        """The household's data key, created on first use; HouseholdErasedError after erasure."""
        cached = self._cached(household_id)
        if cached is not None:
            return cached
        key = self._load_data_key(household_id)
        if key is not None:
            return key
        with self.db.transaction(write=True) as cur:
            new_key = AESGCM.generate_key(bit_length=256)
            cur.execute(
                f"INSERT INTO {self.db.table(DATA_KEYS)} (household_id, wrapped_key, master_key_id, created_at) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (household_id) DO NOTHING",
                (household_id, self._wrap(self.master, "data", household_id, new_key), self.master.key_id, utc_now_text()),
            )
        key = self._load_data_key(household_id)  # another writer may have won the race
        if key is None:
            raise DataKeyMissingError(household_id)
        return key

    def new_data_keys(self, household_ids: Iterable[str]) -> dict[str, tuple[bytes, tuple[Any, ...]]]:
        """Fresh data keys for households a bulk writer creates (the history import): per household the
        key and its row for `DATA_KEYS` (household_id, wrapped_key, master_key_id, created_at), which the
        writer stores in the transaction that stores the household's first events."""
        now = utc_now_text()
        out = {}
        for household in household_ids:
            key = AESGCM.generate_key(bit_length=256)
            out[household] = (key, (household, self._wrap(self.master, "data", household, key), self.master.key_id, now))
        return out

    def data_key_for_reading(self, household_id: str) -> bytes:
        """The household's data key; HouseholdErasedError when destroyed, DataKeyMissingError when unknown."""
        cached = self._cached(household_id)
        if cached is not None:
            return cached
        key = self._load_data_key(household_id)
        if key is None:
            raise DataKeyMissingError(household_id)
        return key

    def _cached(self, household_id: str) -> bytes | None:
        if household_id in self._erased:
            raise HouseholdErasedError(household_id)
        entry = self._data_keys.get(household_id)
        if entry and time.monotonic() - entry[1] < self.cache_seconds:
            return entry[0]
        return None

    def _load_data_key(self, household_id: str) -> bytes | None:
        with self.db.transaction(write=False) as cur:
            row = cur.execute(
                f"SELECT wrapped_key, master_key_id, destroyed_at FROM {self.db.table(DATA_KEYS)} WHERE household_id = ?",
                (household_id,),
            ).fetchone()
        if row is None:
            return None
        if row["destroyed_at"] is not None or row["wrapped_key"] is None:
            with self._lock:
                self._erased.add(household_id)
                self._data_keys.pop(household_id, None)
            raise HouseholdErasedError(household_id)
        key = self._unwrap(row["master_key_id"], "data", household_id, row["wrapped_key"])
        with self._lock:
            self._data_keys[household_id] = (key, time.monotonic())
        return key

    def load_data_keys(self, household_ids: Iterable[str]) -> None:
        """Fetch the data keys of many households into the cache at once (one query per 500),
        for readers that are about to decrypt a page of events from many households (a
        projection catching up); erased households are remembered as such, unknown ones
        left for `data_key_for_reading` to report."""
        wanted = sorted({h for h in household_ids if h not in self._erased and self._fresh(h) is None})
        table = self.db.table(DATA_KEYS)
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            with self.db.transaction(write=False) as cur:
                rows = cur.execute(
                    f"SELECT household_id, wrapped_key, master_key_id, destroyed_at FROM {table} "
                    f"WHERE household_id IN ({','.join('?' * len(part))})",
                    part,
                ).fetchall()
            loaded, erased = {}, set()
            for row in rows:
                household = row["household_id"]
                if row["destroyed_at"] is not None or row["wrapped_key"] is None:
                    erased.add(household)
                else:
                    loaded[household] = self._unwrap(row["master_key_id"], "data", household, row["wrapped_key"])
            now = time.monotonic()
            with self._lock:
                self._erased.update(erased)
                for household, key in loaded.items():
                    self._data_keys[household] = (key, now)
                for household in erased:
                    self._data_keys.pop(household, None)

    def _fresh(self, household_id: str) -> bytes | None:
        entry = self._data_keys.get(household_id)
        if entry and time.monotonic() - entry[1] < self.cache_seconds:
            return entry[0]
        return None

    def is_erased(self, household_id: str) -> bool:
        try:
            self.data_key_for_reading(household_id)
        except HouseholdErasedError:
            return True
        except DataKeyMissingError:
            return False
        return False

    def destroy_household_key(self, household_id: str, *, reason: str = "") -> bool:
        """Crypto-shred a household: overwrite and drop its wrapped data key, keep a tombstone
        and a key-log record. Returns False when it was already destroyed.

        `reason` is stored in the key log: give a decision reference, not personal data.
        """
        table = self.db.table(DATA_KEYS)
        with self.db.transaction(write=True) as cur:
            row = cur.execute(
                f"SELECT wrapped_key, destroyed_at FROM {table} WHERE household_id = ?", (household_id,)
            ).fetchone()
            if row is not None and row["destroyed_at"] is not None:
                already = True
            else:
                already = False
                if row is None:
                    # Never written: leave a tombstone so later writes are refused too.
                    cur.execute(
                        f"INSERT INTO {table} (household_id, wrapped_key, master_key_id, created_at, destroyed_at) "
                        "VALUES (?, NULL, NULL, ?, ?)",
                        (household_id, utc_now_text(), utc_now_text()),
                    )
                else:
                    # Overwrite in place first, so the old bytes do not linger in the page.
                    cur.execute(
                        f"UPDATE {table} SET wrapped_key = ? WHERE household_id = ?",
                        (bytes(len(bytes(row["wrapped_key"] or b""))), household_id),
                    )
                    cur.execute(
                        f"UPDATE {table} SET wrapped_key = NULL, master_key_id = NULL, destroyed_at = ? "
                        "WHERE household_id = ?",
                        (utc_now_text(), household_id),
                    )
                self._record(cur, "data-key-destroyed", household_id, reason)
        with self._lock:
            self._data_keys.pop(household_id, None)
            self._erased.add(household_id)
        if not already:
            self._purge_old_row_versions()
        return not already

    def _purge_old_row_versions(self) -> None:
        """Best effort to remove old copies of the overwritten row from the database files."""
        if self.db.is_postgres:
            self.db.run_outside_transaction(f"VACUUM FULL {self.db.table(DATA_KEYS)}")
        else:
            self.db.run_outside_transaction("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- stream → household links ---------------------------------------------------------
    def link_stream(self, stream_id: str, household_id: str) -> None:
        """Record that a stream (a complaint, say) belongs to a household and shares its key."""
        with self.db.transaction(write=True) as cur:
            cur.execute(
                f"INSERT INTO {self.db.table(STREAM_HOUSEHOLDS)} (stream_id, household_id) VALUES (?, ?) "
                "ON CONFLICT (stream_id) DO NOTHING",
                (stream_id, household_id),
            )
        self._stream_households[stream_id] = household_id

    def household_of_stream(self, stream_id: str) -> str | None:
        """The household a linked stream belongs to, or None for a stream that is its own household."""
        if stream_id in self._stream_households:
            return self._stream_households[stream_id]
        with self.db.transaction(write=False) as cur:
            row = cur.execute(
                f"SELECT household_id FROM {self.db.table(STREAM_HOUSEHOLDS)} WHERE stream_id = ?", (stream_id,)
            ).fetchone()
        household = row["household_id"] if row else None
        if len(self._stream_households) > 100_000:
            self._stream_households.clear()
        self._stream_households[stream_id] = household
        return household

    def streams_of_household(self, household_id: str) -> list[str]:
        """The streams linked to a household (not including the household's own stream)."""
        with self.db.transaction(write=False) as cur:
            rows = cur.execute(
                f"SELECT stream_id FROM {self.db.table(STREAM_HOUSEHOLDS)} WHERE household_id = ? ORDER BY stream_id",
                (household_id,),
            ).fetchall()
        return [r["stream_id"] for r in rows]

    # -- signing keys ---------------------------------------------------------------------
    def signing_key(self) -> tuple[str, Ed25519PrivateKey]:
        """The active signing key (created on first use) and its key id."""
        row = self._active_signing_row()
        if row is None:
            self.rotate_signing_key()
            row = self._active_signing_row()
            assert row is not None
        raw = self._unwrap(row["master_key_id"], "signing", row["key_id"], row["wrapped_private"])
        return row["key_id"], Ed25519PrivateKey.from_private_bytes(raw)

    def _active_signing_row(self) -> dict[str, Any] | None:
        with self.db.transaction(write=False) as cur:
            return cur.execute(
                f"SELECT key_id, wrapped_private, master_key_id FROM {self.db.table(SIGNING_KEYS)} "
                "WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1"
            ).fetchone()

    def rotate_signing_key(self) -> str:
        """Make a new active signing key; the old one is retired (its private half wiped,
        its public half kept so old checkpoints still verify). Returns the new key id."""
        private = Ed25519PrivateKey.generate()
        public_raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        private_raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        key_id = key_id_of(public_raw)
        table = self.db.table(SIGNING_KEYS)
        now = utc_now_text()
        with self.db.transaction(write=True) as cur:
            retired = cur.execute(f"SELECT key_id FROM {table} WHERE retired_at IS NULL").fetchall()
            cur.execute(
                f"UPDATE {table} SET retired_at = ?, wrapped_private = NULL, master_key_id = NULL WHERE retired_at IS NULL",
                (now,),
            )
            cur.execute(
                f"INSERT INTO {table} (key_id, public_key, wrapped_private, master_key_id, created_at) VALUES (?, ?, ?, ?, ?)",
                (key_id, public_raw, self._wrap(self.master, "signing", key_id, private_raw), self.master.key_id, now),
            )
            for row in retired:
                self._record(cur, "signing-key-retired", row["key_id"])
            self._record(cur, "signing-key-created", key_id)
        return key_id

    def public_key_bytes(self) -> dict[str, bytes]:
        """Every signing key ever used, by key id (raw 32-byte Ed25519 public keys)."""
        with self.db.transaction(write=False) as cur:
            rows = cur.execute(f"SELECT key_id, public_key FROM {self.db.table(SIGNING_KEYS)}").fetchall()
        return {r["key_id"]: bytes(r["public_key"]) for r in rows}

    def public_keys(self) -> dict[str, Any]:
        """The published key document (JWK set, RFC 8037 OKP keys) for /.well-known/wijkdossier-keys."""
        with self.db.transaction(write=False) as cur:
            rows = cur.execute(
                f"SELECT key_id, public_key, created_at, retired_at FROM {self.db.table(SIGNING_KEYS)} ORDER BY created_at"
            ).fetchall()
        return {
            "format": "wijkdossier-keys/1",
            "keys": [
                {
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "alg": "EdDSA",
                    "use": "sig",
                    "kid": r["key_id"],
                    "x": _b64url(bytes(r["public_key"])),
                    "status": "retired" if r["retired_at"] else "active",
                    "created_at": r["created_at"],
                    "retired_at": r["retired_at"],
                }
                for r in rows
            ],
        }

    # -- master key rotation --------------------------------------------------------------
    def rotate_master_key(self, new_master: MasterKey) -> int:
        """Re-wrap every data key and signing key under `new_master` in one transaction;
        events are not touched. Returns how many keys were re-wrapped."""
        if new_master.key_id == self.master.key_id:
            return 0
        count = 0
        with self.db.transaction(write=True) as cur:
            for table, id_column, key_column, kind in (
                (DATA_KEYS, "household_id", "wrapped_key", "data"),
                (SIGNING_KEYS, "key_id", "wrapped_private", "signing"),
            ):
                rows = cur.execute(
                    f"SELECT {id_column} AS subject, {key_column} AS wrapped, master_key_id "
                    f"FROM {self.db.table(table)} WHERE {key_column} IS NOT NULL"
                ).fetchall()
                for row in rows:
                    if row["master_key_id"] == new_master.key_id:
                        continue
                    secret = self._unwrap(row["master_key_id"], kind, row["subject"], row["wrapped"])
                    cur.execute(
                        f"UPDATE {self.db.table(table)} SET {key_column} = ?, master_key_id = ? WHERE {id_column} = ?",
                        (self._wrap(new_master, kind, row["subject"], secret), new_master.key_id, row["subject"]),
                    )
                    count += 1
            self._record(cur, "master-key-rotated", new_master.key_id, f"from {self.master.key_id}, {count} keys")
        self.master = new_master
        return count

    def key_log(self) -> list[dict[str, Any]]:
        """The key store's own record: creations, rotations, destructions (ids only)."""
        with self.db.transaction(write=False) as cur:
            return cur.execute(
                f"SELECT at, action, subject, detail FROM {self.db.table(KEY_LOG)} ORDER BY id"
            ).fetchall()
