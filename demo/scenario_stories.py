"""The five scenario households told end to end with the events the domain offers.

Each `tell_*` builds the dossier (and complaint) in memory and returns the aggregates to
save; `ScenarioResult.refused_attempts` counts refused commands that stored nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from faker import Faker

from domain.assessment import ZRM_2013_DOMAINS
from domain.complaint import Complaint
from domain.dossier import HouseholdDossier
from domain.errors import NotAComplaintError
from domain.recording import recorded_late
from domain.vocabulary import Relation, Role
from demo import texts
from demo.ids import complaint_id, person_id
from demo.people import Person, birth_date, synthetic_address
from demo.scenarios import BRIEVEN, KLACHT, MANTELZORG, ZORGFORMULIER, ZORGMIJDER, Scenario
from demo.staff import central_staff, partner, staff_by_id
from demo.timeline import Timeline


@dataclass
class ScenarioResult:
    aggregates: list[Any]
    refused_attempts: int = 0
    notes: list[str] = field(default_factory=list)


def _zrm(**low: int) -> dict[str, int]:
    """A ZRM 2013 score sheet: 4 everywhere, 5 for justice, except the domains given."""
    scores = {domain: 4 for domain in ZRM_2013_DOMAINS}
    scores["justice"] = 5
    scores.update(low)
    return scores


class _Teller:
    """Shared set-up: clock, Faker names, staff by id, and the members of the household."""

    def __init__(self, scenario: Scenario, now: datetime, days_ago: float, number: int) -> None:
        self.scenario = scenario
        self.rng = random.Random(scenario.key)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(1000 + number)
        # A story starts in office hours (09:00 UTC), whatever the time the demo is loaded: a start
        # late in the evening fell on the next Dutch calendar day and moved the signal into a
        # complaint's scope, which is counted in Dutch days.
        start = (now - timedelta(days=days_ago)).replace(hour=9, minute=0, second=0, microsecond=0)
        self.clock = Timeline(start, now, self.rng)
        self.staff = staff_by_id()
        self.today = now.date()
        self.family = self.fake.last_name()
        self.address = synthetic_address(self.fake)
        self.members: list[Person] = []

    def s(self, staff_id: str):  # -> StaffMember
        return self.staff[staff_id]

    def person(self, relation: Relation, age_today: int, female: bool, *, extra_days: int | None = None) -> Person:
        first = self.fake.first_name_female() if female else self.fake.first_name_male()
        born = birth_date(self.rng, age_today, self.today) if extra_days is None else (
            self.today.replace(year=self.today.year - age_today) - timedelta(days=extra_days))
        member = Person(person_id(self.scenario.key, len(self.members) + 1), f"{first} {self.family}", born, relation)
        self.members.append(member)
        return member

    def signal(self, *, source: str, reporter: str, description: str, actor: Any, reason: str) -> HouseholdDossier:
        return HouseholdDossier.receive_signal(
            household_id=self.scenario.household_id, source=source, reporter=reporter,
            description=f"{description} Adres: {self.address}.", team=self.scenario.team,
            by=self.clock.by(actor, reason))

    def add_members(self, d: HouseholdDossier, actor: Any) -> None:
        for m in self.members:
            d.add_member(person_id=m.person_id, name=m.name, date_of_birth=m.date_of_birth,
                         relation=m.relation.value, by=self.clock.by(actor, texts.PUBLIC_TASK))


def _due(clock: Timeline, weeks: int) -> date:
    return clock.now.date() + timedelta(weeks=weeks)


def tell_mantelzorg(now: datetime) -> ScenarioResult:
    """1. A GP refers a carer at risk of overload; a friend, then a volunteer; evaluated; monitoring."""
    t = _Teller(MANTELZORG, now, days_ago=430, number=1)
    her = t.person(Relation.APPLICANT, 74, True)
    him = t.person(Relation.PARTNER, 78, False)
    cd, pd, sw = t.s("cd-noord-01"), t.s("pd-noord-01"), t.s("sw-noord-01")
    c = t.clock
    d = t.signal(source="gp", reporter="huisarts",
                 description="Mevrouw zorgt voor haar man met dementie en dreigt overbelast te raken. "
                             "Dagbesteding voor meneer zou haar ontlasten.",
                 actor=partner("gp"), reason="verwijzing huisarts met medeweten van mevrouw")
    d.open_dossier(summary="Mantelzorger dreigt overbelast te raken.", by=c.by(sw, texts.WMO_INQUIRY, days=1))
    t.add_members(d, sw)
    d.assign_case_director(worker_id=cd.id, by=c.by(pd, texts.WMO_INQUIRY, days=1))
    d.record_contact(kind="home_visit", with_person_ids=[her.person_id, him.person_id],
                     note="Keukentafelgesprek. Mevrouw heeft beloofd voor haar man te zorgen zolang ze kan. "
                          "Ze wil één middag per week voor zichzelf, geen dagbesteding.",
                     by=c.by(cd, texts.WMO_INQUIRY, hours=20))
    d.assess_zrm(person_id=her.person_id, scores=_zrm(domestic_relations=2, social_network=2, mental_health=3),
                 by=c.by(cd, texts.WMO_INQUIRY, hours=1))
    d.assess_zrm(person_id=him.person_id, scores=_zrm(adl=2, mental_health=2, physical_health=3,
                                                      community_participation=2),
                 by=c.by(cd, texts.WMO_INQUIRY))
    plan = {
        "problems": ["Ik zorg voor mijn man en het wordt me soms te veel.", "Ik heb geen tijd meer voor mezelf."],
        "goals": [
            {"goal_id": "g1", "text": "Ik wil voor mijn man blijven zorgen zolang ik kan.", "member_ids": [her.person_id]},
            {"goal_id": "g2", "text": "Ik wil één middag per week voor mezelf.", "member_ids": [her.person_id]},
            {"goal_id": "g3", "text": "Mijn man is in goede handen als ik er niet ben.", "member_ids": [him.person_id]},
        ],
        "results": ["Mevrouw heeft elke week een vrije middag.", "Meneer is die middag in vertrouwd gezelschap."],
        "solutions": ["Hulp uit het eigen netwerk.", "Een vrijwilliger als het netwerk wegvalt."],
        "actions": [
            {"action_id": "a1", "description": "Vriendin past elke woensdagmiddag op meneer",
             "owner_kind": "network_member", "owner_name": "Truus (vriendin)", "due_on": _due(c, 2), "goal_id": "g3"},
            {"action_id": "a2", "description": "Mevrouw plant elke woensdagmiddag iets voor zichzelf",
             "owner_kind": "client", "owner_name": "mevrouw", "due_on": _due(c, 2), "goal_id": "g2"},
            {"action_id": "a3", "description": "Casusregisseur belt elke maand hoe het gaat",
             "owner_kind": "professional", "owner_name": cd.id, "due_on": _due(c, 26), "goal_id": "g1"},
        ],
    }
    d.adopt_plan_version(plan=plan, by=c.by(cd, texts.WMO_INQUIRY, days=6))
    d.agree_to_plan(plan_version=1, person_id=her.person_id, by=c.by(her.as_client(), "akkoord met het plan", hours=1))
    d.agree_to_plan(plan_version=1, person_id=him.person_id, by=c.by(him.as_client(), "akkoord met het plan"))
    d.record_contact(kind="phone", with_person_ids=[her.person_id], by=c.by(cd, texts.PUBLIC_TASK, days=30))
    d.record_contact(kind="office", with_person_ids=[her.person_id],
                     note="Mevrouw komt terug: haar vriendin is ziek geworden en kan niet meer oppassen.",
                     by=c.by(her.as_client(), "cliënt meldt zich opnieuw", days=40))
    d.cancel_action(action_id="a1", by=c.by(cd, "vriendin is ziek; actie vervalt", hours=2))
    plan2 = {**plan, "actions": [*plan["actions"], {
        "action_id": "a4", "description": "Vrijwilliger gaat elke woensdagmiddag met meneer wandelen",
        "owner_kind": "volunteer", "owner_name": "Henk (vrijwilliger Humanitas)", "due_on": _due(c, 4),
        "goal_id": "g3"}]}
    d.adopt_plan_version(plan=plan2, by=c.by(cd, "plan bijgesteld: vrijwilliger in plaats van vriendin", days=12))
    d.agree_to_plan(plan_version=2, person_id=her.person_id, by=c.by(her.as_client(), "akkoord met het plan", hours=1))
    d.agree_to_plan(plan_version=2, person_id=him.person_id, by=c.by(him.as_client(), "akkoord met het plan"))
    for action_id in ("a4", "a2"):
        d.complete_action(action_id=action_id, by=c.by(cd, texts.PUBLIC_TASK, days=20))
    d.complete_action(action_id="a3", by=c.by(cd, texts.PUBLIC_TASK, days=120))
    d.record_evaluation(
        goal_outcomes={"g1": "met", "g2": "met", "g3": "met"},
        summary="Mevrouw heeft haar vrije middag; meneer gaat graag mee met de vrijwilliger.",
        zrm_after={her.person_id: _zrm(domestic_relations=4, social_network=3, mental_health=4),
                   him.person_id: _zrm(adl=2, mental_health=2, physical_health=3, community_participation=3)},
        by=c.by(cd, texts.WMO_INQUIRY, days=7))
    d.start_monitoring(next_check_on=_due(c, 12), by=c.by(cd, "waakvlam na afronding ondersteuning", days=1))
    d.record_monitoring_check(all_well=True, next_check_on=_due(c, 14) + timedelta(weeks=12),
                              by=c.by(cd, "waakvlamcontact", days=84))
    return ScenarioResult([d])


def tell_brieven(now: datetime) -> ScenarioResult:
    """2. 'I cannot read the letters': the plan in her own words, general provisions, change at evaluation."""
    t = _Teller(BRIEVEN, now, days_ago=360, number=2)
    her = t.person(Relation.APPLICANT, 41, True)
    cd, pd, sw, fd = t.s("cd-zuid-02"), t.s("pd-zuid-01"), t.s("sw-zuid-01"), t.s("fd-zuid-01")
    c = t.clock
    d = t.signal(source="self", reporter="inwoner zelf (inloop)",
                 description="Inwoner komt binnen met een stapel brieven die ze niet kan lezen.",
                 actor=fd, reason="inloop bij het wijkteam: inwoner stelt een vraag")
    d.open_dossier(summary="Administratie en taal: brieven worden niet begrepen.", by=c.by(sw, texts.WMO_INQUIRY, days=1))
    t.add_members(d, sw)
    d.assign_case_director(worker_id=cd.id, by=c.by(pd, texts.WMO_INQUIRY, days=1))
    d.record_contact(kind="office", with_person_ids=[her.person_id], note="Gesprek met tolk via de telefoon.",
                     by=c.by(cd, texts.WMO_INQUIRY, hours=22))
    d.assess_zrm(person_id=her.person_id, scores=_zrm(finances=3, adl=3, community_participation=2, social_network=3,
                                                      daytime_activities=2),
                 by=c.by(cd, texts.WMO_INQUIRY, hours=1))
    d.assess_participation(person_id=her.person_id, level=1, by=c.by(cd, texts.WMO_INQUIRY))
    plan = {
        "problems": ["Ik kan mijn administratie niet bijhouden.",
                     "Ik kan niet goed Nederlands lezen en begrijp de brieven niet."],
        "goals": [{"goal_id": "g1", "text": "Ik wil mijn eigen administratie doen.", "member_ids": [her.person_id]}],
        "results": ["Mijn administratie is op orde en blijft op orde."],
        "solutions": ["Beter Nederlands leren spreken en lezen.", "Ondersteuning bij de administratie."],
        "actions": [
            {"action_id": "a1", "description": "Samen uitzoeken wat wel en niet lukt en waarom",
             "owner_kind": "client", "owner_name": "cliënt, samen met de casusregisseur", "due_on": _due(c, 3),
             "goal_id": "g1"},
            {"action_id": "a2", "description": "Nederlandse les in het buurthuis", "owner_kind": "client",
             "owner_name": "cliënt", "due_on": _due(c, 26), "goal_id": "g1"},
            {"action_id": "a3", "description": "Leren administreren met een vrijwilliger in een groep",
             "owner_kind": "volunteer", "owner_name": "Fatima (vrijwilliger administratiegroep)",
             "due_on": _due(c, 20), "goal_id": "g1"},
            {"action_id": "a4", "description": "Elke maand met de casusregisseur bespreken hoe het gaat",
             "owner_kind": "professional", "owner_name": cd.id, "due_on": _due(c, 26), "goal_id": "g1"},
        ],
    }
    d.adopt_plan_version(plan=plan, by=c.by(cd, texts.WMO_INQUIRY, days=8))
    d.agree_to_plan(plan_version=1, person_id=her.person_id, by=c.by(her.as_client(), "akkoord met het plan", hours=1))
    for n, (provision, motivation) in enumerate((
            ("Taalles Nederlands in het buurthuis", "Voorliggende voorziening: taal is de sleutel tot de brieven."),
            ("Administratiegroep met vrijwilligers", "Voorliggende voorziening: leren in een groep."))):
        d.request_referral(referral_id=f"r{n + 1}", kind="general_provision", provision=provision,
                           motivation=motivation, person_id=her.person_id, by=c.by(cd, texts.WMO_INQUIRY, days=2))
        d.decide_referral(referral_id=f"r{n + 1}", decision="granted", motivation="Aangemeld; start volgende maand.",
                          by=c.by(cd, texts.WMO_INQUIRY, hours=2))
    d.complete_action(action_id="a1", by=c.by(cd, texts.PUBLIC_TASK, days=20))
    for _ in range(4):
        d.record_contact(kind="office", with_person_ids=[her.person_id], note="Maandelijks gesprek.",
                         by=c.by(cd, texts.PUBLIC_TASK, days=30))
    for action_id in ("a3", "a2", "a4"):
        d.complete_action(action_id=action_id, by=c.by(cd, texts.PUBLIC_TASK, days=10))
    d.record_evaluation(goal_outcomes={"g1": "met"}, summary="Ze opent en begrijpt haar post en betaalt zelf.",
                        zrm_after={her.person_id: _zrm(finances=4, adl=4, community_participation=3, social_network=4,
                                                       daytime_activities=3)},
                        ladder_after={her.person_id: 3}, by=c.by(cd, texts.WMO_INQUIRY, days=7))
    d.start_monitoring(next_check_on=_due(c, 8), by=c.by(cd, "waakvlam na afronding ondersteuning", days=1))
    d.record_monitoring_check(all_well=True, next_check_on=_due(c, 20), by=c.by(cd, "waakvlamcontact", days=56))
    d.close(by=c.by(cd, "ondersteuning afgerond; doel behaald", days=20))
    return ScenarioResult([d])


def tell_zorgformulier(now: datetime) -> ScenarioResult:
    """3. Police care form about a 15-year-old: 2-day term, Meldcode, youth care decided by the process director."""
    t = _Teller(ZORGFORMULIER, now, days_ago=140, number=3)
    mother = t.person(Relation.APPLICANT, 44, True)
    father = t.person(Relation.PARTNER, 46, False)
    # 15 today and already 15 when the care form came in (140 days ago).
    teen = t.person(Relation.CHILD, 15, False, extra_days=170)
    cd, pd, ao = t.s("cd-oost-03"), t.s("pd-oost-01"), t.s("ao-oost-01")
    c = t.clock
    d = t.signal(source="police_care_form", reporter="wijkagent (zorgformulier)",
                 description="Zorgformulier: politie ter plaatse na een ruzie thuis met een jongere van 15.",
                 actor=partner("police"), reason="politie zorgformulier aan het wijkteam (convenant zorg en veiligheid)")
    d.open_dossier(summary="Zorgformulier jeugd; veiligheid thuis beoordelen.", by=c.by(pd, texts.YOUTH_CARE, hours=3))
    t.add_members(d, pd)
    d.assign_case_director(worker_id=cd.id, by=c.by(pd, texts.YOUTH_CARE, hours=1))
    everyone = [mother.person_id, father.person_id, teen.person_id]
    d.record_contact(kind="home_visit", with_person_ids=everyone,
                     note="Gesprek met beide ouders en de jongere, ook apart met de jongere.",
                     by=c.by(cd, texts.YOUTH_CARE, hours=26))
    steps = ((1, "in_progress", "Signalen uit het zorgformulier in kaart gebracht."),
             (2, "in_progress", "Collegiale consultatie; Veilig Thuis geraadpleegd."),
             (3, "in_progress", "Gesprek met ouders en jongere."),
             (4, "in_progress", "Afweging: geen acute onveiligheid, wel hulp nodig."),
             (5, "support_organised", "Besloten: hulp organiseren, geen melding nodig."))
    for step, outcome, summary in steps:
        d.assess_child_safety(meldcode_step=step, outcome=outcome, summary=summary,
                              by=c.by(cd, texts.MELDCODE, days=1 if step > 1 else 0))
    for parent in (mother, father):
        d.assess_zrm(person_id=parent.person_id, scores=_zrm(domestic_relations=2, mental_health=3),
                     by=c.by(cd, texts.WMO_INQUIRY, hours=1))
        d.assess_participation(person_id=parent.person_id, level=6 if parent is father else 4,
                               by=c.by(cd, texts.WMO_INQUIRY))
    plan = {
        "problems": ["Thuis loopt ruzie uit de hand.", "De jongere voelt zich niet gehoord."],
        "goals": [
            {"goal_id": "g1", "text": "Ik wil thuis kunnen praten zonder ruzie.", "member_ids": [teen.person_id]},
            {"goal_id": "g2", "text": "Wij willen rustig blijven als het misgaat.",
             "member_ids": [mother.person_id, father.person_id]},
        ],
        "results": ["Geen politie meer aan de deur.", "Afspraken thuis die iedereen kent."],
        "solutions": ["Gezinsbehandeling door een jeugdhulpaanbieder.", "Sport en een vaste volwassene buiten het gezin."],
        "actions": [
            {"action_id": "a1", "description": "Gezinsgesprekken bij Jeugdhulp Horizon", "owner_kind": "professional",
             "owner_name": "Jeugdhulp Horizon", "due_on": _due(c, 20), "goal_id": "g2"},
            {"action_id": "a2", "description": "Weer naar de voetbaltraining", "owner_kind": "client",
             "owner_name": "jongere", "due_on": _due(c, 3), "goal_id": "g1"},
            {"action_id": "a3", "description": "Oom neemt de jongere één avond per week mee", "owner_kind":
             "network_member", "owner_name": "Ahmed (oom)", "due_on": _due(c, 4), "goal_id": "g1"},
        ],
    }
    d.adopt_plan_version(plan=plan, by=c.by(cd, texts.YOUTH_CARE, days=2))
    for person in (mother, father, teen):
        d.agree_to_plan(plan_version=1, person_id=person.person_id,
                        by=c.by(person.as_client(), "akkoord met het plan (jongere van 15 samen met de ouders)"))
    d.request_referral(referral_id="r1", kind="specialist_youth_care", provision="Ambulante gezinsbehandeling",
                       motivation="Meldcode-afweging: hulp nodig die het wijkteam zelf niet biedt; "
                                  "ouders en jongere willen dit.",
                       person_id=teen.person_id, by=c.by(cd, texts.YOUTH_CARE, days=1))
    d.decide_referral(referral_id="r1", decision="granted", motivation="Toegekend voor zes maanden.",
                      by=c.by(pd, texts.YOUTH_DECISION, days=2))
    d.record_contact(kind="letter", with_person_ids=[mother.person_id, father.person_id],
                     note="Beschikking jeugdhulp verzonden.", by=c.by(ao, "administratieve verwerking beschikking", days=1))
    d.start_tandem(tandem_id="tandem-1", organisation="Jeugdhulp Horizon", service="Ambulante gezinsbehandeling",
                   by=c.by(cd, texts.YOUTH_CARE, days=5))
    d.complete_action(action_id="a2", by=c.by(cd, texts.PUBLIC_TASK, days=14))
    d.record_contact(kind="home_visit", with_person_ids=everyone, note="Voortgang met Jeugdhulp Horizon besproken.",
                     by=c.by(cd, texts.YOUTH_CARE, days=30))
    return ScenarioResult([d])


def tell_zorgmijder(now: datetime) -> ScenarioResult:
    """4. A corporation reports a man who asks no help; refused twice; the process director takes over."""
    t = _Teller(ZORGMIJDER, now, days_ago=300, number=4)
    him = t.person(Relation.APPLICANT, 58, False)
    cd, pd, tl = t.s("cd-west-04"), t.s("pd-west-01"), t.s("tl-west-01")
    corporation = partner("housing_corporation")
    c = t.clock
    d = t.signal(source="housing_corporation", reporter="woonconsulent woningcorporatie",
                 description="Overlast en een verwaarloosde woning; huurachterstand van vier maanden; "
                             "ontruiming dreigt. Bewoner vraagt zelf geen hulp.",
                 actor=corporation, reason="signaal van ketenpartner zonder hulpvraag (vroegsignalering)")
    d.open_dossier(summary="Zorgmijder: dreigende huisuitzetting.", by=c.by(tl, texts.OUTREACH, days=1))
    t.add_members(d, tl)
    d.assign_case_director(worker_id=cd.id, by=c.by(pd, texts.OUTREACH, hours=2))
    d.record_contact(kind="outreach", outcome="refused", with_person_ids=[him.person_id],
                     note="Onaangekondigd bezoek; meneer wil niet praten.", by=c.by(cd, texts.OUTREACH, hours=25))
    d.record_contact(kind="outreach", outcome="refused", with_person_ids=[him.person_id],
                     note="Tweede bezoek; meneer doet de deur weer dicht.", by=c.by(cd, texts.OUTREACH, days=8))
    d.take_over_by_process_director(by=c.by(pd, texts.DOORZETTINGSMACHT, days=3))
    d.record_contact(kind="outreach", with_person_ids=[him.person_id],
                     note="Samen met de woonconsulent; meneer laat ons binnen.", by=c.by(pd, texts.OUTREACH, days=2))
    d.grant_consent(consent_id="toestemming-woning", person_id=him.person_id, partner=corporation.id,
                    purpose="eviction_prevention", sections=["plan"],
                    valid_until=c.now.date() + timedelta(days=365),
                    by=c.by(him.as_client(), texts.CONSENT, hours=1))
    d.assess_zrm(person_id=him.person_id, scores=_zrm(housing=1, finances=1, mental_health=2, social_network=2,
                                                      adl=3, daytime_activities=2),
                 by=c.by(pd, texts.WMO_INQUIRY, days=3))
    d.assess_participation(person_id=him.person_id, level=1, by=c.by(pd, texts.WMO_INQUIRY))
    plan = {
        "problems": ["Ik heb huurachterstand en mijn huis is een rommel.", "Ik wil geen bemoeienis."],
        "goals": [{"goal_id": "g1", "text": "Ik wil in mijn huis blijven wonen.", "member_ids": [him.person_id]}],
        "results": ["De ontruiming gaat niet door.", "De huur wordt elke maand betaald."],
        "solutions": ["Betalingsregeling met de corporatie.", "Schuldhulp.", "Hulp bij het opruimen."],
        "actions": [
            {"action_id": "a1", "description": "Betalingsregeling afspreken met de woningcorporatie",
             "owner_kind": "professional", "owner_name": pd.id, "due_on": _due(c, 2), "goal_id": "g1"},
            {"action_id": "a2", "description": "Woning opruimen met vrijwilligers", "owner_kind": "volunteer",
             "owner_name": "Kees (vrijwilliger klusteam)", "due_on": _due(c, 6), "goal_id": "g1"},
            {"action_id": "a3", "description": "Aanmelden bij Schuldhulp Samen", "owner_kind": "professional",
             "owner_name": pd.id, "due_on": _due(c, 3), "goal_id": "g1"},
        ],
    }
    d.adopt_plan_version(plan=plan, by=c.by(pd, texts.WMO_INQUIRY, days=2))
    d.agree_to_plan(plan_version=1, person_id=him.person_id, by=c.by(him.as_client(), "akkoord met het plan", hours=1))
    d.complete_action(action_id="a1", by=c.by(pd, texts.PUBLIC_TASK, days=6))
    d.record_contact(kind="phone", note="Corporatie trekt de ontruimingsprocedure in: betalingsregeling getekend.",
                     by=c.by(pd, texts.CONSENT, hours=4))
    d.request_referral(referral_id="r1", kind="general_provision", provision="Schuldhulp Samen",
                       motivation="Huurachterstand met andere schulden.", person_id=him.person_id,
                       by=c.by(pd, texts.DEBT_LAW, days=2))
    d.decide_referral(referral_id="r1", decision="granted", motivation="Aangemeld.", by=c.by(pd, texts.DEBT_LAW, hours=1))
    d.record_warm_handover(organisation="Schuldhulp Samen", summary="Overzicht schulden samen met meneer overgedragen.",
                           by=c.by(pd, texts.CONSENT, days=7))
    d.complete_action(action_id="a3", by=c.by(pd, texts.PUBLIC_TASK, hours=1))
    d.complete_action(action_id="a2", by=c.by(pd, texts.PUBLIC_TASK, days=35))
    d.record_evaluation(goal_outcomes={"g1": "met"}, summary="Ontruiming voorkomen; huur wordt betaald.",
                        zrm_after={him.person_id: _zrm(housing=3, finances=3, mental_health=3, social_network=2,
                                                       adl=3, daytime_activities=2)},
                        ladder_after={him.person_id: 2}, by=c.by(pd, texts.WMO_INQUIRY, days=90))
    d.start_monitoring(next_check_on=_due(c, 8), by=c.by(pd, "waakvlam: vinger aan de pols", days=1))
    return ScenarioResult([d])


def tell_klacht(now: datetime) -> ScenarioResult:
    """5. A conduct complaint through intake, mediation and the commission (one extension); worker change;
    a refused Wmo provision is not a complaint and is pointed to bezwaar en beroep."""
    t = _Teller(KLACHT, now, days_ago=240, number=5)
    her = t.person(Relation.APPLICANT, 52, True)
    cd, pd, sw, mc, ao = (t.s(i) for i in ("cd-noord-02", "pd-noord-01", "sw-noord-02", "mc-noord-01", "ao-noord-01"))
    lead, other_lead, officer, commission = (t.s(i) for i in ("tl-noord-01", "tl-zuid-01", "ko-01", "kc-01"))
    c = t.clock
    d = t.signal(source="self", reporter="inwoner zelf", description="Inwoner vraagt hulp bij het huishouden na een "
                 "operatie.", actor=sw, reason="telefonisch signaal ontvangen")
    d.open_dossier(summary="Hulp bij het huishouden na operatie.", by=c.by(sw, texts.WMO_INQUIRY, days=1))
    t.add_members(d, sw)
    d.assign_case_director(worker_id=cd.id, by=c.by(pd, texts.WMO_INQUIRY, days=1))
    d.record_contact(kind="home_visit", with_person_ids=[her.person_id], by=c.by(cd, texts.WMO_INQUIRY, hours=24))
    d.assess_zrm(person_id=her.person_id, scores=_zrm(adl=2, physical_health=2), by=c.by(cd, texts.WMO_INQUIRY, hours=1))
    d.assess_participation(person_id=her.person_id, level=4, by=c.by(cd, texts.WMO_INQUIRY))
    plan = {"problems": ["Na mijn operatie kan ik het huishouden niet meer zelf doen."],
            "goals": [{"goal_id": "g1", "text": "Ik wil mijn huishouden weer zelf kunnen doen.",
                       "member_ids": [her.person_id]}],
            "results": ["Het huis is schoon en ik herstel."], "solutions": ["Hulp uit de familie", "Fysiotherapie"],
            "actions": [
                {"action_id": "a1", "description": "Dochter doet de boodschappen", "owner_kind": "network_member",
                 "owner_name": "Sanne (dochter)", "due_on": _due(c, 4), "goal_id": "g1"},
                {"action_id": "a2", "description": "Oefeningen van de fysiotherapeut doen", "owner_kind": "client",
                 "owner_name": "cliënt", "due_on": _due(c, 12), "goal_id": "g1"}]}
    d.adopt_plan_version(plan=plan, by=c.by(cd, texts.WMO_INQUIRY, days=5))
    d.agree_to_plan(plan_version=1, person_id=her.person_id, by=c.by(her.as_client(), "akkoord met het plan", hours=1))
    d.request_referral(referral_id="r1", kind="wmo_provision", provision="Hulp bij het huishouden",
                       motivation="Kan na de operatie niet schoonmaken; dochter woont ver weg.",
                       person_id=her.person_id, by=c.by(cd, texts.WMO_INQUIRY, days=3))
    d.decide_referral(referral_id="r1", decision="refused",
                      motivation="Netwerk en voorliggende voorzieningen zijn toereikend.",
                      by=c.by(mc, texts.WMO_DECISION, days=10))
    d.record_contact(kind="letter", with_person_ids=[her.person_id], note="Beschikking (afwijzing) verzonden.",
                     by=c.by(ao, "administratieve verwerking beschikking", days=1))
    # The talk about the refusal (what the open complaint is about) was written up nine days after it
    # took place: a late recording, which the review page marks.
    talk = c.by(cd, texts.PUBLIC_TASK, days=7)
    with recorded_late(c.advance(days=9)):
        d.record_contact(kind="office", with_person_ids=[her.person_id], note="Gesprek over de afwijzing.",
                         by=talk)
    earlier = _tell_handled_complaint(her, cd, officer, lead, other_lead, commission, start=c.now, now=now)
    # The open complaint runs on its own clock: filed three weeks ago, about that conversation, and now
    # with the commission (within its term), so the demo has a case for the commission to review.
    k = Timeline(max(c.now + timedelta(days=1), now - timedelta(days=21)), now, t.rng)
    complaint = Complaint.file(
        complaint_id=KLACHT.complaint_id, household_id=KLACHT.household_id, complainant_person_id=her.person_id,
        about_worker_id=cd.id, subject="conduct",
        description="Mijn casusregisseur sprak neerbuigend tegen mij en luisterde niet naar wat ik zei.",
        scope_from=d.opened_at.date(), by=k.by(her.as_client(), "klacht over bejegening (klachtenregeling)"))
    complaint.acknowledge(contact_kind="phone", by=k.by(officer, texts.COMPLAINT_LAW, hours=2))
    complaint.choose_route(route="intake", by=k.by(her.as_client(), "keuze klager: klachtopvang bij de teamleider",
                                                   hours=1))
    complaint.conclude_mediation(resolved=False, summary="Gesprek met teamleider en medewerker; niet opgelost.",
                                 by=k.by(lead, texts.COMPLAINT_LAW, days=6))
    complaint.choose_route(route="mediation", by=k.by(her.as_client(), "keuze klager: bemiddeling", days=1))
    complaint.conclude_mediation(resolved=False, summary="Bemiddeling door een teamleider van een ander team; "
                                 "niet opgelost.", by=k.by(other_lead, texts.COMPLAINT_LAW, days=8))
    complaint.refer_to_commission(commission_id="klachtencommissie-sociaal-domein",
                                  by=k.by(her.as_client(), "keuze klager: formele klachtbehandeling", days=1))
    # Meanwhile in the dossier: keuzevrijheid, and an objection that is not a complaint.
    d.request_other_worker(request_id="wissel-1", person_id=her.person_id,
                           motivation="Na wat er gebeurd is wil ik een andere casusregisseur.",
                           by=c.by(her.as_client(), texts.WORKER_CHOICE, days=3))
    d.decide_worker_change(request_id="wissel-1", granted=True, explanation="Een collega neemt het over.",
                           new_worker_id="cd-noord-03", by=c.by(pd, texts.WORKER_CHOICE, days=2))
    refused = 0
    try:
        Complaint.file(household_id=KLACHT.household_id, complainant_person_id=her.person_id, about_worker_id=mc.id,
                       subject="decision_outcome", description="Ik ben het niet eens met de afwijzing.",
                       by=c.by(her.as_client(), "klacht over de uitkomst van een besluit", days=1))
    except NotAComplaintError:
        refused += 1
    d.record_contact(kind="office", with_person_ids=[her.person_id],
                     note="Bezwaar tegen de afgewezen Wmo-voorziening is geen klacht over bejegening: "
                          "mevrouw is gewezen op bezwaar en beroep.",
                     by=c.by(t.s("cd-noord-03"), "verwijzing naar bezwaar en beroep (Awb)", hours=1))
    return ScenarioResult([d, earlier, complaint], refused_attempts=refused)


def _tell_handled_complaint(her: Person, cd: Any, officer: Any, lead: Any, other_lead: Any, commission: Any, *,
                            start: datetime, now: datetime) -> Complaint:
    """Scenario 5's earlier complaint: the whole formal route with one extension of the term, decided within it,
    and then taken to the ombudsman because she found the handling too slow. Its own random stream, so
    the rest of the scenario keeps its times."""
    k = Timeline(start - timedelta(days=20), now, random.Random(KLACHT.key + ":ombudsman"))
    complaint = Complaint.file(
        complaint_id=complaint_id(KLACHT.key, 2), household_id=KLACHT.household_id,
        complainant_person_id=her.person_id, about_worker_id=cd.id, subject="conduct",
        description="Mijn casusregisseur kwam twee keer niet op de afspraak en belde niet af.",
        scope_from=None, by=k.by(her.as_client(), "klacht over bejegening (klachtenregeling)"))
    complaint.acknowledge(contact_kind="phone", by=k.by(officer, texts.COMPLAINT_LAW, hours=2))
    complaint.choose_route(route="intake", by=k.by(her.as_client(), "keuze klager: klachtopvang bij de teamleider",
                                                   hours=1))
    complaint.conclude_mediation(resolved=False, summary="Gesprek met teamleider en medewerker; niet opgelost.",
                                 by=k.by(lead, texts.COMPLAINT_LAW, days=6))
    complaint.choose_route(route="mediation", by=k.by(her.as_client(), "keuze klager: bemiddeling", days=1))
    complaint.conclude_mediation(resolved=False, summary="Bemiddeling door een teamleider van een ander team; "
                                 "niet opgelost.", by=k.by(other_lead, texts.COMPLAINT_LAW, days=8))
    complaint.refer_to_commission(commission_id="klachtencommissie-sociaal-domein",
                                  by=k.by(her.as_client(), "keuze klager: formele klachtbehandeling", days=1))
    complaint.give_advice(well_founded=True, advice="De commissie acht de klacht gegrond: afspraken zijn niet "
                          "nagekomen.", by=k.by(commission, texts.COMPLAINT_LAW, days=20))
    complaint.extend_term(notice="Wij verlengen de termijn eenmalig met vier weken om het advies zorgvuldig te "
                                 "verwerken.", by=k.by(officer, texts.COMPLAINT_LAW, days=3))
    complaint.decide(well_founded=True, decision="De klacht is gegrond; excuses en vaste afspraken over afbellen.",
                     by=k.by(lead, texts.COMPLAINT_LAW, days=14))
    complaint.close(by=k.by(officer, texts.COMPLAINT_LAW, days=2))
    complaint.forward_to_ombudsman(ombudsman_id=central_staff(Role.OMBUDSMAN)[0].id,
                                   by=k.by(her.as_client(), "klager is ontevreden over de klachtbehandeling", days=9))
    return complaint


TELLERS: dict[str, Callable[[datetime], ScenarioResult]] = {
    MANTELZORG.key: tell_mantelzorg,
    BRIEVEN.key: tell_brieven,
    ZORGFORMULIER.key: tell_zorgformulier,
    ZORGMIJDER.key: tell_zorgmijder,
    KLACHT.key: tell_klacht,
}
