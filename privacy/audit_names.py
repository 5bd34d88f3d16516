"""Names for the privacy officer's console: who looked, and at whom, by name instead of by number.

The officer reads no dossier content, but does need to know who people are (the register's
activity `access_log_audit` lists identifying data, `pd:Identifying`). Names are released
only here, only under a permit for the access log (so the officer's request has already
written its own access-log line), and only names: never a date of birth, relation or note.
The names themselves come from a `NameSource` the caller passes in (infra looks them up).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from privacy.model import Decision

ACCESS_LOG_RULES = frozenset({"none.access_log"})
ERASED = "gegevens gewist"


class NameSource(Protocol):
    """Where names are known. Each returns None when the system does not know the name."""

    def staff_name(self, user_id: str) -> str | None: ...

    def person_name(self, person_id: str, household_id: str | None = None) -> str | None: ...

    def household_name(self, household_id: str) -> str | None: ...


class NamesNotReleasedError(PermissionError):
    """Names asked without a permit for the access log: a programming error, never shown to people."""


@dataclass(frozen=True)
class AuditNames:
    """id -> name for the people and households in a set of log lines; missing ids have no known name."""

    staff: dict[str, str] = field(default_factory=dict)
    persons: dict[str, str] = field(default_factory=dict)
    households: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, dict[str, str]]:
        return {"staff": self.staff, "persons": self.persons, "households": self.households}


def audit_names(
    decision: Decision, source: NameSource, *, user_ids: Iterable[str] = (), person_ids: Iterable[str] = (),
    household_ids: Iterable[str] = (), person_households: dict[str, str] | None = None,
) -> AuditNames:
    """The names the officer may see for these ids, under `decision` (a permit for the access log).

    `person_households` says, per person, the household a line named with them: the name is
    looked up there first (the person index of the caseload view may lag a moment behind)."""
    if not decision.permitted or decision.rule not in ACCESS_LOG_RULES:
        raise NamesNotReleasedError("names are released only under a permit for the access log")

    def known(ids: Iterable[str], look_up: object) -> dict[str, str]:
        names: dict[str, str] = {}
        for key in sorted({i for i in ids if i}):
            name = look_up(key)  # type: ignore[operator]
            if name:
                names[key] = name
        return names

    hints = person_households or {}
    return AuditNames(staff=known(user_ids, source.staff_name),
                      persons=known(person_ids, lambda p: source.person_name(p, hints.get(p))),
                      households=known(household_ids, source.household_name))
