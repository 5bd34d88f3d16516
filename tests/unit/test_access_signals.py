"""Signals worth a look, from access-log lines alone: each threshold just met and just missed."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from privacy.access_log import AccessLogEntry, StoredAccessLogEntry
from privacy.access_signals import (
    Thresholds,
    after_reassignment,
    compute_signals,
    denial_bursts,
    is_night,
    off_hours,
    outside_caseload,
)

# 10:00 Dutch winter time on a Tuesday: inside office hours.
MORNING = datetime(2026, 1, 13, 9, 0, tzinfo=timezone.utc)


def line(position: int, at: datetime, *, user: str = "cd-noord-04", role: str = "case_director",
         household: str | None = "h1", outcome: str = "permit", rule: str = "relationship.case_director",
         emergency: bool = False) -> StoredAccessLogEntry:
    entry = AccessLogEntry(event="members.read", user_id=user, user_role=role, organisation="wijkteam",
                           action="read", section="members", channel="api", outcome=outcome, decision_rule=rule,
                           purpose="support", processing_activity_id="wd-ondersteuning@2", trace_id="t" * 32,
                           span_id="s" * 16, household_id=household, emergency=emergency, time=at)
    return StoredAccessLogEntry(position=position, prev_hash="0" * 64, hash=f"{position:064d}", entry=entry)


def refused_in(households: list[str], start: datetime, step: timedelta, user: str = "cd-noord-04") -> list:
    return [line(i + 1, start + i * step, user=user, household=h, outcome="deny", rule="relationship.not_assigned")
            for i, h in enumerate(households)]


def test_five_households_outside_the_caseload_within_a_day_raise_one_signal():
    lines = refused_in([f"h{i}" for i in range(5)], MORNING, timedelta(hours=5))
    [signal] = outside_caseload(lines)
    assert signal.kind == "outside_caseload" and signal.user_id == "cd-noord-04"
    assert signal.households == ("h0", "h1", "h2", "h3", "h4") and signal.count == 5


def test_four_households_or_five_spread_over_more_than_a_day_raise_none():
    assert outside_caseload(refused_in([f"h{i}" for i in range(4)], MORNING, timedelta(minutes=1))) == []
    assert outside_caseload(refused_in([f"h{i}" for i in range(5)], MORNING, timedelta(hours=6, minutes=1))) == []


def test_the_same_household_five_times_is_not_many_households():
    assert outside_caseload(refused_in(["h1"] * 5, MORNING, timedelta(minutes=1))) == []


def test_reads_in_the_own_caseload_never_count_as_outside_it():
    lines = [line(i, MORNING + timedelta(minutes=i), household=f"h{i}") for i in range(10)]
    assert outside_caseload(lines) == []


def test_break_the_glass_reads_count_as_outside_the_caseload_and_an_episode_is_one_signal():
    lines = [line(i + 1, MORNING + timedelta(minutes=i), household=f"h{i}", rule="emergency.break_the_glass",
                  emergency=True) for i in range(8)]
    [signal] = outside_caseload(lines)
    assert signal.count == 8 and len(signal.households) == 8


def test_a_lower_threshold_can_be_configured():
    lines = refused_in(["h1", "h2"], MORNING, timedelta(minutes=1))
    assert len(outside_caseload(lines, Thresholds(outside_households=2))) == 1


def test_night_means_23_to_5_dutch_time_in_winter_and_summer():
    assert is_night(datetime(2026, 1, 13, 22, 0, tzinfo=timezone.utc))  # 23:00 CET
    assert not is_night(datetime(2026, 1, 13, 21, 59, tzinfo=timezone.utc))  # 22:59 CET
    assert is_night(datetime(2026, 7, 14, 2, 59, tzinfo=timezone.utc))  # 04:59 CEST
    assert not is_night(datetime(2026, 7, 14, 3, 0, tzinfo=timezone.utc))  # 05:00 CEST


def test_reads_in_one_night_are_one_signal_per_person_and_clients_reading_at_night_are_not_signals():
    night = datetime(2026, 1, 13, 23, 30, tzinfo=timezone.utc)  # 00:30 CET on the 14th
    lines = [line(1, night - timedelta(minutes=45)), line(2, night), line(3, night + timedelta(hours=2)),
             line(4, night, user="person-anna", role="client"),
             line(5, night, outcome="deny", rule="relationship.not_assigned"),
             line(6, MORNING)]
    [signal] = off_hours(lines)
    assert signal.user_id == "cd-noord-04" and signal.count == 3  # 23:45, 00:30 and 02:30: one night


def test_five_denials_in_ten_minutes_are_a_burst_four_are_not():
    five = refused_in(["h1"] * 5, MORNING, timedelta(minutes=2, seconds=30))
    [burst] = denial_bursts(five)
    assert burst.count == 5 and burst.kind == "denial_burst"
    assert denial_bursts(five[:4]) == []
    slow = refused_in(["h1"] * 5, MORNING, timedelta(minutes=2, seconds=31))
    assert denial_bursts(slow) == []


def test_two_bursts_an_hour_apart_are_two_signals():
    first = refused_in(["h1"] * 5, MORNING, timedelta(seconds=10))
    second = refused_in(["h1"] * 5, MORNING + timedelta(hours=1), timedelta(seconds=10))
    second = [StoredAccessLogEntry(position=s.position + 10, prev_hash=s.prev_hash, hash=s.hash, entry=s.entry)
              for s in second]
    assert len(denial_bursts(first + second)) == 2


def test_a_worker_who_tries_a_household_after_being_taken_off_it_is_a_signal():
    lines = [line(1, MORNING), line(2, MORNING + timedelta(days=3), outcome="deny", rule="relationship.not_assigned"),
             line(3, MORNING + timedelta(days=4), rule="emergency.break_the_glass", emergency=True)]
    [signal] = after_reassignment(lines)
    assert signal.count == 2 and signal.households == ("h1",)
    # assigned again by now (the caseload view says so): no signal
    assert after_reassignment(lines, lambda user, household: True) == []
    # never assigned: a refusal is not "after reassignment"
    assert after_reassignment(lines[1:]) == []
    # assigned again later in the log: the earlier refusal is history
    assert after_reassignment(lines[:2] + [line(4, MORNING + timedelta(days=5))]) == []


def test_all_signals_together_newest_first():
    lines = refused_in([f"h{i}" for i in range(5)], MORNING, timedelta(minutes=1))
    found = compute_signals(lines)
    assert {s.kind for s in found} == {"outside_caseload", "denial_burst"}
    assert found == sorted(found, key=lambda s: (s.last, s.kind), reverse=True)
