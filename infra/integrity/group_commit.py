"""Group commit for PostgreSQL event writes: one transaction (one table lock, one fsync) for
every save that is waiting, each save still accepted or refused on its own.

The library serialises event writes with `LOCK TABLE … IN EXCLUSIVE MODE`, so that
notification ids follow commit order. With one transaction per save, concurrent saves queue
on that lock while each pays its own round trips and its own commit. Here a save joins a
queue; the first save that finds no write in progress becomes the leader, takes every save
that is waiting and writes them in one transaction, then wakes each save with its own
outcome and steps down (a waiting save then leads the next group). Nothing is acknowledged
before the transaction that holds it has committed.

Optimistic concurrency stays exact: under the table lock the group reads the stream heads
of every aggregate it touches (the chain needs them anyway); a save whose first new version
is not above its stream's head, or above an earlier save of the same stream in the group,
is refused with `IntegrityError` — what the primary key would have said — and the others go
on. Aggregates number their events 1, 2, 3, … without gaps, which makes "not above the
head" the same as "already taken". Should the database refuse the group anyway (a unique
index the check does not know, such as one added in an `_insert_events` hook), the group is
rolled back and each save written alone, so one save's failure never fails another.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from eventsourcing.persistence import IntegrityError, StoredEvent

from infra.integrity.hashing import originator_key


class PendingSave:
    """One caller's events waiting for a group; `done` once decided."""

    __slots__ = ("events", "kwargs", "done", "ids", "error")

    def __init__(self, events: Sequence[StoredEvent], kwargs: dict[str, Any]) -> None:
        self.events = list(events)
        self.kwargs = kwargs
        self.done = False
        self.ids: list[int] = []
        self.error: BaseException | None = None


def refuse_stale(saves: list[PendingSave], versions: dict[str, int]) -> list[PendingSave]:
    """The saves that may be written, in order; the others get `IntegrityError` set.

    `versions` maps stream keys to their stored head version and is advanced by every
    accepted save, so two saves of one stream in the same group are checked against
    each other too."""
    accepted = []
    for save in saves:
        seen: dict[str, int] = {}
        stale = False
        for event in save.events:
            stream = originator_key(event.originator_id)
            floor = seen.get(stream, versions.get(stream, 0))
            if event.originator_version <= floor:
                stale = True
                break
            seen[stream] = event.originator_version
        if stale:
            save.error = IntegrityError("a newer version of this aggregate is stored already")
            continue
        versions.update(seen)
        accepted.append(save)
    return accepted


class GroupCommitter:
    """Leader/follower queue: no thread of its own, callers take turns writing groups."""

    def __init__(self, write: Callable[[list[PendingSave]], None], *, max_events: int = 5000) -> None:
        """`write(group)` writes the group in one transaction, setting `ids` or `error` on each
        save; if it raises, the group is written again one save at a time."""
        self._write = write
        self._max_events = max_events
        self._condition = threading.Condition()
        self._queue: list[PendingSave] = []
        self._writing = False
        self.groups = 0  # transactions committed or attempted, for tests and benches
        self.saves = 0

    def save(self, events: Sequence[StoredEvent], **kwargs: Any) -> list[int]:
        """Write `events` in the next group; their notification ids once it has committed."""
        mine = PendingSave(events, kwargs)
        with self._condition:
            self._queue.append(mine)
            while not mine.done and self._writing:
                self._condition.wait()
            if not mine.done:
                self._writing = True
                group = self._take()
        if not mine.done:
            try:
                self._write_group(group)
            finally:
                with self._condition:
                    self._writing = False
                    self._condition.notify_all()
        if mine.error is not None:
            raise mine.error
        return mine.ids

    def _take(self) -> list[PendingSave]:
        group, size = [], 0
        while self._queue and (not group or size + len(self._queue[0].events) <= self._max_events):
            save = self._queue.pop(0)
            size += len(save.events)
            group.append(save)
        return group

    def _write_group(self, group: list[PendingSave]) -> None:
        try:
            self.groups += 1
            try:
                self._write(group)
            except IntegrityError:
                if len(group) == 1:
                    raise
                # Refused as a whole by something the head check does not see: each save alone.
                for save in group:
                    save.ids, save.error = [], None
                    try:
                        self.groups += 1
                        self._write([save])
                    except BaseException as exc:  # this save's own outcome; the others go on
                        save.error = exc
        except BaseException as exc:
            for save in group:
                if not save.ids and save.error is None:
                    save.error = exc
        finally:
            with self._condition:
                for save in group:
                    save.done = True
                    self.saves += 1
