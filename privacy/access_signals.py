"""Signals worth a look for the privacy officer, computed from access-log lines.

Pure: it reads only the lines passed in (oldest first) and, for one signal, a callable that
says whether a worker is assigned to a household now (the caseload view answers it). A
signal is a reason to look, not a finding: the officer decides.

The four signals and their thresholds (`Thresholds`, defaults below):

- **many households outside the caseload**: one professional touched at least
  `outside_households` (5) different households within `outside_window` (24 hours) where
  the decision was not based on an assignment to that household: a break-the-glass read, or
  a refusal because they were not assigned (`relationship.not_assigned`) or the household
  belongs to another team (`team.other_team`).
- **far outside office hours**: a permitted read of a household's data by anyone who is not
  the client (or their representative) between `night_from` (23:00) and `night_until`
  (05:00), Dutch time. One signal per person per night, however many reads.
- **a burst of denials**: at least `denial_burst` (5) refused attempts by one user within
  `denial_window` (10 minutes). A refused token counts too (the user is then "onbekend").
- **access after reassignment**: a worker who earlier had access to a household because
  they were assigned to it (case director or tandem worker) later tried it again and was
  no longer assigned (refused, or let in only by break-the-glass), and is not assigned now.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.vocabulary import CLIENT_SIDE
from privacy.access_log import StoredAccessLogEntry

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
OUTSIDE_CASELOAD_RULES = frozenset({"emergency.break_the_glass", "relationship.not_assigned", "team.other_team"})
ASSIGNMENT_RULES = frozenset({"relationship.case_director", "relationship.tandem_worker"})
NOT_ASSIGNED_ANY_MORE = frozenset({"relationship.not_assigned", "emergency.break_the_glass"})
CLIENT_ROLES = frozenset(r.value for r in CLIENT_SIDE)

KINDS = ("outside_caseload", "off_hours", "denial_burst", "after_reassignment")


@dataclass(frozen=True)
class Thresholds:
    outside_households: int = 5
    outside_window: timedelta = timedelta(hours=24)
    night_from: time = time(23, 0)
    night_until: time = time(5, 0)
    denial_burst: int = 5
    denial_window: timedelta = timedelta(minutes=10)


@dataclass(frozen=True)
class Signal:
    """One reason to look: who, when (first and last line), how many lines, which households."""

    kind: str
    user_id: str
    user_role: str
    organisation: str
    first: datetime
    last: datetime
    count: int
    households: tuple[str, ...] = ()
    positions: tuple[int, ...] = field(default=(), repr=False)


def compute_signals(
    lines: Sequence[StoredAccessLogEntry],
    assigned_now: Callable[[str, str], bool] | None = None,
    thresholds: Thresholds = Thresholds(),
) -> list[Signal]:
    """Every signal in these lines, newest first. `assigned_now(user_id, household_id)` is optional:
    without it, access after reassignment is judged from the log alone."""
    found = (outside_caseload(lines, thresholds) + off_hours(lines, thresholds) + denial_bursts(lines, thresholds)
             + after_reassignment(lines, assigned_now))
    return sorted(found, key=lambda s: (s.last, s.kind), reverse=True)


def _signal(kind: str, group: Sequence[StoredAccessLogEntry]) -> Signal:
    first, last = group[0].entry, group[-1].entry
    households = tuple(dict.fromkeys(s.entry.household_id for s in group if s.entry.household_id))
    assert first.time is not None and last.time is not None
    return Signal(kind=kind, user_id=last.user_id, user_role=last.user_role, organisation=last.organisation,
                  first=first.time, last=last.time, count=len(group), households=households,
                  positions=tuple(s.position for s in group))


def _by_user(lines: Iterable[StoredAccessLogEntry]) -> dict[str, list[StoredAccessLogEntry]]:
    grouped: dict[str, list[StoredAccessLogEntry]] = defaultdict(list)
    for stored in lines:
        grouped[stored.entry.user_id].append(stored)
    return grouped


def outside_caseload(lines: Sequence[StoredAccessLogEntry], t: Thresholds = Thresholds()) -> list[Signal]:
    """Sliding window per user: the first window that reaches the threshold, then as long as it keeps growing."""
    candidates = [s for s in lines if s.entry.household_id and s.entry.decision_rule in OUTSIDE_CASELOAD_RULES
                  and s.entry.user_role not in CLIENT_ROLES]
    signals = []
    for user_lines in _by_user(candidates).values():
        start = 0
        group: list[StoredAccessLogEntry] = []
        for end, stored in enumerate(user_lines):
            while user_lines[start].entry.time < stored.entry.time - t.outside_window:  # type: ignore[operator]
                start += 1
            window = user_lines[start:end + 1]
            if len({s.entry.household_id for s in window}) >= t.outside_households:
                if group and group[-1].position >= window[0].position:
                    group = group + [stored]  # the same episode goes on
                else:
                    if group:
                        signals.append(_signal("outside_caseload", group))
                    group = list(window)
        if group:
            signals.append(_signal("outside_caseload", group))
    return signals


def is_night(moment: datetime, t: Thresholds = Thresholds()) -> bool:
    local = moment.astimezone(LOCAL_TIME).time()
    return local >= t.night_from or local < t.night_until


def _night_of(moment: datetime, t: Thresholds) -> object:
    """The evening a night belongs to: reads after midnight count with the evening before."""
    local = moment.astimezone(LOCAL_TIME)
    return (local - timedelta(days=1)).date() if local.time() < t.night_until else local.date()


def off_hours(lines: Sequence[StoredAccessLogEntry], t: Thresholds = Thresholds()) -> list[Signal]:
    groups: dict[tuple[str, object], list[StoredAccessLogEntry]] = defaultdict(list)
    for stored in lines:
        entry = stored.entry
        if (entry.outcome == "permit" and entry.household_id and entry.user_role not in CLIENT_ROLES
                and entry.user_role != "system" and entry.time is not None and is_night(entry.time, t)):
            groups[(entry.user_id, _night_of(entry.time, t))].append(stored)
    return [_signal("off_hours", group) for group in groups.values()]


def denial_bursts(lines: Sequence[StoredAccessLogEntry], t: Thresholds = Thresholds()) -> list[Signal]:
    """Denials chained while each is within the window of the one `denial_burst - 1` before it."""
    signals = []
    for user_lines in _by_user(s for s in lines if s.entry.outcome == "deny").values():
        group: list[StoredAccessLogEntry] = []
        n = t.denial_burst
        for index, stored in enumerate(user_lines):
            if index >= n - 1 and stored.entry.time - user_lines[index - n + 1].entry.time <= t.denial_window:  # type: ignore[operator]
                window = user_lines[index - n + 1:index + 1]
                if group and group[-1].position >= window[0].position:
                    group.append(stored)
                else:
                    if group:
                        signals.append(_signal("denial_burst", group))
                    group = list(window)
        if group:
            signals.append(_signal("denial_burst", group))
    return signals


def after_reassignment(
    lines: Sequence[StoredAccessLogEntry], assigned_now: Callable[[str, str], bool] | None = None,
) -> list[Signal]:
    """Per (worker, household): the attempts after the last line that let them in by assignment."""
    last_assigned: dict[tuple[str, str], int] = {}
    later: dict[tuple[str, str], list[StoredAccessLogEntry]] = defaultdict(list)
    for stored in lines:
        entry = stored.entry
        if not entry.household_id:
            continue
        key = (entry.user_id, entry.household_id)
        if entry.outcome == "permit" and entry.decision_rule in ASSIGNMENT_RULES:
            last_assigned[key] = stored.position
            later.pop(key, None)  # assigned again: earlier attempts are history
        elif key in last_assigned and entry.decision_rule in NOT_ASSIGNED_ANY_MORE:
            later[key].append(stored)
    signals = []
    for (user_id, household_id), group in later.items():
        if assigned_now is not None and assigned_now(user_id, household_id):
            continue  # assigned again by now: the refusals were a gap that has since been closed
        signals.append(_signal("after_reassignment", group))
    return signals
