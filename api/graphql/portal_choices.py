"""What the portal offers a resident to choose from, and what they asked for.

- the purposes that rest on consent (from the processing register) and the partner organisations,
  as GraphQL enums and lists with Dutch names, so the portal never sends or shows a code;
- the people who work on the dossier, by name and with how to reach them (a read of the
  overview and the contacts, through the guard: one access-log line);
- "Mijn klachten en verzoeken": the complaints, correction requests and requests for another
  worker of the person(s) the reader may see, each with its status (one guarded read).
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

import strawberry
from strawberry.types import Info

from api.context import RequestContext
from api.graphql.common import RoleCode, role_code
from api.reading import read
from api.people_names import partner_directory, staff_card, staff_directory
from privacy.model import Action, Decision, Resource, Section
from privacy.redaction import dossier_view, json_ready, section_items_view

CONSENT_BASIS = "dpv:Consent"


@strawberry.enum(description="Een doel waarvoor u toestemming kunt geven om gegevens te delen.")
class ConsentPurpose(Enum):
    CARE_COORDINATION = "care_coordination"
    EVICTION_PREVENTION = "eviction_prevention"


@strawberry.enum(description="Een deel van uw dossier dat u met een partner kunt delen.")
class ShareableSection(Enum):
    ZRM = "zrm"
    PARTICIPATION = "participation"
    PLAN = "plan"
    REFERRALS = "referrals"
    EVALUATION = "evaluation"
    CONTACTS = "contacts"


@strawberry.enum(description="Hoe u uw klacht behandeld wilt zien.")
class ComplaintRouteChoice(Enum):
    INTAKE = "intake"  # klachtopvang: a talk with the worker or their team lead
    MEDIATION = "mediation"  # klachtbemiddeling by someone who was not involved
    COMMISSION = "commission"  # formal handling by the independent commission


@strawberry.enum(description="Waar uw klacht over gaat: hoe u bent behandeld, of de uitkomst van een besluit.")
class ComplaintSubjectChoice(Enum):
    CONDUCT = "conduct"
    DECISION_OUTCOME = "decision_outcome"


@strawberry.enum(description="Een gebied van de zelfredzaamheidsmatrix (ZRM) waarvan u de score kunt delen.")
class ZrmDomain(Enum):
    # Both matrices the team may use (domain.assessment.ZRM_VERSIONS); a test keeps them equal.
    FINANCES = "finances"
    DAYTIME_ACTIVITIES = "daytime_activities"
    WORK_AND_EDUCATION = "work_and_education"
    TIME_USE = "time_use"
    HOUSING = "housing"
    DOMESTIC_RELATIONS = "domestic_relations"
    MENTAL_HEALTH = "mental_health"
    PHYSICAL_HEALTH = "physical_health"
    ADDICTION = "addiction"
    SUBSTANCE_USE = "substance_use"
    ADL = "adl"
    BASIC_ADL = "basic_adl"
    INSTRUMENTAL_ADL = "instrumental_adl"
    SOCIAL_NETWORK = "social_network"
    COMMUNITY_PARTICIPATION = "community_participation"
    JUSTICE = "justice"


@strawberry.input(description="Een toestemming om gegevens te delen: met wie, waarvoor, welke delen en tot wanneer.")
class ConsentInput:
    partner: str = strawberry.field(description="De organisatie, zoals consentChoices.partners haar aanwijst (ref).")
    purpose: ConsentPurpose
    sections: list[ShareableSection]
    valid_until: date = strawberry.field(description="Tot en met deze dag (JJJJ-MM-DD).")
    zrm_domains: list[ZrmDomain] | None = strawberry.field(
        default=None, description="Alleen bij het delen van de ZRM: alleen deze gebieden (leeg: alle).")


# The Dutch words for each enum's choices, for the errors when a value is not one of them.
ENUM_CHOICES_NL: dict[str, tuple[str, str]] = {
    "ConsentPurpose": ("purpose", "afstemming van zorg met een partner; voorkomen van huisuitzetting"),
    "ShareableSection": ("sections", "zelfredzaamheid (ZRM); participatieladder; plan van aanpak; hulp en "
                                     "voorzieningen; evaluatie; gesprekken en contacten"),
    "ComplaintRouteChoice": ("route", "een gesprek (klachtopvang); bemiddeling; de klachtencommissie"),
    "ComplaintSubjectChoice": ("subject", "hoe u bent behandeld; de uitkomst van een besluit (daarvoor maakt u "
                                          "bezwaar)"),
    "ZrmDomain": ("zrmDomains", "financiën; dagbesteding; werk en opleiding; tijdsbesteding; huisvesting; huiselijke "
                                "relaties; geestelijke gezondheid; lichamelijke gezondheid; verslaving; middelengebruik; "
                                "dagelijkse dingen (ADL); basis-ADL; instrumentele ADL; sociaal netwerk; meedoen in de "
                                "samenleving; justitie"),
}


@strawberry.type(description="Een doel waarvoor u toestemming kunt geven, in gewone woorden.")
class PurposeChoice:
    purpose: ConsentPurpose
    name: str
    description: str


@strawberry.type(description="Een organisatie waarmee het wijkteam gegevens kan delen.")
class PartnerChoice:
    ref: str = strawberry.field(description="Waarmee het portaal de organisatie aanwijst (niet om te tonen).")
    name: str
    kind: str


@strawberry.type(description="Waaruit u kiest als u toestemming geeft.")
class ConsentChoices:
    purposes: list[PurposeChoice]
    partners: list[PartnerChoice]


@strawberry.type(description="Iemand die aan uw dossier werkt, en hoe u die bereikt.")
class Worker:
    ref: str = strawberry.field(description="Waarmee het portaal de medewerker aanwijst (niet om te tonen).")
    name: str
    role: RoleCode
    organisation: str
    phone: str | None
    email: str | None
    case_director: bool


@strawberry.type(description="Een klacht of verzoek van u, met hoe het ermee staat.")
class MyRequest:
    kind: str  # complaint, correction, worker_change
    ref: str
    person_id: str
    status: str
    filed_at: str | None
    deadline: str | None
    route: str | None
    item_version: int | None
    text: str | None


def consent_purposes(register: Any) -> list[PurposeChoice]:
    """The register's activities that rest on consent, as the enum knows them (a test keeps them equal)."""
    known = {p.value: p for p in ConsentPurpose}
    return [PurposeChoice(purpose=known[a.purpose], name=a.name, description=a.description)
            for a in register.activities if a.legal_basis == CONSENT_BASIS and a.purpose in known]


def dossier_workers(view: dict[str, Any]) -> list[str]:
    """The workers a (redacted) view names: case director first, then the others in order of appearance.
    Ids without a card in the staff directory (a client who recorded their own visit) are dropped later."""
    overview = view["overview"]
    found = [overview.get("case_director"), overview.get("process_director"), *sorted(overview.get("tandem_workers") or [])]
    contacts = view.get("contacts")
    if isinstance(contacts, list):
        found += [c.get("by") for c in contacts if isinstance(c, dict) and c.get("status") != "withheld"]
    plans = view.get("plan")
    if isinstance(plans, list):  # a professional who owns an action in the plan is named by their id
        found += [a.get("owner_name") for p in plans if isinstance(p, dict) for a in (p.get("plan") or {}).get("actions", [])
                  if a.get("owner_kind") == "professional"]
    seen: list[str] = []
    for worker in found:
        if worker and worker not in seen:
            seen.append(worker)
    return seen


def worker_refs(ctx: RequestContext, household_id: UUID, decision: Decision) -> list[str]:
    """The workers on the dossier as `decision` lets the reader see it (case director first)."""
    view = dossier_view(ctx.dossiers.get_dossier(household_id), decision,
                        sections=[Section.OVERVIEW, Section.CONTACTS, Section.PLAN])
    return dossier_workers(view)


def workers_of(ctx: RequestContext, household_id: UUID) -> list[Worker]:
    """The people on the dossier, as the reader may see it (one guarded read of the overview)."""
    def fetch(decision: Decision) -> list[Worker]:
        refs = worker_refs(ctx, household_id, decision)
        director = ctx.dossiers.get_dossier(household_id).case_director
        workers = []
        staff = staff_directory(ctx.directory, ctx.settings.api.demo)  # no demo names on real workers
        for ref in refs:
            card = staff_card(ref, staff)
            if card is None:
                continue  # no name known: the portal says "een medewerker" rather than show a number
            workers.append(Worker(ref=ref, name=card["name"], role=role_code(card["role"]),
                                  organisation=card["organisation"],
                                  phone=card["phone"], email=card["email"], case_director=ref == director))
        return workers
    return read(ctx, Action.READ, Resource(section=Section.OVERVIEW, household_id=household_id,
                                           person_id=ctx.principal.person_id), fetch)


def requests_of(ctx: RequestContext, household_id: UUID) -> list[MyRequest]:
    """Complaints, correction requests and requests for another worker, with their status."""
    def fetch(decision: Decision) -> list[MyRequest]:
        hidden = decision.obligations.redact_person_ids
        dossier = ctx.dossiers.get_dossier(household_id)
        found: list[MyRequest] = []
        for complaint_id in ctx.dossiers.complaint_ids():
            complaint = ctx.dossiers.get_complaint(complaint_id)
            if complaint.household_id != household_id or complaint.complainant_person_id in hidden:
                continue
            found.append(MyRequest(kind="complaint", ref=str(complaint.id), person_id=complaint.complainant_person_id,
                                   status=str(complaint.stage), filed_at=complaint.filed_at.isoformat(),
                                   deadline=complaint.deadline.isoformat(), route=complaint.route,
                                   item_version=None, text=None))
        statements = section_items_view(dossier, decision, Section.STATEMENTS)["items"]
        for row in statements:
            if isinstance(row, dict) and row.get("kind") == "correction":
                found.append(MyRequest(kind="correction", ref=row["correction_id"], person_id=row["person_id"],
                                       status=row["status"], filed_at=row.get("requested_at"), deadline=None,
                                       route=None, item_version=row.get("item_version"), text=row.get("correction")))
        for row in section_items_view(dossier, decision, Section.OVERVIEW, items="worker_change")["items"]:
            if isinstance(row, dict) and row.get("request_id"):
                row = json_ready(row)
                found.append(MyRequest(kind="worker_change", ref=row["request_id"], person_id=row["person_id"],
                                       status=row["status"], filed_at=row.get("requested_at"), deadline=None,
                                       route=None, item_version=None, text=None))
        return sorted(found, key=lambda r: r.filed_at or "", reverse=True)
    return read(ctx, Action.READ, Resource(section=Section.COMPLAINTS, household_id=household_id,
                                           person_id=ctx.principal.person_id), fetch)


def consent_choices(ctx: RequestContext, household_id: UUID) -> ConsentChoices:
    """What a consent for this household can name. No personal data, but asked about one household
    (the reader's own), so it is decided and logged like the consents it serves."""
    def fetch(_decision: Decision) -> ConsentChoices:
        return ConsentChoices(purposes=consent_purposes(ctx.guard.register),
                              partners=[PartnerChoice(**p) for p in partner_directory(ctx.directory)])
    return read(ctx, Action.READ, Resource(section=Section.CONSENTS, household_id=household_id,
                                           person_id=ctx.principal.person_id), fetch)
