"""Where the system knows people's names, for `privacy.audit_names` (the privacy officer's console).

Staff: the `wiring.directory.Directory` the entry point handed the app (`wijkdossier serve`: the
demo's, `demo.directory`), in demo mode only, as the store keeps no names of staff; a
municipality's identity provider would supply it. Clients: the name in their household's dossier, found through the
caseload view's person index. Only the name is taken; the dossier itself never leaves here.
One instance per request: it caches what it looked up, so a page of lines loads each
household once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from domain.errors import DomainError, DossierErasedError
from privacy.audit_names import ERASED
from wiring.directory import Directory

logger = logging.getLogger(__name__)


def staff_directory(directory: Directory, demo: bool) -> Mapping[str, Any]:
    """The staff names come from: the directory's in demo mode, else none.

    The store holds no staff directory (events carry a worker's id, role and organisation, never a
    name), so outside the demo a name is not known and the console shows the id as unknown: the
    demo's made-up names must never be put on a real installation's workers whose ids happen to match.
    """
    return directory.staff if demo else {}


def staff_card(user_id: str, staff: Mapping[str, Any]) -> dict[str, str] | None:
    """Name, role, organisation, phone and e-mail of one worker, for the client who works with them."""
    member = staff.get(user_id)
    if member is None:
        return None
    return {"name": member.name, "role": member.role.value, "organisation": member.organisation,
            "phone": member.phone, "email": member.email}


def partner_directory(directory: Directory) -> list[dict[str, str]]:
    """The partner organisations a client can give consent to share with: reference, name, kind."""
    return [{"ref": ref, "name": name, "kind": kind} for ref, name, kind in directory.partners]


class StoreNames:
    """A `privacy.audit_names.NameSource` over the event store and the caseload view."""

    def __init__(self, dossiers: Any, caseload_view: Any, staff: Mapping[str, Any]) -> None:
        self.dossiers = dossiers
        self.caseload = caseload_view
        self.staff = staff
        self._dossiers: dict[str, Any] = {}

    def staff_name(self, user_id: str) -> str | None:
        member = self.staff.get(user_id)
        return None if member is None else member.name

    def staff_organisation(self, user_id: str) -> str | None:
        member = self.staff.get(user_id)
        return None if member is None else member.organisation

    def _dossier(self, household_id: str) -> Any:
        if household_id not in self._dossiers:
            try:
                self._dossiers[household_id] = self.dossiers.get_dossier(UUID(household_id))
            except DossierErasedError:
                self._dossiers[household_id] = ERASED
            except (DomainError, ValueError) as exc:
                logger.info("no dossier for a name lookup: %s", type(exc).__name__)
                self._dossiers[household_id] = None
        return self._dossiers[household_id]

    def person_name(self, person_id: str, household_id: str | None = None) -> str | None:
        """The name in the household the log line names, else in any household the person belongs to."""
        candidates = [household_id] if household_id else []
        candidates += [str(h) for h in self.caseload.households_of_person(person_id) if str(h) != household_id]
        for household_id in candidates:
            dossier = self._dossier(str(household_id))
            if dossier is None or dossier == ERASED:
                continue
            member = dossier.members.get(person_id)
            if member and member.name:
                return str(member.name)
        return None

    def household_name(self, household_id: str) -> str | None:
        dossier = self._dossier(household_id)
        if dossier is None:
            return None
        if dossier == ERASED:
            return "huishouden (" + ERASED + ")"
        members = list(dossier.members.values())
        first = next((m for m in members if str(m.relation) == "applicant"), members[0] if members else None)
        if first is None or not first.name:
            return f"huishouden in team {dossier.team.capitalize()} (nog zonder leden)"
        return f"huishouden van {first.name}"
