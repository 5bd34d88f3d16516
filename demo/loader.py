"""Load the demo municipality into a store: idempotent, one save per household."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from faker import Faker
from tqdm import tqdm

from domain.recording import synthetic_past

from demo.scenario_stories import TELLERS
from demo.scenarios import SCENARIOS
from demo.story import HouseholdStory

DEFAULT_HOUSEHOLDS = 2000
DEFAULT_SEED = 2024


class DemoSettingsError(ValueError):
    """A demo option has a value the loader cannot use; the message names it and what to do."""


@dataclass(frozen=True)
class DemoReport:
    """What one run added; `events` counts stored events (notification ids) added by this run."""

    households_requested: int
    households_added: int
    households_skipped: int
    complaints_added: int
    refused_attempts: int
    events: int
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0


def _max_notification_id(app: Any) -> int:
    return int(app.recorder.max_notification_id() or 0)


def load_demo(app: Any, *, households: int = DEFAULT_HOUSEHOLDS, seed: int = DEFAULT_SEED,
              now: datetime | None = None, progress: bool = True) -> DemoReport:
    """Fill `app`'s store with the five scenario households plus `households - 5` generated ones.

    Deterministic for a given seed: household i is the same whatever `households` is, and
    its id is uuid5 of 'demo:SEED:i'. Households (and their complaints) that already exist are
    skipped, so a second run adds nothing. `now` anchors the synthetic past (default: the
    current time); no event's `occurred_at` lies after it.
    """
    if households < len(SCENARIOS):
        raise DemoSettingsError(
            f"--households: {households} is te weinig; geef er minstens {len(SCENARIOS)} "
            "(de vijf scenariohuishoudens worden altijd geladen)"
        )
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        raise DemoSettingsError("now: geef een tijd met tijdzone")
    started = time.perf_counter()
    before = _max_notification_id(app)
    existing = set(app.household_ids())
    added = skipped = complaints = refused = 0
    fake = Faker("nl_NL")
    # The demo tells a past: each event is recorded at the moment its story says it happened,
    # so time travel ("as it stood on the day of the complaint") works on demo data.
    with synthetic_past(), tqdm(total=households, desc="Demo-gemeente laden", unit=" huishoudens",
                                disable=not progress) as bar:
        for scenario in SCENARIOS:
            if scenario.household_id in existing:
                skipped += 1
            else:
                result = TELLERS[scenario.key](now)
                app.save(*result.aggregates)
                added += 1
                complaints += len(result.aggregates) - 1
                refused += result.refused_attempts
            bar.update(1)
        for index in range(households - len(SCENARIOS)):
            story = HouseholdStory(app, seed=seed, index=index, now=now, fake=fake)
            if story.id in existing:
                skipped += 1
            else:
                aggregates = story.tell()
                app.save(*aggregates)
                added += 1
                complaints += len(aggregates) - 1
                refused += story.refused_attempts
            bar.update(1)
    return DemoReport(
        households_requested=households, households_added=added, households_skipped=skipped,
        complaints_added=complaints, refused_attempts=refused, events=_max_notification_id(app) - before,
        seconds=time.perf_counter() - started,
    )
