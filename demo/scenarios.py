"""The five stories of SCENARIOS.md as demo households with fixed, documented ids.

Each id is `uuid5(DEMO_NAMESPACE, key)` (see ids.py), the same in every store and run:

| key | title |
|---|---|
| scenario:mantelzorg | De mantelzorger die wil blijven zorgen |
| scenario:brieven | Brieven die ze niet kan lezen |
| scenario:zorgformulier | Zorgformulier van de politie over een jongere van 15 |
| scenario:zorgmijder | De man die de deur niet opendoet |
| scenario:klacht | Een klacht, en een klacht die er geen is |
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from demo.ids import complaint_id, household_id


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str  # Dutch, for the portal and the CLI
    team: str
    seed_section: str  # where the story comes from

    @property
    def household_id(self) -> UUID:
        return household_id(self.key)

    @property
    def complaint_id(self) -> UUID:
        """The id of the scenario's complaint (only scenario:klacht files one)."""
        return complaint_id(self.key, 1)


MANTELZORG = Scenario("scenario:mantelzorg", "De mantelzorger die wil blijven zorgen", "noord", "004 §12")
BRIEVEN = Scenario("scenario:brieven", "Brieven die ze niet kan lezen", "zuid", "004 §12")
ZORGFORMULIER = Scenario("scenario:zorgformulier", "Zorgformulier van de politie over een jongere van 15", "oost",
                         "003 §3.2.1-3.2.2")
ZORGMIJDER = Scenario("scenario:zorgmijder", "De man die de deur niet opendoet", "west", "003 §2")
KLACHT = Scenario("scenario:klacht", "Een klacht, en een klacht die er geen is", "noord", "001 Amaryllis")

SCENARIOS: tuple[Scenario, ...] = (MANTELZORG, BRIEVEN, ZORGFORMULIER, ZORGMIJDER, KLACHT)


def scenario_for(household: UUID | str) -> Scenario | None:
    """The scenario a household id belongs to, if any."""
    wanted = str(household)
    return next((s for s in SCENARIOS if str(s.household_id) == wanted), None)
