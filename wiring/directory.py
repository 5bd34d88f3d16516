"""Who the system can put a name to beyond the store: a source the entry point hands in.

The store holds no staff directory (events carry a worker's id, role and organisation, never a
name) and no list of partner organisations. The entry point that builds the API passes a
`Directory`: `wijkdossier serve` the demo municipality's (`demo.directory.demo_directory`), a
municipality its identity provider's. Here, below the entry points, so that the API reads names
without importing the demo, and the demo builds one without importing the API.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol
from uuid import UUID

from domain.vocabulary import Role


class Person(Protocol):
    """A member of staff as the API shows them (`demo.staff.StaffMember` is one)."""

    id: str
    role: Role
    team: str | None
    name: str
    organisation: str

    @property
    def phone(self) -> str: ...

    @property
    def email(self) -> str: ...


class Scenario(Protocol):
    """A household the demo portal offers to log in to (`demo.scenarios.Scenario` is one)."""

    key: str
    title: str
    team: str
    household_id: UUID


@dataclass(frozen=True)
class Directory:
    """Staff by id, partner organisations (reference, name, kind), and the demo's scenario households
    and complaint names for its login pages. Empty by default: no names are known."""

    staff: Mapping[str, Person] = field(default_factory=dict)
    partners: Sequence[tuple[str, str, str]] = ()
    scenarios: Sequence[Scenario] = ()
    complaint_names: Mapping[Any, str] = field(default_factory=dict)

    def central(self, role: Role) -> list[Person]:
        """The municipality-wide staff (no team) in one role, in the directory's order."""
        return [m for m in self.staff.values() if m.team is None and m.role == role]
