"""Adapter from the access log (infra.access_log_store: `head()`, `verify(expected_head)`)
to what checkpoints and `verify` need (`wiring.bootstrap` wires it in)."""

from __future__ import annotations

from typing import Any


class AccessLogChain:
    """Wraps an opened access log so checkpoints commit to its head and verify checks it."""

    def __init__(self, log: Any):
        self.log = log

    def head(self) -> tuple[int, str]:
        return self.log.head()

    def verify(self) -> tuple[int, str] | tuple[int, str, str] | None:
        outcome = self.log.verify()
        if outcome.ok:
            return None
        problem = getattr(outcome.problem, "value", outcome.problem)
        # The detail says whether a line or the record of whom it is about was found wrong.
        return int(outcome.first_bad_position or 0), str(problem), outcome.detail or "the access log's chain"

    def confirms(self, position: int, head: str) -> bool:
        return bool(self.log.verify(expected_head=(position, head)).ok)
