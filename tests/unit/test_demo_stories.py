"""Demo histories are built in memory: ordered in time, never in the future, and deterministic."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest

from demo.scenario_stories import TELLERS
from demo.mix import FORCED, plan_for
from demo.story import HouseholdStory
from demo.timeline import Timeline

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=timezone.utc)


def _in_memory_stories(count: int, seed: int = 7) -> list[HouseholdStory]:
    """Stories that need no store (the unmandated attempt goes through the application service)."""
    stories = []
    for index in range(count):
        story = HouseholdStory(None, seed=seed, index=index, now=NOW)
        if not story.features.unmandated_attempt:
            stories.append(story)
    return stories


def _occurred(aggregate) -> list[datetime]:
    return [event.by.occurred_at for event in aggregate.pending_events]


def test_the_timeline_moves_forward_and_never_reaches_its_limit():
    clock = Timeline(NOW - timedelta(days=3), NOW, random.Random(1))
    moments = [clock.advance(days=2) for _ in range(500)]
    assert all(a < b for a, b in zip(moments, moments[1:]))
    assert moments[-1] < NOW


def test_every_event_of_a_generated_household_happened_in_order_and_not_in_the_future():
    stories = _in_memory_stories(60)
    assert len(stories) > 40
    for story in stories:
        dossier, *complaints = story.tell()
        moments = _occurred(dossier)
        assert all(a < b for a, b in zip(moments, moments[1:])), story.key
        assert moments[-1] < NOW
        for complaint in complaints:
            assert max(_occurred(complaint)) < NOW


def test_the_first_generated_households_end_in_every_phase():
    phases = {plan_for(index, random.Random(0))[0] for index in FORCED}
    assert phases == {"signal", "answered", "intake", "assessment", "support", "evaluation", "monitoring",
                      "closed", "reopened"}


def test_the_same_seed_and_index_tell_the_same_household():
    first = [(type(e).__name__, e.by.occurred_at, e.by.actor_id) for e in _in_memory_stories(12)[5].tell()[0].pending_events]
    again = [(type(e).__name__, e.by.occurred_at, e.by.actor_id) for e in _in_memory_stories(12)[5].tell()[0].pending_events]
    assert first == again


def test_a_different_seed_tells_different_households():
    one = HouseholdStory(None, seed=1, index=20, now=NOW)
    two = HouseholdStory(None, seed=2, index=20, now=NOW)
    assert one.id != two.id
    assert one.household.members[0].name != two.household.members[0].name or one.phase != two.phase


@pytest.mark.parametrize("key", sorted(TELLERS))
def test_every_scenario_is_told_in_time_order_before_now(key):
    result = TELLERS[key](NOW)
    for aggregate in result.aggregates:
        moments = _occurred(aggregate)
        assert all(a < b for a, b in zip(moments, moments[1:]))
        assert moments[-1] < NOW
