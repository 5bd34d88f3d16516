"""Every event class of the household dossier, area by area.

Views and privacy/ import an event from its area module (`from domain.dossier import plan`, then
`plan.PlanVersionAdopted`), so the name says where it lives; this module only lists them all.
"""

from __future__ import annotations

from domain.dossier import assessment, client_rights, direction, entry, evaluation, plan, privacy_records, referrals
from domain.dossier.base import DossierEvent

AREAS = (entry, direction, assessment, plan, referrals, evaluation, privacy_records, client_rights)
ALL: tuple[type[DossierEvent], ...] = tuple(e for area in AREAS for e in area.EVENTS)
