"""Synthetic past time for one household's story: strictly increasing, never in the future.

Every event's `Attribution.occurred_at` comes from here. The event's own timestamp stays the
moment it was recorded (the demo run); only `occurred_at` tells the synthetic past.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from domain.attribution import Attribution
from domain.vocabulary import Role

MINIMUM_STEP = timedelta(minutes=3)
SQUEEZED_STEP = timedelta(milliseconds=1)


class Acting(Protocol):
    """Anything that can act: an `Actor` below or a `StaffMember` from staff.py."""

    @property
    def id(self) -> str: ...
    @property
    def role(self) -> Role: ...
    @property
    def organisation(self) -> str: ...


@dataclass(frozen=True)
class Actor:
    """Whoever acts: a staff member, a partner, or a household member in the client role."""

    id: str
    role: Role
    organisation: str = "wijkteam"


class Timeline:
    """A clock that only moves forward and stops short of `limit` (the moment the demo runs)."""

    def __init__(self, start: datetime, limit: datetime, rng: random.Random) -> None:
        if start.tzinfo is None or limit.tzinfo is None:
            raise ValueError("start/limit: give times with a time zone")
        self.limit = limit - timedelta(minutes=1)
        self.now = min(start, self.limit - timedelta(days=1))
        self.rng = rng

    def advance(self, days: float = 0.0, hours: float = 0.0) -> datetime:
        """Move the clock on; whole-day steps land in office hours (08:00-16:59 UTC)."""
        target = self.now + timedelta(days=days, hours=hours)
        if days >= 1:
            target = target.replace(hour=self.rng.randint(8, 16), minute=self.rng.randint(0, 59),
                                    second=0, microsecond=0)
        elif hours == 0 and days == 0:
            target = self.now + timedelta(minutes=self.rng.randint(5, 40))
        if target <= self.now:
            target = self.now + MINIMUM_STEP
        if target >= self.limit:
            # Squeeze the rest of the story into the time that is left, keeping the order; the
            # last minute before the real limit is a buffer that millisecond steps never exhaust.
            target = self.now + max((self.limit - self.now) / 2, SQUEEZED_STEP)
        self.now = target
        return self.now

    def days_left(self) -> float:
        return (self.limit - self.now).total_seconds() / 86400

    def by(self, actor: Acting, reason: str, *, days: float = 0.0, hours: float = 0.0,
           on_behalf_of: str | None = None) -> Attribution:
        """An attribution for the next event, `days`/`hours` after the previous one."""
        return Attribution(
            actor_id=actor.id, actor_role=actor.role, reason=reason, on_behalf_of=on_behalf_of,
            organisation=actor.organisation, occurred_at=self.advance(days, hours),
        )
