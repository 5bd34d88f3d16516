"""The household dossier, one module per area of its life; `HouseholdDossier` puts them together."""

from domain.dossier.assessment import FIRST_CONTACT_TERM_DAYS
from domain.dossier.household import HouseholdDossier

__all__ = ["FIRST_CONTACT_TERM_DAYS", "HouseholdDossier"]
