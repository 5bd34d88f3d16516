"""The portal's extra pages: the review page, and in demo mode a picker of demo people to log in as.

`create_app` includes `portal_router(demo_issuer, directory)`. The demo routes exist only when the
demo issuer does (WIJKDOSSIER_DEMO=1): they stand in for DigiD and for the identity
provider of the complaint commission, and they list the scenario households and the people
of the directory `wijkdossier serve --demo` hands in (`demo.directory`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel

from api.context import services_of
from api.errors import ApiError
from domain.dossier.entry import Member
from domain.members import is_minor
from domain.vocabulary import Role
from wiring.directory import Directory

STATIC_DIR = Path(__file__).resolve().parent / "static"
REVIEW_ROLES = (Role.COMPLAINT_COMMISSION.value, Role.OMBUDSMAN.value)
COMMISSION_ID = "klachtencommissie-sociaal-domein"  # the commission the demo complaints are referred to

_RELATION_WORDS = {"applicant": "aanvrager", "partner": "partner", "child": "kind", "parent": "ouder",
                   "other_adult": "andere volwassene", "foster_child": "pleegkind"}


def portal_router(demo_issuer: Any | None, directory: Directory) -> APIRouter:
    """GET /portal/review always; with a demo issuer also the demo people and the demo reviewer login."""
    router = APIRouter(include_in_schema=False)

    @router.get("/portal/review")
    def review_page() -> HTMLResponse:
        return HTMLResponse((STATIC_DIR / "review.html").read_text(encoding="utf-8"))

    @router.get("/portal/kopie")
    def readable_copy_page() -> HTMLResponse:
        """The client's readable copy: a page shell; its data comes over GraphQL (exportMyData) with their own login."""
        return HTMLResponse((STATIC_DIR / "kopie.html").read_text(encoding="utf-8"))

    @router.get("/portal/review/report")
    def review_report_page() -> HTMLResponse:
        """The printable report: a page shell; its data comes over GraphQL with the reviewer's own token."""
        return HTMLResponse((STATIC_DIR / "review-report.html").read_text(encoding="utf-8"))

    if demo_issuer is not None:
        _add_demo_routes(router, demo_issuer, directory)
    return router


class DemoPerspectives(BaseModel):
    person_id: str


class DemoReviewLogin(BaseModel):
    role: str = Role.COMPLAINT_COMMISSION.value


def _add_demo_routes(router: APIRouter, issuer: Any, directory: Directory) -> None:
    @router.get("/portal/demo-people")
    def demo_people(request: Request) -> dict[str, Any]:
        """The scenario households' members to log in as (demo data: made-up people), and the complaints."""
        dossiers = services_of(request).dossiers
        return {"households": scenario_logins(directory, dossiers), "complaints": demo_complaints(directory, dossiers),
                "reviewers": demo_reviewers(directory, dossiers)}

    @router.post("/portal/demo-perspectives")
    def demo_perspectives(body: DemoPerspectives, request: Request) -> dict[str, Any]:
        """Every way this demo person can look: as themself, and as the parent of each minor in the household.

        DigiD Machtigen would hand the portal one authorisation per person; the demo mints one login for each,
        so the portal can switch between "ik" and "mijn kind" without logging out."""
        logins = [login for household in scenario_logins(directory, services_of(request).dossiers) for login in household["logins"]
                  if login["person_id"] == body.person_id]
        if not logins:
            raise ApiError("Kies een persoon uit de lijst.", field="person_id", code="invalid_input")
        return {"perspectives": [_perspective(issuer, login) for login in logins]}

    @router.post("/portal/demo-review-login")
    def demo_review_login(body: DemoReviewLogin) -> dict[str, str]:
        if body.role not in REVIEW_ROLES:
            raise ApiError("role: kies 'complaint_commission' of 'ombudsman'.", field="role", code="invalid_input")
        # The demo's own commission member or ombudsman: the complaints name them as holders.
        member = directory.central(Role(body.role))[0]
        organisation = COMMISSION_ID if body.role == Role.COMPLAINT_COMMISSION.value else member.organisation
        return {"token": issuer.mint(role=body.role, subject=member.id, team=None, organisation=organisation),
                "name": member.name}


def scenario_logins(directory: Directory, dossiers: Any, today: date | None = None) -> list[dict[str, Any]]:
    """Per scenario household: who can log in, as client, or as a parent representing a minor.

    Demo only. The scenario households are made up; their members' names help pick a person.
    """
    today = today or date.today()
    known = set(dossiers.household_ids())
    households = []
    for scenario in directory.scenarios:
        if scenario.household_id not in known:
            continue
        members = list(dossiers.get_dossier(scenario.household_id).members.values())
        adults = [m for m in members if not _is_minor(m, today)]
        minors = [m for m in members if _is_minor(m, today)]
        logins = [{"label": f"{m.name} ({_relation(m)})", "role": Role.CLIENT.value,
                   "person_id": m.person_id, "represents": ""} for m in members]
        for minor in minors:
            for parent in adults:
                logins.append({"label": f"{parent.name} als ouder van {minor.name}",
                               "role": Role.LEGAL_REPRESENTATIVE.value, "person_id": parent.person_id,
                               "represents": minor.person_id})
        households.append({"scenario": scenario.key, "title": scenario.title, "team": scenario.team,
                           "household_id": str(scenario.household_id), "logins": logins})
    return households


_STAGE_WORDS = {"commission": "bij de klachtencommissie", "advised": "advies gegeven", "ombudsman": "bij de ombudsman",
                "decided": "besloten", "closed": "afgesloten", "intake": "klachtopvang", "mediation": "bemiddeling"}


def _complaint_name(directory: Directory, complaint_id: Any) -> str:
    return directory.complaint_names.get(complaint_id) or f"Klacht {str(complaint_id)[:8]}"


def demo_complaints(directory: Directory, dossiers: Any) -> list[dict[str, str]]:
    """The complaints in the store: those a reviewer can still review (commission, advised, ombudsman) first,
    the scenario's own before the generated ones; `role` says who may review it now.

    A decided complaint is closed for review by the privacy layer.
    """
    from privacy.rules import COMMISSION_STAGES, OMBUDSMAN_STAGES

    found = []
    for complaint_id in dossiers.complaint_ids():
        stage = str(dossiers.get_complaint(complaint_id).stage)
        role = (Role.COMPLAINT_COMMISSION.value if stage in COMMISSION_STAGES
                else Role.OMBUDSMAN.value if stage in OMBUDSMAN_STAGES else "")
        name = _complaint_name(directory, complaint_id)
        found.append({"complaint_id": str(complaint_id), "stage": stage, "role": role,
                      "label": f"{name} ({_STAGE_WORDS.get(stage, stage)})"})
    found.sort(key=lambda c: (not c["role"], not c["label"].startswith("Scenario"), c["label"]))
    return found


def demo_reviewers(directory: Directory, dossiers: Any) -> list[dict[str, str]]:
    """Who to log in as, by name, and which complaint lies with them (the review login says so)."""
    complaints = demo_complaints(directory, dossiers)
    people = []
    for role, button in ((Role.COMPLAINT_COMMISSION, "klachtencommissie"), (Role.OMBUDSMAN, "ombudsman")):
        member = directory.central(role)[0]
        mine = next((c for c in complaints if c["role"] == role.value), None)
        pick = f"; kies dan „{mine['label']}”" if mine else "; er ligt nu geen klacht bij u"
        people.append({"role": role.value, "name": member.name,
                       "text": f"Inloggen als {button}: u bent {member.name} ({member.organisation}){pick}."})
    return people


def _perspective(issuer: Any, login: dict[str, Any]) -> dict[str, Any]:
    """One way to look at a dossier: the words for the switch, and the login that goes with it."""
    if login["role"] == Role.CLIENT.value:
        name = login["label"].rsplit(" (", 1)[0]
        return {"key": "self", "label": "mijzelf", "name": name, "token": issuer.mint(
            role=Role.CLIENT.value, subject=login["person_id"], team=None)}
    own, represented = login["label"].split(" als ouder van ", 1)
    return {"key": "represents:" + login["represents"], "label": "mijn kind, " + represented, "name": own,
            "represented": represented, "relation": "ouder", "token": issuer.mint(
                role=Role.LEGAL_REPRESENTATIVE.value, subject=login["person_id"], team=None,
                represents=[login["represents"]])}


def _relation(member: Member) -> str:
    return _RELATION_WORDS.get(str(member.relation), str(member.relation))


def _is_minor(member: Member, today: date) -> bool:
    return is_minor(member.date_of_birth, today)
