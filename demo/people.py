"""Synthetic households: who lives together, their names, dates of birth and address (Faker nl_NL)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from faker import Faker

from domain.members import age_on
from domain.vocabulary import Relation, Role
from demo.ids import person_id
from demo.timeline import Actor


@dataclass(frozen=True)
class Person:
    """A household member as the demo knows them before they enter the dossier."""

    person_id: str
    name: str
    date_of_birth: date
    relation: Relation

    def age_on(self, day: date) -> int:
        return age_on(self.date_of_birth, day)

    def as_client(self) -> Actor:
        return Actor(self.person_id, Role.CLIENT, "inwoner")

    def as_representative(self) -> Actor:
        """A parent acting for their child uses the legal representative role for that child."""
        return Actor(self.person_id, Role.LEGAL_REPRESENTATIVE, "inwoner")


@dataclass
class Household:
    key: str
    address: str
    members: list[Person] = field(default_factory=list)
    composition: str = ""

    @property
    def applicant(self) -> Person:
        return self.members[0]

    def adults(self, day: date) -> list[Person]:
        return [m for m in self.members if m.age_on(day) >= 18]

    def children(self, day: date) -> list[Person]:
        return [m for m in self.members if m.age_on(day) < 18]

    def parents_of_children(self, day: date) -> list[Person]:
        return [m for m in self.members if m.relation in (Relation.APPLICANT, Relation.PARTNER)
                and m.age_on(day) >= 18]


MUNICIPALITY = "Wijkstad"  # fictional: every demo household lives in one municipality


def synthetic_address(fake: Faker) -> str:
    """A Dutch street and postcode from Faker, in the fictional demo municipality."""
    return f"{fake.street_address()}, {fake.postcode()} {MUNICIPALITY}"


# (name, weight, adults as (relation, min age, max age), children (min, max) count)
COMPOSITIONS: tuple[tuple[str, int, tuple[tuple[Relation, int, int], ...], tuple[int, int]], ...] = (
    ("alleenstaande", 30, ((Relation.APPLICANT, 19, 88),), (0, 0)),
    ("stel", 12, ((Relation.APPLICANT, 22, 80), (Relation.PARTNER, 22, 80)), (0, 0)),
    ("eenoudergezin", 22, ((Relation.APPLICANT, 21, 52),), (1, 3)),
    ("gezin met kinderen", 20, ((Relation.APPLICANT, 24, 55), (Relation.PARTNER, 24, 55)), (1, 4)),
    ("ouder stel", 8, ((Relation.APPLICANT, 68, 92), (Relation.PARTNER, 66, 92)), (0, 0)),
    ("volwassene met inwonende ouder", 5, ((Relation.APPLICANT, 38, 62), (Relation.PARENT, 68, 94)), (0, 0)),
    ("pleeggezin", 3, ((Relation.APPLICANT, 30, 55), (Relation.PARTNER, 30, 55)), (1, 2)),
)


def birth_date(rng: random.Random, age: int, on: date) -> date:
    """A date of birth that makes someone exactly `age` on `on`."""
    latest = on.replace(year=on.year - age) if not (on.month == 2 and on.day == 29) else on.replace(
        year=on.year - age, day=28)
    return latest - timedelta(days=rng.randint(0, 364))


def make_household(key: str, rng: random.Random, fake: Faker, on: date, *,
                   require_children: bool = False, child_ages: tuple[int, ...] = ()) -> Household:
    """A household as it stands on `on` (the day its first signal arrives).

    `child_ages` fixes the children's ages on `on` (a family with two parents); otherwise the
    composition and ages are drawn.
    """
    options = [c for c in COMPOSITIONS if c[3][1] > 0] if require_children or child_ages else list(COMPOSITIONS)
    name, _weight, adults, (low, high) = rng.choices(options, weights=[c[1] for c in options])[0]
    if child_ages:
        name, _weight, adults, (low, high) = COMPOSITIONS[3]
        adults = tuple((relation, max(low_age, 18 + max(child_ages)), high_age)
                       for relation, low_age, high_age in adults)
    family_name = fake.last_name()
    address = synthetic_address(fake)
    household = Household(key=key, address=address, composition=name)
    number = 0
    youngest_parent = 200
    for relation, min_age, max_age in adults:
        number += 1
        age = rng.randint(min_age, max_age)
        if relation == Relation.PARTNER and household.members:
            age = max(min_age, min(max_age, household.members[0].age_on(on) + rng.randint(-6, 6)))
        female = rng.random() < (0.62 if relation == Relation.APPLICANT else 0.45)
        first = fake.first_name_female() if female else fake.first_name_male()
        surname = family_name if relation != Relation.PARTNER or rng.random() < 0.6 else fake.last_name()
        household.members.append(Person(person_id(key, number), f"{first} {surname}", birth_date(rng, age, on),
                                        relation))
        youngest_parent = min(youngest_parent, age)
    ages = list(child_ages) or [rng.randint(0, min(17, youngest_parent - 18)) for _ in range(rng.randint(low, high))]
    for age in ages:
        number += 1
        first = fake.first_name_female() if rng.random() < 0.5 else fake.first_name_male()
        relation = Relation.FOSTER_CHILD if name == "pleeggezin" else Relation.CHILD
        surname = fake.last_name() if relation == Relation.FOSTER_CHILD else family_name
        household.members.append(Person(person_id(key, number), f"{first} {surname}", birth_date(rng, age, on),
                                        relation))
    return household
