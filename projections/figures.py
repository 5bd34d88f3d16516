"""The computations behind the steering figures: pure functions, no I/O (unit-tested).

What the municipality steers on (DOMAIN.md, 002 §1, 004 §6): ZRM change per domain,
share referred to Wmo or specialist youth care, days from signal to first contact,
support duration, caseload per worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from statistics import median as _median
from typing import Any


def median(values: Iterable[float]) -> float | None:
    """The median, or None for no values (a figure without data is 'unknown', not 0)."""
    data = sorted(values)
    return None if not data else float(_median(data))


def days_between(start: datetime | None, end: datetime | None) -> float | None:
    """Whole and fractional days from start to end, by world time (`occurred_at`)."""
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / 86400, 2)


def share(part: int, whole: int) -> float | None:
    """A fraction rounded to 3 decimals; None when there is no whole."""
    return None if whole == 0 else round(part / whole, 3)


def zrm_change_per_domain(pairs: Iterable[tuple[Mapping[str, int], Mapping[str, int]]]) -> dict[str, dict[str, Any]]:
    """Per domain, over (first, last) score pairs: mean change, and how many improved, stayed, worsened.

    A pair is one member's first and last ZRM of one dossier. Only domains scored in both count.
    """
    out: dict[str, dict[str, Any]] = {}
    deltas: dict[str, list[int]] = {}
    for first, last in pairs:
        for domain, before in first.items():
            if domain in last:
                deltas.setdefault(domain, []).append(int(last[domain]) - int(before))
    for domain, values in sorted(deltas.items()):
        out[domain] = {
            "members": len(values),
            "mean_change": round(sum(values) / len(values), 2),
            "improved": sum(1 for v in values if v > 0),
            "unchanged": sum(1 for v in values if v == 0),
            "worsened": sum(1 for v in values if v < 0),
        }
    return out


def caseload_per_worker(directors: Iterable[str | None]) -> dict[str, Any]:
    """Active households per case director, with the mean and median over workers."""
    counts: dict[str, int] = {}
    for worker in directors:
        if worker:
            counts[worker] = counts.get(worker, 0) + 1
    values = list(counts.values())
    return {
        "per_worker": dict(sorted(counts.items())),
        "workers": len(values),
        "mean": None if not values else round(sum(values) / len(values), 2),
        "median": median(values),
    }
