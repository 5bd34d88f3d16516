"""Exactly-once commands: an `Idempotency-Key` (REST header, GraphQL argument) per command.

The first request with a key runs the command; its key is stored in the same transaction as its
events (`infra.command_log`), and the answer beside it. A retry with the same key and the same
body answers the original result and stores nothing; the same key with another body is refused.
A request whose command stored nothing (refused, or lost before it reached the database) left no
key, so its retry simply runs. Keys are per user: nobody can replay another's answer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import Any

from api.errors import ApiError
from domain.errors import ConcurrentChangeError
from infra.command_log import CommandWrite, IdempotencyKeys, StoredCommand, command_write

HEADER = "Idempotency-Key"
_KEY = re.compile(r"^[\x21-\x7e]{1,200}$")  # visible ASCII, as RFC draft-ietf-httpapi-idempotency-key


class KeyReused(ApiError):
    status = 422
    code = "idempotency_key_reused"


class KeyRefusedBefore(ApiError):
    status = 409
    code = "idempotency_key_refused"


def fingerprint(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def valid_key(key: str | None, field: str = HEADER) -> str | None:
    if key is None or key == "":
        return None
    if not _KEY.match(key):
        raise ApiError(f"{field}: gebruik 1 tot 200 zichtbare tekens (bijvoorbeeld een UUID).", field=field,
                       code="invalid_input")
    return key


def _keys(ctx: Any) -> IdempotencyKeys:
    return IdempotencyKeys(ctx.dossiers.recorder.integrity_db)


def _replay(stored: StoredCommand, print_: str, rebuild: Callable[[StoredCommand], dict[str, Any]]) -> dict[str, Any]:
    if stored.fingerprint != print_:
        raise KeyReused("Deze Idempotency-Key is al gebruikt voor een andere opdracht. Gebruik voor elke nieuwe "
                        "opdracht een nieuwe sleutel; alleen een herhaling van precies dezelfde opdracht mag dezelfde "
                        "sleutel hebben.", field=HEADER)
    if stored.answer is not None and stored.answer.get("refused"):
        raise KeyRefusedBefore("Deze opdracht is al eerder verwerkt en toen geweigerd; de weigering is vastgelegd. "
                               "Er is niets nieuws opgeslagen.", field=HEADER, detail=stored.answer.get("rule"))
    # No answer recorded: the server stopped between storing the events and answering. The written
    # versions, stored with the key in the same transaction, give the answer back.
    return dict(stored.answer) if stored.answer is not None else rebuild(stored)


def run_once(ctx: Any, key: str | None, print_: str, run: Callable[[CommandWrite], dict[str, Any]],
             rebuild: Callable[[StoredCommand], dict[str, Any]]) -> dict[str, Any]:
    """Run `run(write)` at most once per (user, key); the answer is a plain dict (ids and versions only)."""
    principal = ctx.principal.user_id
    if key is None:
        with command_write(principal) as write:
            return run(write)
    keys = _keys(ctx)
    stored = keys.find(principal, key)
    if stored is not None:
        return _replay(stored, print_, rebuild)
    with command_write(principal, key, print_) as write:
        try:
            answer = run(write)
        except ConcurrentChangeError:
            # The same key may have won the race on another request: its events and key are stored.
            stored = keys.find(principal, key)
            if stored is not None:
                return _replay(stored, print_, rebuild)
            raise
        except Exception as exc:
            if write.key_stored:  # refused after storing something (a recorded mandate refusal)
                keys.record_answer(principal, key, 0, {"refused": True,
                                                      "rule": getattr(exc, "rule", type(exc).__name__)})
            raise
    if write.key_stored:
        keys.record_answer(principal, key, 200, answer)
    return answer
