"""The demo staff: four neighbourhood teams, the municipality-wide roles and partner organisations.

Known without reading the store, so the CLI, the API's demo login and tests can name people.
Every role of `domain.vocabulary.Role` appears except `client` (clients are household
members) and `system`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache

from faker import Faker

from domain.vocabulary import Role

STAFF_SEED = 7513  # fixed: staff names stay the same whatever --seed the households use

TEAMS: dict[str, str] = {"noord": "Noord", "zuid": "Zuid", "oost": "Oost", "west": "West"}

# How many people of each role one team has, and the prefix of their ids (cd-noord-03).
TEAM_ROLES: tuple[tuple[Role, str, int], ...] = (
    (Role.TEAM_LEAD, "tl", 1),
    (Role.PROCESS_DIRECTOR, "pd", 1),
    (Role.CASE_DIRECTOR, "cd", 5),
    (Role.SOCIAL_WORKER, "sw", 3),
    (Role.MUNICIPAL_CONSULTANT, "mc", 1),
    (Role.ADMINISTRATIVE_OFFICER, "ao", 1),
    (Role.FRONT_DESK_VOLUNTEER, "fd", 2),
)

# Roles that serve the whole municipality (team None).
CENTRAL_ROLES: tuple[tuple[Role, str, int, str], ...] = (
    (Role.COMPLAINT_OFFICER, "ko", 2, "gemeente"),
    (Role.COMPLAINT_COMMISSION, "kc", 3, "onafhankelijke klachtencommissie"),
    (Role.OMBUDSMAN, "om", 1, "sociale ombudsman"),
    (Role.PRIVACY_OFFICER, "fg", 1, "gemeente"),
    (Role.LEGAL_REPRESENTATIVE, "voogd", 2, "Stichting Jeugdbescherming Regio"),
    (Role.LEGAL_REPRESENTATIVE, "mentor", 1, "Mentorschap Zuid-Holland"),
)

# Partner organisations (role partner): id, organisation, kind of partner.
PARTNERS: tuple[tuple[str, str, str], ...] = (
    ("partner-huisarts-01", "Huisartsenpraktijk De Linde", "gp"),
    ("partner-huisarts-02", "Gezondheidscentrum Het Plein", "gp"),
    ("partner-school-01", "Basisschool De Regenboog", "school"),
    ("partner-school-02", "Scholengemeenschap Het Baken", "school"),
    ("partner-politie-01", "Politie basisteam", "police"),
    ("partner-woning-01", "Woningcorporatie Thuisvast", "housing_corporation"),
    ("partner-ggz-01", "GGZ Rijnstreek", "mental_health"),
    ("partner-schuldhulp-01", "Schuldhulp Samen", "debt_help"),
)


@dataclass(frozen=True)
class StaffMember:
    """One person who acts in the demo; `team` is None for municipality-wide roles and partners."""

    id: str
    role: Role
    team: str | None
    name: str
    organisation: str

    @property
    def phone(self) -> str:
        """A made-up number, the same for the same id (derived, so the seeded names stay as they were)."""
        digits = int(hashlib.sha256(self.id.encode()).hexdigest(), 16) % 10_000
        return f"071 555 {digits:04d}"

    @property
    def email(self) -> str:
        return f"{_slug(self.name, '.')}@{_slug(self.organisation, '-')}.voorbeeld.nl"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["role"] = self.role.value
        data["phone"], data["email"] = self.phone, self.email
        return data


def _slug(text: str, joiner: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return joiner.join(re.findall(r"[a-z0-9]+", plain))


@lru_cache(maxsize=1)
def _staff() -> tuple[StaffMember, ...]:
    fake = Faker("nl_NL")
    fake.seed_instance(STAFF_SEED)
    people: list[StaffMember] = []
    for team in TEAMS:
        for role, prefix, count in TEAM_ROLES:
            for number in range(1, count + 1):
                people.append(
                    StaffMember(f"{prefix}-{team}-{number:02d}", role, team, fake.name(), f"wijkteam {TEAMS[team]}")
                )
    for role, prefix, count, organisation in CENTRAL_ROLES:
        for number in range(1, count + 1):
            people.append(StaffMember(f"{prefix}-{number:02d}", role, None, fake.name(), organisation))
    for partner_id, organisation, _kind in PARTNERS:
        people.append(StaffMember(partner_id, Role.PARTNER, None, fake.name(), organisation))
    return tuple(people)


def demo_staff() -> list[StaffMember]:
    """Every demo staff member, in a fixed order (teams first, then central roles, then partners)."""
    return list(_staff())


def staff_by_id() -> dict[str, StaffMember]:
    return {member.id: member for member in _staff()}


def team_staff(team: str, role: Role) -> list[StaffMember]:
    """The members of one team with one role, in id order."""
    return [m for m in _staff() if m.team == team and m.role == role]


def central_staff(role: Role) -> list[StaffMember]:
    return [m for m in _staff() if m.team is None and m.role == role]


def partner(kind: str, number: int = 0) -> StaffMember:
    """The `number`-th partner of a kind (gp, school, police, housing_corporation, …)."""
    ids = [pid for pid, _org, k in PARTNERS if k == kind]
    return staff_by_id()[ids[number % len(ids)]]
