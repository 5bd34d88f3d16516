"""What every area of the dossier shares: the event base class and the rules that need no area.

An area module declares its events at module level: each is a frozen dataclass whose `apply()`
changes the dossier's state (it also runs on replay, so it never checks or raises). Commands
check the rules with the plain functions below, then trigger one past-tense event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from eventsourcing.domain import Aggregate

from domain.attribution import Attribution
from domain.event_meta import EventMeta
from domain.errors import (
    CaseDirectorError,
    DossierClosedError,
    NotPermittedError,
    UnknownItemError,
    UnknownMemberError,
    WrongPhaseError,
)
from domain.vocabulary import ACTIVE_PHASES, Phase, Role

if TYPE_CHECKING:
    from domain.dossier.household import HouseholdDossier

DIRECTING_ROLES = frozenset({Role.CASE_DIRECTOR, Role.PROCESS_DIRECTOR})


class DossierEvent(Aggregate.Event):
    """One fact about a household. `by`: who acted, in which role, on whose behalf, when, and why."""

    by: Attribution

    meta: ClassVar[EventMeta]  # section, Dutch label, subjects: declared on every event class

    # Whether the fact counts as a change of the dossier (its "last changed" moment); a refused
    # attempt that is only recorded does not.
    changes_dossier: ClassVar[bool] = True

    def mutate(self, aggregate: Any) -> Any:
        dossier = super().mutate(aggregate)
        if self.changes_dossier:
            dossier.last_changed_at = self.by.occurred_at
        return dossier

    def apply(self, aggregate: Any) -> None:  # overridden by every event that changes state
        pass


# ---------------------------------------------------------------------- rules without an area


def require_role(by: Attribution, roles: set[Role] | frozenset[Role], what: str) -> None:
    if by.actor_role not in roles:
        allowed = ", ".join(sorted(r.value for r in roles))
        raise NotPermittedError(f"role_may_act: a {by.actor_role.value} may not {what}; that is for: {allowed}")


def check_not_erased(d: HouseholdDossier) -> None:
    if getattr(d, "erased", False):
        raise DossierClosedError("dossier_not_erased: this dossier was erased; nothing can be added")


def check_phase(d: HouseholdDossier, allowed: set[Phase], rule: str) -> None:
    check_not_erased(d)
    if d.phase not in allowed:
        raise WrongPhaseError(f"phase_allows_command: {rule}; the dossier is now in phase '{d.phase}'")


def check_open(d: HouseholdDossier, what: str) -> None:
    check_not_erased(d)
    if d.phase in (Phase.CLOSED, Phase.ANSWERED):
        raise DossierClosedError(
            f"dossier_not_closed: cannot {what} on a closed dossier; reopen it after a relapse first"
        )
    if d.phase == Phase.SIGNAL:
        raise WrongPhaseError(f"phase_allows_command: cannot {what} before the dossier is opened; open it first")


def check_active(d: HouseholdDossier, what: str) -> None:
    check_open(d, what)
    if d.phase not in ACTIVE_PHASES:
        raise CaseDirectorError(
            f"exactly_one_case_director: cannot {what} before a case director is assigned; assign one first"
        )


def check_member(d: HouseholdDossier, person_id: str | None) -> None:
    if d.members.get(person_id or "") is None:
        raise UnknownMemberError("person_id: not a member of this household; add the member first", field="person_id")


def check_item(d: HouseholdDossier, item_version: int) -> None:
    if isinstance(item_version, bool) or not isinstance(item_version, int) or not 1 <= item_version <= d.version:
        raise UnknownItemError(f"item_version: this dossier has items 1 to {d.version}", field="item_version")
