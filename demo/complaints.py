"""Complaint stories for demo households: every stage, from just filed to the ombudsman."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from domain.complaint import Complaint
from domain.dossier import HouseholdDossier
from domain.vocabulary import ComplaintSubject, Role
from demo import texts
from demo.ids import complaint_id
from demo.people import Household
from demo.staff import central_staff, team_staff
from demo.timeline import Timeline

# Where a generated complaint story stops. "decided_extended" runs the full formal route with
# one extension of the term; "late" is decided after the term (it happens; the figures show it).
COMPLAINT_STAGES = (
    "filed", "acknowledged", "intake", "intake_resolved", "mediation", "commission", "advised",
    "decided", "decided_extended", "closed", "ombudsman", "late",
)
OPEN_STAGES = frozenset({"filed", "acknowledged", "intake", "mediation", "commission", "advised"})

DESCRIPTIONS = (
    "Mijn casusregisseur kwam twee keer niet op een afspraak en belde niet af.",
    "Ik voelde me niet gehoord in het gesprek aan de keukentafel.",
    "De medewerker sprak op een neerbuigende toon over mijn situatie.",
    "Er werd over mij gepraat met school zonder dat ik dat wist.",
)


def tell_complaint(*, household: Household, dossier: HouseholdDossier, team: str, stage: str,
                   start: datetime, limit: datetime, rng: random.Random, number: int = 1) -> Complaint:
    """One complaint about the conduct of the household's case director, told up to `stage`."""
    clock = Timeline(start, limit, rng)
    worker = dossier.case_director or dossier.case_director_history[-1].worker_id
    applicant = household.applicant
    today = start.date()
    minors = [m for m in household.children(today) if m.person_id in dossier.members]
    if minors and rng.random() < 0.3:
        complainant = minors[0].person_id
        filer = applicant.as_representative()
        on_behalf_of: str | None = complainant
    else:
        complainant, filer, on_behalf_of = applicant.person_id, applicant.as_client(), None
    officer = central_staff(Role.COMPLAINT_OFFICER)[number % 2]
    lead = team_staff(team, Role.TEAM_LEAD)[0]
    complaint = Complaint.file(
        complaint_id=complaint_id(household.key, number), household_id=dossier.id,
        complainant_person_id=complainant, about_worker_id=worker, subject=ComplaintSubject.CONDUCT.value,
        description=rng.choice(DESCRIPTIONS), scope_from=None,
        by=clock.by(filer, "klacht over bejegening (klachtenregeling)", on_behalf_of=on_behalf_of),
    )
    if stage == "filed":
        return complaint
    complaint.acknowledge(contact_kind="phone", by=clock.by(officer, texts.COMPLAINT_LAW, hours=3))
    if stage == "acknowledged":
        return complaint
    by_client = {"on_behalf_of": on_behalf_of}
    if stage in ("intake", "intake_resolved", "mediation"):
        complaint.choose_route(route="intake", by=clock.by(filer, "keuze klager: klachtopvang", days=1, **by_client))
        if stage == "intake":
            return complaint
        resolved = stage == "intake_resolved"
        complaint.conclude_mediation(resolved=resolved, summary="Gesprek met teamleider en medewerker.",
                                     by=clock.by(lead, texts.COMPLAINT_LAW, days=rng.randint(3, 10)))
        if resolved:
            return complaint
        complaint.choose_route(route="mediation", by=clock.by(filer, "keuze klager: bemiddeling", days=2,
                                                               **by_client))
        return complaint
    complaint.refer_to_commission(commission_id="klachtencommissie-sociaal-domein",
                                  by=clock.by(filer, "keuze klager: formele klachtbehandeling", days=rng.randint(2, 6),
                                              **by_client))
    if stage == "commission":
        return complaint
    member = central_staff(Role.COMPLAINT_COMMISSION)[number % 3]
    complaint.give_advice(well_founded=rng.random() < 0.5, advice="Advies na hoorzitting met klager en medewerker.",
                          by=clock.by(member, texts.COMPLAINT_LAW, days=rng.randint(14, 24)))
    if stage == "advised":
        return complaint
    if stage == "decided_extended":
        complaint.extend_term(notice="Wij hebben vier weken extra nodig; u ontvangt ons besluit uiterlijk op de "
                                     "nieuwe datum.", by=clock.by(officer, texts.COMPLAINT_LAW, days=5))
    elif stage == "late":
        # Push past the 6-week deadline before deciding (no extension asked).
        clock.advance(days=max(0.0, (complaint.deadline - clock.now).total_seconds() / 86400) + 3)
    complaint.decide(well_founded=bool(complaint.advice and complaint.advice["well_founded"]),
                     decision="Besluit op de klacht, met het advies van de commissie.",
                     by=clock.by(lead, texts.COMPLAINT_LAW, days=rng.randint(2, 6)))
    if stage in ("closed", "ombudsman"):
        complaint.close(by=clock.by(officer, texts.COMPLAINT_LAW, days=2))
    if stage == "ombudsman":
        complaint.forward_to_ombudsman(ombudsman_id=central_staff(Role.OMBUDSMAN)[0].id,
                                       by=clock.by(filer, "klager is ontevreden over de klachtbehandeling",
                                                   days=rng.randint(5, 20), **by_client))
    return complaint


def complaint_start(rng: random.Random, stage: str, support_time: datetime, limit: datetime) -> datetime:
    """Open complaints were filed recently; handled ones during the support period."""
    if stage in OPEN_STAGES:
        return limit - timedelta(days=rng.uniform(2, 30))
    return support_time
