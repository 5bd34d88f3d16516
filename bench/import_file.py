"""A realistic history import file (docs/import.md): households of a previous system, each a whole
dossier life of about twenty steps over months, closed years ago or still running, some with a child
and a youth-care referral, some with a complaint.

    python -m bench.import_file OUT.jsonl --households 50000 [--seed 1] [--source oud-systeem]

Deterministic for a seed. Used by bench/import_bench.py and the import tests.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from domain.assessment import ZRM_2013_DOMAINS

NOW = datetime.now(timezone.utc)
TEAMS = ("noord", "zuid", "oost", "west")
SOURCES = ("self", "neighbour", "gp", "school", "police_care_form", "housing_corporation")
FIRST = ("Anna", "Bert", "Carla", "Dirk", "Esra", "Farid", "Greet", "Hans", "Iris", "Jan", "Kees", "Lotte")
LAST = ("de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Yilmaz", "El Idrissi")
WMO = "uitvoering Wmo 2015 art. 2.3.2"


def line(household: str, step: str, at: datetime, who: str, role: str, why: str = WMO,
         on_behalf_of: str | None = None, **data: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"household": household, "kind": step, "data": data, "who": who, "role": role,
                           "occurred_at": at.isoformat(timespec="seconds"), "why": why}
    if on_behalf_of:
        out["on_behalf_of"] = on_behalf_of
    return out


def household_lines(n: int, rng: random.Random, *, start: datetime | None = None, closed: bool | None = None,
                    child: bool | None = None) -> list[dict[str, Any]]:
    """One household's whole history, in order of time."""
    key = f"HH-{n:07d}"
    team = rng.choice(TEAMS)
    pd, cd = f"pd-{team}-{rng.randint(1, 3):02d}", f"cd-{team}-{rng.randint(1, 12):02d}"
    at = start or NOW - timedelta(days=rng.randint(200, 365 * 24))
    closed = (at < NOW - timedelta(days=500)) if closed is None else closed
    child = rng.random() < 0.4 if child is None else child
    tick = lambda days: at + timedelta(days=days)  # noqa: E731
    family = rng.choice(LAST)
    adult, partner, kid = f"p-{n}-1", f"p-{n}-2", f"p-{n}-3"
    out = [
        line(key, "signal_received", tick(0), pd, "process_director", source=rng.choice(SOURCES),
             reporter="Huisartsenpraktijk De Linde", description="Zorgen over schulden en de opvoeding", team=team),
        line(key, "dossier_opened", tick(0.1), pd, "process_director", summary="Meervoudige vraag: geld en gezin"),
        line(key, "member_added", tick(0.1), pd, "process_director", person_id=adult,
             name=f"{rng.choice(FIRST)} {family}", date_of_birth=f"{at.year - rng.randint(25, 60)}-04-02",
             relation="applicant"),
        line(key, "member_added", tick(0.1), pd, "process_director", person_id=partner,
             name=f"{rng.choice(FIRST)} {family}", date_of_birth=f"{at.year - rng.randint(25, 60)}-09-12",
             relation="partner"),
    ]
    if child:
        out.append(line(key, "member_added", tick(0.1), pd, "process_director", person_id=kid,
                        name=f"{rng.choice(FIRST)} {family}", date_of_birth=f"{at.year - rng.randint(2, 15)}-01-20",
                        relation="child"))
    out += [
        line(key, "case_director_assigned", tick(0.2), pd, "process_director", worker_id=cd),
        line(key, "contact_recorded", tick(1 + rng.random() * 3), cd, "case_director", kind="home_visit",
             with_person_ids=[adult], note="Keukentafelgesprek"),
        line(key, "zrm_assessed", tick(5), cd, "case_director", person_id=adult,
             scores={d: rng.randint(1, 4) for d in ZRM_2013_DOMAINS}),
        line(key, "participation_assessed", tick(5), cd, "case_director", person_id=adult, level=rng.randint(1, 4)),
        line(key, "plan_version_adopted", tick(10), cd, "case_director", plan={
            "problems": ["De administratie loopt achter."],
            "goals": [{"goal_id": "g1", "text": "Zelf de post bijhouden.", "member_ids": [adult]}],
            "results": ["Geen achterstanden meer."], "solutions": ["Hulp van een vrijwilliger"],
            "actions": [{"action_id": "a1", "description": "Wekelijks samen de post doen", "owner_kind": "volunteer",
                         "owner_name": "Vrijwilliger Thuisadministratie",
                         "due_on": (at + timedelta(days=90)).date().isoformat(), "goal_id": "g1"}]}),
        line(key, "plan_agreed", tick(11), adult, "client", why="eigen verzoek cliënt", plan_version=1,
             person_id=adult),
    ]
    for week in range(rng.randint(2, 6)):
        out.append(line(key, "contact_recorded", tick(14 + 14 * week), cd, "case_director",
                        kind=rng.choice(("phone", "home_visit", "office")), with_person_ids=[adult]))
    if child:
        out.append(line(key, "referral_requested", tick(100), cd, "case_director", referral_id="r1",
                        kind="specialist_youth_care", provision="Ambulante jeugdhulp", person_id=kid,
                        motivation="Opvoedvragen die meer vragen dan het wijkteam biedt"))
        out.append(line(key, "referral_decided", tick(104), pd, "process_director", referral_id="r1",
                        decision="granted", motivation="Past bij de vraag van het gezin"))
    out.append(line(key, "action_completed", tick(110), cd, "case_director", action_id="a1"))
    if rng.random() < 0.05:
        out += complaint_lines(key, adult, cd, tick, 112)
    if closed:
        out += [
            line(key, "evaluation_recorded", tick(150), cd, "case_director", goal_outcomes={"g1": "met"},
                 summary="Doel gehaald"),
            line(key, "dossier_closed", tick(160), cd, "case_director"),
        ]
    return [entry for entry in out if datetime.fromisoformat(entry["occurred_at"]) <= NOW] if not closed else out


def complaint_lines(key: str, adult: str, cd: str, tick: Any, day: float) -> list[dict[str, Any]]:
    return [
        line(key, "complaint_filed", tick(day), adult, "client", why="eigen verzoek cliënt", complaint="K1",
             complainant_person_id=adult, about_worker_id=cd, subject="conduct",
             description="Afspraak twee keer niet nagekomen"),
        line(key, "complaint_acknowledged", tick(day + 0.5), "ko-01", "complaint_officer", complaint="K1",
             contact_kind="phone"),
        line(key, "complaint_route_chosen", tick(day + 1), adult, "client", why="eigen verzoek cliënt",
             complaint="K1", route="mediation"),
        line(key, "complaint_mediation_concluded", tick(day + 20), "ko-01", "complaint_officer", complaint="K1",
             resolved=True, summary="Nieuwe afspraken gemaakt"),
    ]


def generate(households: int, *, seed: int = 1, first: int = 1) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    for n in range(first, first + households):
        yield from household_lines(n, rng)


def write(path: Path, households: int, *, seed: int = 1) -> int:
    """Write the file; returns the number of lines (events)."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for entry in generate(households, seed=seed):
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{write(args.out, args.households, seed=args.seed)} regels geschreven naar {args.out}")


if __name__ == "__main__":
    main()
