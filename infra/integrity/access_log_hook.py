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

    def verify(self) -> tuple[int, str] | None:
        outcome = self.log.verify()
        if outcome.ok:
            return None
        problem = getattr(outcome.problem, "value", outcome.problem)
        return int(outcome.first_bad_position or 0), str(problem)

    def confirms(self, position: int, head: str) -> bool:
        return bool(self.log.verify(expected_head=(position, head)).ok)
