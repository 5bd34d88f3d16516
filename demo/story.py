"""One generated household's history, built in memory on the aggregate and saved once.

`HouseholdStory(...).tell()` walks a household from its signal to the phase it was given
(signal only, answered, intake, assessment, support, evaluation, monitoring, closed, or
reopened after a relapse), with the side paths of real casework: outreach refusals, late
first contacts, referrals of every kind, tandems, handovers, consents, statements,
corrections, worker-change requests and complaints.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from faker import Faker

from domain.assessment import ZRM_2013_DOMAINS
from domain.complaint import Complaint
from domain.dossier import HouseholdDossier
from domain.errors import NotMandatedError
from domain.mandate import MandateStep
from domain.vocabulary import ActionOwnerKind, ChildSafetyOutcome, ReferralKind, Role, SignalSource
from demo import texts
from demo.complaints import complaint_start, tell_complaint
from demo.ids import household_id
from demo.mix import START_DAYS, plan_for
from demo.people import Person, make_household
from demo.staff import TEAMS, StaffMember, partner, team_staff
from demo.timeline import Timeline

class HouseholdStory:
    """Builds one household's dossier (and complaints) in memory; `tell()` returns what to save.

    `app` is only used for the few unmandated decision attempts, which go through the
    application service so that it records the refusal as it does in real use.
    """

    def __init__(self, app: Any, *, seed: int, index: int, now: datetime, fake: Faker | None = None) -> None:
        self.app = app
        self.key = f"demo:{seed}:{index:05d}"
        self.id = household_id(self.key)
        self.rng = random.Random(f"{seed}:{index}")
        # One shared Faker, reseeded per household: creating one costs milliseconds.
        self.fake = fake or Faker("nl_NL")
        self.fake.seed_instance(self.rng.randrange(2**32))
        self.phase, self.features = plan_for(index, self.rng)
        self.now = now
        low, high = START_DAYS[self.phase]
        start = now - timedelta(days=self.rng.uniform(low, high))
        self.clock = Timeline(start, now, self.rng)
        self.team = list(TEAMS)[index % len(TEAMS)]
        self.profile = self._choose_profile()
        self.household = make_household(self.key, self.rng, self.fake, start.date(),
                                         require_children=self.profile.needs_children or self.features.needs_children,
                                         child_ages=self.features.child_ages)
        pick = self.rng.choice
        self.cd: StaffMember = pick(team_staff(self.team, Role.CASE_DIRECTOR))
        self.pd = team_staff(self.team, Role.PROCESS_DIRECTOR)[0]
        self.tl = team_staff(self.team, Role.TEAM_LEAD)[0]
        self.sw = pick(team_staff(self.team, Role.SOCIAL_WORKER))
        self.mc = team_staff(self.team, Role.MUNICIPAL_CONSULTANT)[0]
        self.ao = team_staff(self.team, Role.ADMINISTRATIVE_OFFICER)[0]
        self.fd = pick(team_staff(self.team, Role.FRONT_DESK_VOLUNTEER))
        self.d: HouseholdDossier | None = None
        self.complaints: list[Complaint] = []
        self.refused_attempts = 0
        self.support_time: datetime | None = None
        self.simple_question = self.rng.choice(texts.SIMPLE_QUESTIONS)

    def _choose_profile(self) -> texts.Profile:
        return self.rng.choice(texts.PROFILES)

    # ------------------------------------------------------------------ the walk

    def tell(self) -> list[Any]:
        """Build the history; returns the aggregates with pending events (dossier first)."""
        self._signal()
        if self.phase == "signal":
            return self._result()
        if self.phase == "answered":
            self.d.answer_without_dossier(answer=self.simple_question[1], by=self.clock.by(self.fd, "enkelvoudige vraag (004 §10)",
                                                                         hours=0.3))
            return self._result()
        self._open()
        if self.phase == "intake":
            return self._result()
        self._assign_and_meet()
        self._assess()
        if self.phase == "assessment":
            return self._result()
        self._plan()
        self._support()
        if self.phase == "support":
            self._complaint()
            return self._result()
        self._finish_actions()
        self._evaluate()
        self._complaint()
        if self.phase == "evaluation":
            return self._result()
        if self.phase == "monitoring" or self.rng.random() < 0.5 or self.phase == "reopened":
            self._monitor()
        if self.phase == "monitoring":
            return self._result()
        if self.phase == "closed" or self.rng.random() < 0.4:
            self._close()
        if self.phase == "reopened":
            self._reopen()
        return self._result()

    def _result(self) -> list[Any]:
        return [self.d, *self.complaints]

    # ------------------------------------------------------------------ steps

    def _signal(self) -> None:
        source = self.rng.choice(self.profile.sources)
        description = self.profile.signal
        if self.phase == "answered":
            source, description = SignalSource.SELF, self.simple_question[0]
        kind = texts.PARTNER_KIND_FOR_SOURCE.get(source)
        if kind:
            actor: Any = partner(kind, self.rng.randrange(2))
            reason = "signaal van ketenpartner aan het wijkteam (convenant sociaal domein)"
        elif source == SignalSource.SELF and self.rng.random() < 0.6 or self.phase == "answered":
            actor, reason = self.fd, "inloop bij het wijkteam: inwoner stelt een vraag"
        else:
            actor, reason = self.sw, "telefonisch signaal ontvangen"
        self.d = HouseholdDossier.receive_signal(
            household_id=self.id, source=source.value, reporter=texts.SIGNAL_REPORTERS[source],
            description=f"{description} Adres: {self.household.address}.", team=self.team,
            by=self.clock.by(actor, reason),
        )

    def _open(self) -> None:
        opener = self.sw if self.rng.random() < 0.7 else self.tl
        self.d.open_dossier(summary=f"Vraag op meerdere leefgebieden ({self.profile.key}).",
                            by=self.clock.by(opener, texts.WMO_INQUIRY, days=self.rng.uniform(0.5, 4)))
        for member in self.household.members:
            self.d.add_member(person_id=member.person_id, name=member.name, date_of_birth=member.date_of_birth,
                              relation=member.relation.value, by=self.clock.by(opener, texts.PUBLIC_TASK))

    def _assign_and_meet(self) -> None:
        assigner = self.pd if self.rng.random() < 0.8 else self.tl
        self.d.assign_case_director(worker_id=self.cd.id,
                                    by=self.clock.by(assigner, texts.WMO_INQUIRY, days=self.rng.uniform(1, 6)))
        adults = [m.person_id for m in self.adults()]
        if self.features.outreach:
            for _ in range(self.rng.randint(1, 2)):
                self.d.record_contact(kind="outreach", outcome="refused", with_person_ids=adults[:1],
                                      note="Deur geopend maar hulp afgewezen.",
                                      by=self.clock.by(self.cd, texts.OUTREACH, days=self.rng.uniform(1, 5)))
        elif self.rng.random() < 0.1:
            self.d.record_contact(kind="phone", outcome="not_reached", by=self.clock.by(self.cd, texts.WMO_INQUIRY,
                                                                                         hours=3))
        delay = self.rng.uniform(3, 6) if self.features.late_contact else self.rng.uniform(0.1, 1.8)
        self.d.record_contact(kind="home_visit", with_person_ids=adults, note="Keukentafelgesprek.",
                              by=self.clock.by(self.cd, texts.WMO_INQUIRY,
                                               days=delay if delay >= 1 else 0, hours=0 if delay >= 1 else delay * 24))

    def _assess(self) -> None:
        today = self.clock.now.date()
        for member in self.adults():
            assessor = self.cd if self.rng.random() < 0.7 else self.sw
            self.d.assess_zrm(person_id=member.person_id, scores=self._baseline_scores(),
                              by=self.clock.by(assessor, texts.WMO_INQUIRY, hours=1))
            if member.age_on(today) < 67:
                self.d.assess_participation(person_id=member.person_id, level=self.rng.choice((1, 2, 2, 3, 3, 4, 6)),
                                            by=self.clock.by(assessor, texts.WMO_INQUIRY))
        if self.household.children(today):
            self._child_safety()

    def _child_safety(self) -> None:
        self.d.assess_child_safety(meldcode_step=1, outcome="in_progress", summary="Signalen in kaart gebracht.",
                                   by=self.clock.by(self.cd, texts.MELDCODE, days=1))
        if not self.features.veilig_thuis:
            outcome = self.rng.choice((ChildSafetyOutcome.NO_CONCERNS, ChildSafetyOutcome.SUPPORT_ORGANISED))
            self.d.assess_child_safety(meldcode_step=3, outcome=outcome.value, summary="Gesprek met de ouders gevoerd.",
                                       by=self.clock.by(self.cd, texts.MELDCODE, days=self.rng.uniform(2, 7)))
            return
        self.d.assess_child_safety(meldcode_step=5, outcome="reported_to_veilig_thuis",
                                   summary="Afgewogen en gemeld bij Veilig Thuis.",
                                   by=self.clock.by(self.cd, texts.MELDCODE, days=self.rng.uniform(3, 8)))
        item = self.d.version
        self.d.record_legal_duty(duty_id="veilig-thuis-1", partner="Veilig Thuis", legal_basis=texts.CHILD_SAFETY_DUTY,
                                 sections=["child_safety"], by=self.clock.by(self.cd, texts.CHILD_SAFETY_DUTY))
        parents = self.household.parents_of_children(self.clock.now.date())
        from_parent = parents[-1]
        self.d.withhold_information(withholding_id="veiligheid-kind-1", item_version=item, section=None,
                                    from_person_id=from_parent.person_id,
                                    by=self.clock.by(self.pd, texts.WITHHOLDING, hours=2))

    def _plan(self) -> None:
        applicant = self.household.applicant
        goals = [{"goal_id": "g1", "text": self.profile.goal, "member_ids": [applicant.person_id]}]
        children = [c for c in self.household.children(self.clock.now.date())]
        if self.profile.needs_children and children:
            goals.append({"goal_id": "g2", "text": "Het kind voelt zich veilig en gaat graag naar school.",
                          "member_ids": [children[0].person_id]})
        actions = [self._action(f"a{n + 1}", action, "g1") for n, action in enumerate(self.profile.actions)]
        plan = {"problems": [self.profile.problem], "goals": goals, "results": [self.profile.result],
                "solutions": list(self.profile.solutions), "actions": actions}
        self.d.adopt_plan_version(plan=plan, by=self.clock.by(self.cd, texts.WMO_INQUIRY, days=self.rng.uniform(3, 14)))
        self.support_time = self.clock.now
        self._agree()

    def _action(self, action_id: str, action: texts.PlanAction, goal_id: str) -> dict[str, Any]:
        owner = action.owner_name
        if action.owner_kind in (ActionOwnerKind.VOLUNTEER, ActionOwnerKind.NETWORK_MEMBER):
            owner = f"{self.rng.choice(texts.VOLUNTEER_FIRST_NAMES)} ({owner})"
        if action.owner_kind == ActionOwnerKind.PROFESSIONAL:
            owner = self.cd.id
        due = self.clock.now.date() + timedelta(weeks=self.rng.randint(3, 16))
        return {"action_id": action_id, "description": action.description, "owner_kind": action.owner_kind.value,
                "owner_name": owner, "due_on": due, "goal_id": goal_id}

    def _agree(self) -> None:
        """The applicant agrees; for a child in a goal, per age: under 12 a parent, 12 and over the child too."""
        version = self.d.current_plan.plan_version
        applicant = self.household.applicant
        self.d.agree_to_plan(plan_version=version, person_id=applicant.person_id,
                             by=self.clock.by(applicant.as_client(), "akkoord met het plan van aanpak", hours=1))
        for goal in self.d.current_plan.plan["goals"]:
            for person in goal["member_ids"]:
                if person == applicant.person_id or person in self.d.current_plan.agreed_by:
                    continue
                child = self._person(person)
                if child.age_on(self.clock.now.date()) < 12:
                    self.d.agree_to_plan(plan_version=version, person_id=person,
                                         by=self.clock.by(applicant.as_representative(),
                                                          "ouder tekent voor kind jonger dan 12", on_behalf_of=person))
                else:
                    self.d.agree_to_plan(plan_version=version, person_id=person,
                                         by=self.clock.by(child.as_client(), "jongere gaat akkoord met het plan"))

    def _support(self) -> None:
        f, rng, applicant = self.features, self.rng, self.household.applicant
        self._contacts(rng.randint(1, 3))
        general = [r for r in self.profile.referrals if r.kind == ReferralKind.GENERAL_PROVISION]
        individual = [r for r in self.profile.referrals if r.kind != ReferralKind.GENERAL_PROVISION]
        if general and rng.random() < 0.7:
            self._referral("r1", general[0], decider=self.cd)
        if f.warm_handover:
            organisation, summary = rng.choice(texts.WARM_HANDOVERS)
            self.d.record_warm_handover(organisation=organisation, summary=summary,
                                        by=self.clock.by(self.cd, texts.CONSENT, days=rng.uniform(3, 10)))
        if f.tandem_worker:
            self.d.assign_tandem_worker(worker_id=self.sw.id, by=self.clock.by(self.tl, texts.PUBLIC_TASK, days=2))
        if f.consent or self.phase == "reopened":
            purpose = rng.choice(texts.CONSENT_PURPOSES)
            self.d.grant_consent(consent_id="toestemming-1", person_id=applicant.person_id,
                                 partner=partner(purpose[0]).id, purpose=purpose[1], sections=list(purpose[2]),
                                 valid_until=self.clock.now.date() + timedelta(days=365),
                                 by=self.clock.by(applicant.as_client(), texts.CONSENT, days=rng.uniform(1, 5)))
        if self.features.handover:
            new = self._other_case_director()
            self.d.hand_over_case_director(to_worker_id=new.id, warm=True,
                                           by=self.clock.by(self.tl, "herverdeling caseload", days=rng.uniform(5, 30)))
            self.cd = new
        if individual and (f.individual_referral or self.profile.key == "thuis wonen" and rng.random() < 0.5):
            self._individual_referral(individual[0])
        if f.worker_change:
            self.d.request_other_worker(request_id="wissel-1", person_id=applicant.person_id,
                                        motivation="Het klikt niet met mijn casusregisseur.",
                                        by=self.clock.by(applicant.as_client(), texts.WORKER_CHOICE, days=rng.uniform(5, 20)))
            granted = rng.random() < 0.7 or self.phase in ("evaluation",)
            new = self._other_case_director() if granted else None
            self.d.decide_worker_change(request_id="wissel-1", granted=granted,
                                        explanation="Verzoek besproken met cliënt.",
                                        new_worker_id=new.id if new else None,
                                        by=self.clock.by(self.pd, texts.WORKER_CHOICE, days=rng.uniform(2, 7)))
            if new:
                self.cd = new
        if f.statement or f.correction:
            zrm = next(a for a in self.d.assessments if a.person_id == applicant.person_id)
            if f.statement:
                self.d.add_statement(person_id=applicant.person_id, item_version=zrm.version,
                                     text="Ik zie mijn situatie op het gebied van werk positiever dan hier staat.",
                                     by=self.clock.by(applicant.as_client(), texts.STATEMENT_LAW, days=3))
            if f.correction:
                self.d.request_correction(correction_id="correctie-1", person_id=applicant.person_id,
                                          item_version=zrm.version,
                                          correction="Mijn schulden zijn al deels afgelost; pas dat aan.",
                                          by=self.clock.by(applicant.as_client(), texts.CORRECTION_LAW, days=2))
                self.d.decide_correction(correction_id="correctie-1", accepted=rng.random() < 0.6,
                                         explanation="Besproken en gecontroleerd met de cliënt.",
                                         by=self.clock.by(self.cd, texts.CORRECTION_LAW, days=rng.uniform(2, 9)))
        if rng.random() < 0.1:
            self.d.receive_further_signal(source="gp", reporter="huisarts", description="Huisarts ziet achteruitgang.",
                                          by=self.clock.by(partner("gp"), "signaal van ketenpartner", days=20))
        others = [m for m in self.household.members[1:] if m.age_on(self.clock.now.date()) >= 18]
        if others and rng.random() < 0.03:
            self.d.record_member_left(person_id=others[0].person_id, by=self.clock.by(self.cd, texts.PUBLIC_TASK,
                                                                                     days=30))
        if f.plan_revision:
            self._revise_plan()
        self._contacts(rng.randint(1, 3), spacing=(10, 40))
        if self.phase == "support":
            for action_id in self.d.open_action_ids()[: rng.randint(0, 2)]:
                self.d.complete_action(action_id=action_id, by=self.clock.by(self.cd, texts.PUBLIC_TASK, days=7))
        if f.revoke_consent and "toestemming-1" in self.d.consents:
            self.d.revoke_consent(consent_id="toestemming-1", by=self.clock.by(applicant.as_client(), texts.CONSENT,
                                                                               days=rng.uniform(10, 40)))

    def _referral(self, referral_id: str, referral: texts.Referral, *, decider: StaffMember) -> None:
        requester = self.cd if self.rng.random() < 0.7 else self.sw
        self.d.request_referral(referral_id=referral_id, kind=referral.kind.value, provision=referral.provision,
                                motivation=referral.motivation, person_id=self.household.applicant.person_id,
                                by=self.clock.by(requester, texts.WMO_INQUIRY, days=self.rng.uniform(2, 10)))
        self.d.decide_referral(referral_id=referral_id, decision="granted" if self.rng.random() < 0.95 else "refused",
                               motivation="Past bij de hulpvraag; voorliggende voorziening eerst.",
                               by=self.clock.by(decider, texts.WMO_INQUIRY, days=self.rng.uniform(1, 5)))

    def _individual_referral(self, referral: texts.Referral) -> None:
        youth = referral.kind == ReferralKind.SPECIALIST_YOUTH_CARE
        subject = self.household.applicant
        if youth:
            subject = (self.household.children(self.clock.now.date()) or [subject])[0]
        self.d.request_referral(referral_id="r2", kind=referral.kind.value, provision=referral.provision,
                                motivation=referral.motivation, person_id=subject.person_id,
                                by=self.clock.by(self.cd, texts.YOUTH_CARE if youth else texts.WMO_INQUIRY,
                                                 days=self.rng.uniform(5, 20)))
        if self.features.unmandated_attempt:
            self._unmandated_attempt("r2")
        decider = self.pd if youth or self.rng.random() < 0.3 else self.mc
        granted = self.rng.random() < 0.8
        self.d.decide_referral(referral_id="r2", decision="granted" if granted else "refused",
                               motivation="Besloten op basis van het onderzoek en de motivatie van de casusregisseur.",
                               by=self.clock.by(decider, texts.YOUTH_DECISION if youth else texts.WMO_DECISION,
                                                days=self.rng.uniform(5, 14)))
        self.d.record_contact(kind="letter", with_person_ids=[self.household.applicant.person_id],
                              note="Beschikking verzonden.",
                              by=self.clock.by(self.ao, "administratieve verwerking beschikking", days=2))
        if youth and granted:
            self.d.start_tandem(tandem_id="tandem-1", organisation="Jeugdhulp Horizon", service=referral.provision,
                                by=self.clock.by(self.cd, texts.YOUTH_CARE, days=self.rng.uniform(7, 21)))

    def _unmandated_attempt(self, referral_id: str) -> None:
        """A case director tries to decide what only a mandated role may: refused, and the refusal
        recorded as the application service records it. On the aggregate in memory, so the whole
        household is still saved in one transaction (an interrupted load leaves no half household)."""
        by = self.clock.by(self.cd, texts.WMO_DECISION, days=1)
        try:
            self.d.decide_referral(referral_id=referral_id, decision="granted",
                                   motivation="Casusregisseur wil het zelf toekennen.", by=by)
        except NotMandatedError:
            self.d.record_mandate_refusal(referral_id=referral_id, step=MandateStep.DECISION.value, by=by)
            self.refused_attempts += 1
        else:
            raise AssertionError("demo: an unmandated decision was accepted; the mandate matrix changed")

    def _revise_plan(self) -> None:
        current = self.d.current_plan.plan
        open_ids = self.d.open_action_ids()
        if open_ids:
            self.d.cancel_action(action_id=open_ids[-1], by=self.clock.by(self.cd, "actie past niet meer",
                                                                          days=self.rng.uniform(10, 30)))
        new_action = self._action(f"a{len(current['actions']) + 1}",
                                  texts.PlanAction("Een vrijwilliger helpt een middag per week", ActionOwnerKind.VOLUNTEER,
                                                   "vrijwilliger"), "g1")
        plan = {**current, "actions": [*current["actions"], new_action]}
        self.d.adopt_plan_version(plan=plan, by=self.clock.by(self.cd, "plan bijgesteld met de cliënt", days=2))
        self._agree()

    def _finish_actions(self) -> None:
        for action_id in self.d.open_action_ids():
            if self.rng.random() < 0.85:
                self.d.complete_action(action_id=action_id, by=self.clock.by(self.cd, texts.PUBLIC_TASK,
                                                                             days=self.rng.uniform(7, 40)))
            else:
                self.d.cancel_action(action_id=action_id, by=self.clock.by(self.cd, "actie niet meer nodig", days=5))
        for tandem_id, tandem in self.d.tandems.items():
            if tandem.ended_at is None:
                self.d.end_tandem(tandem_id=tandem_id, by=self.clock.by(self.cd, texts.YOUTH_CARE, days=30))
        for worker in sorted(self.d.tandem_workers):
            self.d.release_tandem_worker(worker_id=worker, by=self.clock.by(self.tl, texts.PUBLIC_TASK, days=1))

    def _evaluate(self) -> None:
        goals = self.d.current_plan.plan["goals"]
        outcomes = {g["goal_id"]: self.rng.choices(("met", "partly_met", "not_met"), weights=(6, 3, 1))[0]
                    for g in goals}
        zrm_after, ladder_after = {}, {}
        for assessment in self.d.assessments:
            improvement = 0 if outcomes["g1"] == "not_met" else self.rng.choice((1, 1, 2))
            zrm_after[assessment.person_id] = {
                domain: min(5, level + (improvement if level <= 3 else 0))
                for domain, level in assessment.scores.items()
            }
        for step in self.d.ladder:
            ladder_after[step.person_id] = min(6, step.level + self.rng.choice((0, 1, 1, 2)))
        self.d.record_evaluation(goal_outcomes=outcomes, summary="Doelen en ZRM besproken met de cliënt.",
                                 zrm_after=zrm_after, ladder_after=ladder_after,
                                 by=self.clock.by(self.cd, texts.WMO_INQUIRY, days=self.rng.uniform(10, 40)))

    def _monitor(self) -> None:
        self.d.start_monitoring(next_check_on=self.clock.now.date() + timedelta(weeks=8),
                                by=self.clock.by(self.cd, "waakvlam na afronding ondersteuning", days=3))
        for _ in range(self.rng.randint(0, 3)):
            if self.clock.days_left() < 30:
                break
            self.d.record_monitoring_check(all_well=True, next_check_on=self.clock.now.date() + timedelta(weeks=16),
                                           by=self.clock.by(self.cd, "waakvlamcontact", days=self.rng.uniform(42, 70)))

    def _close(self) -> None:
        self.d.close(by=self.clock.by(self.cd, "ondersteuning afgerond", days=self.rng.uniform(5, 20)))

    def _reopen(self) -> None:
        self.d.receive_further_signal(source="neighbour", reporter="buurvrouw (anoniem gehouden)",
                                      description="Het gaat weer minder goed.",
                                      by=self.clock.by(self.sw, "telefonisch signaal ontvangen", days=30))
        new = self._other_case_director() if self.d.case_director is None and self.rng.random() < 0.5 else self.cd
        self.d.reopen_after_relapse(case_director_id=new.id, by=self.clock.by(self.tl, "terugval na waakvlam", days=2))
        self.cd = new
        self._contacts(1)
        current = self.d.current_plan.plan
        action = self._action(f"a{len(current['actions']) + 1}",
                              texts.PlanAction("Opnieuw de afspraken van het plan oppakken", ActionOwnerKind.CLIENT,
                                               "cliënt"), "g1")
        self.d.adopt_plan_version(plan={**current, "actions": [*current["actions"], action]},
                                  by=self.clock.by(self.cd, "plan bijgesteld na terugval", days=5))
        self._agree()

    def _complaint(self) -> None:
        stage = self.features.complaint_stage
        if stage is None:
            return
        start = complaint_start(self.rng, stage, self.support_time or self.clock.now, self.now)
        self.complaints.append(tell_complaint(household=self.household, dossier=self.d, team=self.team, stage=stage,
                                              start=start, limit=self.now, rng=self.rng))

    # ---------------------------------------------------------------- helpers

    def _contacts(self, count: int, spacing: tuple[float, float] = (5, 20)) -> None:
        for _ in range(count):
            kind = self.rng.choice(("phone", "office", "home_visit", "video"))
            self.d.record_contact(kind=kind, with_person_ids=[self.household.applicant.person_id],
                                  by=self.clock.by(self.cd, texts.PUBLIC_TASK, days=self.rng.uniform(*spacing)))

    def _baseline_scores(self) -> dict[str, int]:
        scores = {}
        for domain in ZRM_2013_DOMAINS:
            if domain in self.profile.low_domains:
                scores[domain] = self.rng.choice((1, 2, 2, 3, 3))
            elif domain == "justice":
                scores[domain] = self.rng.choice((4, 5, 5, 5))
            else:
                scores[domain] = self.rng.choice((3, 4, 4, 4, 5))
        return scores

    def adults(self) -> list[Person]:
        return self.household.adults(self.clock.now.date())

    def _person(self, person_id: str) -> Person:
        return next(m for m in self.household.members if m.person_id == person_id)

    def _other_case_director(self) -> StaffMember:
        options = [m for m in team_staff(self.team, Role.CASE_DIRECTOR) if m.id != self.d.case_director]
        return self.rng.choice(options)
