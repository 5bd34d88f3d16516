"""Verification bundles: one household's stored events with the proof that they are complete
and unchanged up to a signed checkpoint (format: docs/verification-bundle.md, section 8).

`bundle_for_household(app, household_id)` and `bundle_for_complaint(app, complaint_id)` build
one; `verify_bundle(bundle)` checks it. The bundle holds the events exactly as stored
(encrypted), never decrypted content, so making one needs no data key and works for an
erased household too. A bundle is checked before it is handed out: the store cannot hand
out a bundle that does not verify.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from uuid import UUID

from domain.errors import DomainError, DossierNotFoundError, InvalidValueError
from infra.integrity.bundle_check import BundleVerification, verify_bundle
from infra.integrity.checkpoint import Checkpoint, utc_now_text
from infra.integrity.integrity_store import IntegrityStore, integrity_of
from infra.integrity.time_travel import complaint_scope, parse_recorded_at

BUNDLE_FORMAT = "wijkdossier-bundle/1"

__all__ = [
    "BUNDLE_FORMAT",
    "BundleError",
    "BundleVerification",
    "bundle_for_complaint",
    "bundle_for_household",
    "verify_bundle",
]


class BundleError(DomainError):
    """The store could not produce a bundle that verifies: it was tampered with or is damaged."""

    rule = "bundle_verifies"


def bundle_for_household(app: Any, household_id: UUID | str) -> dict[str, Any]:
    """Every stored event of the household (all its streams, complaints included) up to a
    signed checkpoint that covers them all, with the Merkle inclusion proof and the keys.

    When the household has events after the newest checkpoint, a new checkpoint is signed
    first, so the bundle always covers the whole household as it is now.
    """
    store = integrity_of(app)
    household = _household_key(household_id, "household_id")
    return _build(store, household, {"kind": "household"}, lambda row: True)


def bundle_for_complaint(app: Any, complaint_id: UUID | str) -> dict[str, Any]:
    """The bundle for one complaint's review: the household's events up to a checkpoint that
    covers the complaint's scope and the complaint's own stream.

    Every event of the household up to that checkpoint is in the bundle (the stream chains
    need them to reach the signed heads); `in_scope` marks the ones inside the complaint's
    scope (recorded between the start of `scope_from` and the end of `scope_until`, Dutch
    time) and every event of the complaint itself. Raises DossierErasedError when the
    household was erased (the scope is no longer readable); its household bundle still works.
    """
    store = integrity_of(app)
    complaint = app.get_complaint(complaint_id)
    household = str(complaint.household_id)
    start, end = complaint_scope(complaint)
    complaint_stream = str(complaint.id)

    def in_scope(row: dict[str, Any]) -> bool:
        if row["originator_id"] == complaint_stream:
            return True
        recorded = parse_recorded_at(row["recorded_at"])
        return recorded <= end and (start is None or recorded >= start)

    scope = {
        "kind": "complaint",
        "complaint_id": complaint_stream,
        "from": None if start is None else start.isoformat(),
        "until": end.isoformat(),
    }
    return _build(store, household, scope, in_scope)


# ------------------------------------------------------------------------------ building

def _household_key(value: UUID | str, field: str) -> str:
    try:
        return str(value if isinstance(value, UUID) else UUID(str(value)))
    except ValueError:
        raise InvalidValueError(f"{field}: {value!r} is not a valid id (a UUID)", field=field) from None


def _covering_inclusion(store: IntegrityStore, household: str, last_position: int) -> tuple[Checkpoint, int, int, list[bytes]]:
    """The newest checkpoint with the household's inclusion proof, if it covers
    `last_position`; else a new checkpoint's."""
    for _ in range(3):  # a checkpoint made meanwhile by another writer is just as good
        found = store.inclusion(household)
        if found is not None and found[0].position >= last_position:
            return found
        store.create_checkpoint()
    raise BundleError(
        "bundle_verifies: the household is not in the households tree of the newest checkpoint; "
        "run `wijkdossier verify` to find the first bad position"
    )


def _build(
    store: IntegrityStore, household: str, scope: dict[str, Any], in_scope: Callable[[dict[str, Any]], bool]
) -> dict[str, Any]:
    db, tables = store.db, store.tables
    chain, events = db.table(tables.chain), db.table(tables.events)
    with db.transaction(write=False) as cur:
        row = cur.execute(f"SELECT MAX(position) AS last FROM {chain} WHERE household_id = ?", (household,)).fetchone()
    if row is None or row["last"] is None:
        raise DossierNotFoundError("household_id: no stored events for that household", field="household_id")
    checkpoint, index, tree_size, audit_path = _covering_inclusion(store, household, int(row["last"]))
    position = checkpoint.position

    with db.transaction(write=False) as cur:
        rows = cur.execute(
            f"SELECT c.position, c.originator_id, c.originator_version, c.stream_link, c.recorded_at, e.topic, e.state "
            f"FROM {chain} c LEFT JOIN {events} e ON e.{tables.position_column} = c.position "
            "WHERE c.household_id = ? AND c.position <= ? ORDER BY c.originator_id, c.originator_version",
            (household, position),
        ).fetchall()
    # Each stream's head at the checkpoint is its last chain row up to there (rows are in version order).
    heads = {r["originator_id"]: (r["originator_id"], int(r["originator_version"]), bytes(r["stream_link"])) for r in rows}
    bundle = {
        "format": BUNDLE_FORMAT,
        "created_at": utc_now_text(),
        "household_id": household,
        "scope": scope,
        "streams": _streams(rows, list(heads.values()), in_scope),
        "proof": {
            "leaf_index": index,
            "tree_size": tree_size,
            "audit_path": [node.hex() for node in audit_path],
        },
        "checkpoint": {
            "sequence": checkpoint.sequence,
            "key_id": checkpoint.key_id,
            "payload": base64.b64encode(checkpoint.payload).decode("ascii"),
            "signature": base64.b64encode(checkpoint.signature).decode("ascii"),
        },
        "keys": store.public_keys(),
    }
    result = verify_bundle(bundle)
    if not result.ok:
        raise BundleError(
            f"bundle_verifies: the household's stored history does not verify ({result.first_problem}); "
            "run `wijkdossier verify` to find the first bad position"
        )
    return bundle


def _streams(
    rows: list[dict[str, Any]], heads: list[tuple[str, int, bytes]], in_scope: Callable[[dict[str, Any]], bool]
) -> list[dict[str, Any]]:
    by_stream: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        if row["state"] is None:
            raise BundleError(
                f"bundle_verifies: the event at position {row['position']} is missing from the store; "
                "run `wijkdossier verify`"
            )
        by_stream.setdefault(row["originator_id"], []).append(
            {
                "version": int(row["originator_version"]),
                "position": int(row["position"]),
                "topic": row["topic"],
                "state": base64.b64encode(bytes(row["state"])).decode("ascii"),
                "stream_link": bytes(row["stream_link"]).hex(),
                "recorded_at": row["recorded_at"],
                "in_scope": bool(in_scope(row)),
            }
        )
    return [
        {"stream_id": stream, "head_version": version, "head_link": link.hex(), "events": by_stream.get(stream, [])}
        for stream, version, link in sorted(heads, key=lambda head: head[0].encode("utf-8"))
    ]


def describe(result: BundleVerification) -> str:
    """One line for people: what the bundle proves, or the first thing that is wrong."""
    if result.ok:
        return (
            f"in orde: {result.events} gebeurtenissen in {result.streams} stroom/stromen van huishouden "
            f"{result.household_id} zijn ongewijzigd en compleet tot en met checkpoint {result.checkpoint_sequence} "
            f"({result.checkpoint_created_at}), ondertekend met sleutel {result.key_id}"
        )
    return f"NIET in orde: {result.first_problem}"
