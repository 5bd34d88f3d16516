"""Who may see what a member told in confidence (DOMAIN.md "Minors").

The dossier records only whose confidence an item is. Here it is decided who it is kept from:
- the member themself always sees it, and so does the team that works with them;
- a child under 12 has no confidences apart from the parents: their data stays with whoever
  exercises the child's rights;
- from 12 a young person's confidence is kept from the parents (and from every other member);
- a partner sees it only under a consent the member gave themself.

Kept-from means: left out without a trace, unless the professional chose to mark it as
withheld. The record of the confidence is left out with it, so its existence is not told either.
"""

from __future__ import annotations

from collections.abc import Iterable

from privacy.facts import ConfidenceFacts, HouseholdFacts
from privacy.rules import PARENTS_ALONE_BELOW


def kept_from(
    viewer_person_ids: Iterable[str | None], entitled: Iterable[str], facts: HouseholdFacts,
) -> tuple[frozenset[int], frozenset[int]]:
    """(hidden item versions, versions to mark as withheld) for a client-side viewer.

    `viewer_person_ids` are the people the viewer is (a client: themself); `entitled` the members
    whose rights the viewer exercises here.
    """
    viewers = {p for p in viewer_person_ids if p}
    entitled = set(entitled)
    hidden: set[int] = set()
    marked: set[int] = set()
    for confidence in _active(facts.confidences):
        if confidence.person_id in viewers:
            continue
        confider = facts.member(confidence.person_id)
        young_child = confider is not None and confider.age(facts.today) < PARENTS_ALONE_BELOW
        if young_child and confidence.person_id in entitled:
            continue
        _keep(confidence, hidden, marked)
    return frozenset(hidden), frozenset(marked)


def kept_from_partner(shared_by: Iterable[str], facts: HouseholdFacts) -> tuple[frozenset[int], frozenset[int]]:
    """A partner sees a confidence only when the member who told it consented to the sharing."""
    sharers = set(shared_by)
    hidden: set[int] = set()
    marked: set[int] = set()
    for confidence in _active(facts.confidences):
        if confidence.person_id not in sharers:
            _keep(confidence, hidden, marked)
    return frozenset(hidden), frozenset(marked)


def _active(confidences: Iterable[ConfidenceFacts]) -> list[ConfidenceFacts]:
    return [c for c in confidences if c.active]


def _keep(confidence: ConfidenceFacts, hidden: set[int], marked: set[int]) -> None:
    (marked if confidence.show_as_withheld else hidden).add(confidence.item_version)
    hidden.add(confidence.recorded_version)
