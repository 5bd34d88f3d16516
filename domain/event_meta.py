"""What each event is, said once on its own class.

- `section`: the part of the dossier the recorded item belongs to (privacy/ decides and logs
  access per section; an event of no particular part belongs to the overview);
- `label`: the plain Dutch words people read for it (the portal's history, review and reports);
- `subjects`: the attributes that name the member(s) the item is about (a person id, or a list of
  them); an item about members the reader may not see is left out.

privacy/redaction.py derives its section table and its who-is-this-about rule from these, and
api/portal/static/event-labels.js is generated from the labels (a test keeps it equal).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.vocabulary import DOSSIER_SECTIONS


@dataclass(frozen=True)
class EventMeta:
    section: str
    label: str
    subjects: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.section not in DOSSIER_SECTIONS:
            raise ValueError(f"section {self.section!r} is not a dossier section: {sorted(DOSSIER_SECTIONS)}")
        if not self.label.strip():
            raise ValueError("every event needs a Dutch label for people")

    def subject_ids(self, event: Any) -> list[str]:
        """The person ids that `event` names in its subject attributes."""
        found: list[str] = []
        for attribute in self.subjects:
            value = getattr(event, attribute, None)
            if isinstance(value, (list, tuple)):
                found.extend(value)
            elif value:
                found.append(value)
        return found


def describe(event_class: type, *, section: str, label: str, subjects: tuple[str, ...] = ()) -> None:
    """For event classes the library defines from `@event` methods (the complaint's)."""
    event_class.meta = EventMeta(section=section, label=label, subjects=subjects)  # type: ignore[attr-defined]
