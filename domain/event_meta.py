"""What each event is, said once on its own class.

- `section`: the part of the dossier the recorded item belongs to (privacy/ decides and logs
  access per section; an event of no particular part belongs to the overview);
- `label`: the plain Dutch words people read for it (the portal's history, review and reports);
- `subjects`: the attributes that name the member(s) the item is about (a person id, or a list of
  them); an item about members the reader may not see is left out, a list loses those members;
- `staff`: the attributes that name someone who works on the case (a worker, a commission), so a
  page can put a name to the id;
- `third_parties`: the attributes that name someone outside the household (who reported a signal),
  not told to the household or a partner;
- `per_member`: the attributes holding a value per member ({person id: ...}), cut to the members
  the reader may see;
- `zrm_scores`: the attributes holding a score per ZRM domain, cut to the domains a consent shares;
- `shows`: what the item is where a page folds the history into a state (see `SHOWS`).

privacy/redaction.py derives its section table and its who-is-this-about rule from these, and
api/portal/static/event-labels.js is generated from the labels (a test keeps it equal).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.vocabulary import DOSSIER_SECTIONS

# What an item is to a page that folds the history (the review's state on a day, its names).
SHOWS = frozenset({
    "member",  # a member joins: their name and relation put a name to their id
    "zrm", "ladder",  # an assessment of one member
    "plan", "plan_agreed",  # a plan version, a member's agreement with it
    "request",  # a request a later decision answers (a referral)
    "decision",  # a decision on a request (referral, worker change, mandate refusal, correction)
    "complaint",  # a complaint is filed
})


@dataclass(frozen=True)
class EventMeta:
    section: str
    label: str
    subjects: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    third_parties: tuple[str, ...] = ()
    per_member: tuple[str, ...] = ()
    zrm_scores: tuple[str, ...] = ()
    shows: str | None = None

    def __post_init__(self) -> None:
        if self.shows is not None and self.shows not in SHOWS:
            raise ValueError(f"shows {self.shows!r} is not one of {sorted(SHOWS)}")
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


def describe(event_class: type, **meta: Any) -> None:
    """For event classes the library defines from `@event` methods (the complaint's)."""
    event_class.meta = EventMeta(**meta)  # type: ignore[attr-defined]
