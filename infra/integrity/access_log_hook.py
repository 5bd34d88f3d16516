"""Adapter from the access log (infra.access_log_store: `head()`, `verify(expected_head)`)
to what checkpoints and `verify` need. Imported lazily: the access log is optional here."""

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


def open_access_log_chain(settings: Any) -> AccessLogChain | None:
    """The store's access log as an AccessLogChain, or None when that module is absent."""
    try:
        from infra.access_log_store import open_access_log
    except ImportError:
        return None
    return AccessLogChain(open_access_log(settings))
