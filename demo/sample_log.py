"""A varied, deterministic household log written through the application's commands.

For the projection tests and the projection benchmark: `fill(app, households=40)` loads the demo
municipality (`demo.loader.load_demo`), or with `prefer_demo=False` writes this log. Every path
the views care about occurs: answered without dossier, handovers, take-over, tandem,
contacts late and in time, ZRM before/after, plan versions, agreement, actions done,
cancelled and overdue, Wmo and youth-care referrals, monitoring, closure, reopening,
complaints through every stage, and erasure. Names are synthetic ("Bewoner 3").
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from typing import Any

from demo.loader import load_demo
from domain.assessment import ZRM_2013_DOMAINS
from domain.attribution import Attribution
from domain.vocabulary import Role

START = datetime(2025, 1, 6, 9, 0, tzinfo=timezone.utc)
TEAMS = ("noord", "zuid", "west")


class _Clock:
    def __init__(self, start: datetime):
        self.now = start

    def by(self, actor: str, role: Role, days: float = 0.1, **extra: Any) -> Attribution:
        self.now += timedelta(days=days)
        return Attribution(actor_id=actor, actor_role=role, reason="voorbeeldgegevens", occurred_at=self.now,
                           **extra)


def fill(app: Any, households: int = 40, seed: int = 7, *, prefer_demo: bool = True) -> list[Any]:
    """Write `households` varied households (and their complaints); returns their ids."""
    if prefer_demo:
        load_demo(app, households=households, seed=seed, progress=False)
        return list(app.household_ids())
    rng = random.Random(seed)
    return [_household(app, rng, i) for i in range(households)]


def _scores(rng: random.Random, low: int, high: int) -> dict[str, int]:
    return {d: rng.randint(low, high) for d in ZRM_2013_DOMAINS}


def _household(app: Any, rng: random.Random, i: int) -> Any:  # noqa: PLR0915 - one story, told in order
    clock = _Clock(START + timedelta(days=i * 2.5))
    team = TEAMS[i % len(TEAMS)]
    pd, lead = f"pd-{team}", f"lead-{team}"
    workers = [f"sw-{team}-{n}" for n in range(3)]
    cd = workers[i % 3]
    hid = app.receive_signal(source=rng.choice(["gp", "police_care_form", "housing_corporation", "self"]),
                             reporter="melder", description="zorgen over het huishouden", team=team,
                             by=clock.by("fd-1", Role.FRONT_DESK_VOLUNTEER))
    if i % 10 == 9:
        app.answer_without_dossier(hid, answer="doorverwezen naar het buurthuis", by=clock.by("fd-1", Role.FRONT_DESK_VOLUNTEER))
        return hid
    app.open_dossier(hid, summary="meerdere vragen", by=clock.by(pd, Role.PROCESS_DIRECTOR))
    member = f"p{i}-1"
    app.add_member(hid, person_id=member, name=f"Bewoner {i}", date_of_birth="1980-05-01", relation="applicant",
                   by=clock.by(pd, Role.PROCESS_DIRECTOR))
    if i % 10 == 8:
        return hid  # waits for a case director
    app.assign_case_director(hid, worker_id=cd, by=clock.by(pd, Role.PROCESS_DIRECTOR))
    late = i % 4 == 0
    app.record_contact(hid, kind="home_visit", outcome="not_reached", by=clock.by(cd, Role.CASE_DIRECTOR, 0.5))
    app.record_contact(hid, kind="home_visit", with_person_ids=[member],
                       by=clock.by(cd, Role.CASE_DIRECTOR, 3.0 if late else 0.5))
    app.assess_zrm(hid, person_id=member, scores=_scores(rng, 1, 3), by=clock.by(cd, Role.CASE_DIRECTOR))
    if i % 7 == 0:
        app.assign_tandem_worker(hid, worker_id=workers[(i + 1) % 3], by=clock.by(lead, Role.TEAM_LEAD))
    if i % 6 == 5:
        return hid  # in assessment
    plan = {"problems": ["administratie loopt achter"],
            "goals": [{"goal_id": "g1", "text": "ik doe mijn eigen administratie", "member_ids": [member]}],
            "actions": [
                {"action_id": "a1", "description": "samen uitzoeken wat werkt", "owner_kind": "professional",
                 "owner_name": cd, "due_on": (clock.now + timedelta(days=14)).date().isoformat(), "goal_id": "g1"},
                {"action_id": "a2", "description": "taalles in het buurthuis", "owner_kind": "client",
                 "owner_name": "bewoner", "due_on": (clock.now + timedelta(days=40)).date().isoformat()},
            ]}
    version = app.adopt_plan_version(hid, plan=plan, by=clock.by(cd, Role.CASE_DIRECTOR))
    if i % 3:
        app.agree_to_plan(hid, plan_version=version, person_id=member, by=clock.by(member, Role.CLIENT))
    if i % 5 == 0:
        app.hand_over_case_director(hid, to_worker_id=workers[(i + 2) % 3], by=clock.by(pd, Role.PROCESS_DIRECTOR))
        cd = workers[(i + 2) % 3]
    if i % 11 == 3:
        app.take_over_by_process_director(hid, by=clock.by(pd, Role.PROCESS_DIRECTOR))
        cd, cd_role = pd, Role.PROCESS_DIRECTOR
    else:
        cd_role = Role.CASE_DIRECTOR
    if i % 4 == 1:
        kind = "wmo_provision" if i % 8 == 1 else "specialist_youth_care"
        app.request_referral(hid, referral_id="r1", kind=kind, provision="begeleiding", motivation="nodig",
                             by=clock.by(cd, cd_role))
        if i % 8 != 5:
            app.decide_referral(hid, referral_id="r1", decision=rng.choice(["granted", "refused"]),
                                motivation="besluit", by=clock.by(pd, Role.PROCESS_DIRECTOR))
    if i % 5 == 2:
        _complaint(app, clock, hid, member, cd, i)
    app.complete_action(hid, action_id="a1", by=clock.by(cd, cd_role, 5))
    if i % 6 == 1:
        plan["actions"].append({"action_id": "a3", "description": "vrijwilliger zoeken", "owner_kind": "volunteer",
                                "owner_name": "vrijwilliger", "due_on": (clock.now + timedelta(days=7)).date().isoformat()})
        version = app.adopt_plan_version(hid, plan=plan, by=clock.by(cd, cd_role))
    if i % 3 == 2 or i % 4 == 1 and i % 8 == 5:
        return hid  # in support, with open actions (some overdue by now)
    app.cancel_action(hid, action_id="a2", by=clock.by(cd, cd_role, 20))
    if "a3" in {a["action_id"] for a in plan["actions"]}:
        app.complete_action(hid, action_id="a3", by=clock.by(cd, cd_role))
    app.record_evaluation(hid, goal_outcomes={"g1": "met"}, summary="gaat beter",
                          zrm_after={member: _scores(rng, 2, 5)}, by=clock.by(cd, cd_role, 60))
    app.start_monitoring(hid, next_check_on=(clock.now + timedelta(days=30)).date().isoformat(),
                         by=clock.by(cd, cd_role))
    if i % 4 == 3:
        return hid  # monitored
    app.record_monitoring_check(hid, all_well=True, next_check_on=(clock.now + timedelta(days=60)).date().isoformat(),
                                by=clock.by(cd, cd_role, 31))
    app.close_dossier(hid, by=clock.by(cd, cd_role, 5))
    if i % 9 == 4:
        app.reopen_after_relapse(hid, case_director_id=workers[0], by=clock.by(pd, Role.PROCESS_DIRECTOR, 20))
        app.record_contact(hid, kind="phone", by=clock.by(workers[0], Role.CASE_DIRECTOR))
        app.close_dossier(hid, by=clock.by(workers[0], Role.CASE_DIRECTOR, 30))
    if i % 13 == 6:
        app.record_erasure(hid, legal_basis="bewaartermijn verstreken", by=clock.by(pd, Role.PROCESS_DIRECTOR, 10))
    return hid


def _complaint(app: Any, clock: _Clock, hid: Any, member: str, worker: str, i: int) -> None:
    client = clock.by(member, Role.CLIENT)
    cid = app.file_complaint(household_id=hid, complainant_person_id=member, about_worker_id=worker,
                             subject="conduct", description="niet respectvol behandeld", by=client)
    officer = f"ko-{i % 2}"
    app.acknowledge_complaint(cid, contact_kind="phone", by=clock.by(officer, Role.COMPLAINT_OFFICER))
    stage = (i // 5) % 4
    if stage == 0:
        return
    app.choose_complaint_route(cid, route="intake", by=clock.by(member, Role.CLIENT))
    if stage == 1:
        app.conclude_mediation(cid, resolved=True, summary="opgelost", by=clock.by(officer, Role.COMPLAINT_OFFICER))
        return
    app.conclude_mediation(cid, resolved=False, summary="niet opgelost", by=clock.by(officer, Role.COMPLAINT_OFFICER))
    app.refer_complaint_to_commission(cid, commission_id="kc-1", by=clock.by(member, Role.CLIENT))
    app.extend_complaint_term(cid, notice="we hebben meer tijd nodig", by=clock.by(officer, Role.COMPLAINT_OFFICER, 30))
    if stage == 2:
        return
    app.give_commission_advice(cid, well_founded=True, advice="gegrond", by=clock.by("kc-1", Role.COMPLAINT_COMMISSION))
    app.decide_complaint(cid, well_founded=True, decision="gegrond", by=clock.by("lead-x", Role.TEAM_LEAD))
    app.forward_complaint_to_ombudsman(cid, ombudsman_id="om-1", by=clock.by(member, Role.CLIENT))
