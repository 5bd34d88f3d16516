"""The API's version and its description (OpenAPI) as the NL API Design Rules ask.

`API_VERSION` is the full semver of the REST API whose major is the `/v1` in its base path;
every response names it in `API-Version` (/core/version-header). The description documents
only the versioned API: its paths are relative to the server `/api/v1` (/core/uri-version),
every error is problem details (/core/error-handling/problem-details), every operation that
takes input may answer 400 (/core/error-handling/invalid-input), every response names its
headers, and every request header the API reads is documented with its allowed values.
The same document is served at `/api/v1/openapi.json` and `/openapi.json`, to anyone
(/core/publish-openapi: no login, CORS open to all origins; it holds no data).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

API_VERSION = "1.0.0"
API_BASE_PATH = "/api/v1"
PROBLEM = "application/problem+json"

LICENSE = {"name": "EUPL-1.2", "identifier": "EUPL-1.2"}

DESCRIPTION = (
    "REST voor professionals van het sociaal wijkteam. Elke handeling vraagt een reden (veld `reason`); elke inzage "
    "staat in het toegangslog (NEN 7513) voordat er gegevens terugkomen.\n\n"
    "**Fouten** zijn altijd `application/problem+json` (RFC 9457): `title`, `status`, `detail` (Nederlands, voor "
    "mensen), `code` (de regel, voor programma's), `invalidParams` bij invoerfouten en `traceId`. Ongeldige invoer "
    "is 400, met alle fouten tegelijk.\n\n"
    "**Versie**: elke response heeft `API-Version` (semver); de major staat in het pad (`/v1`).\n\n"
    "**Lijsten** worden met een cursor gepagineerd: `limit` en `cursor`; `_links.next.href` geeft de volgende "
    "pagina, en ontbreekt op de laatste. De onderdelen van één dossier en zijn geschiedenis komen in hun geheel "
    "(hun omvang is die van het dossier zelf).\n\n"
    "Een pad met een slash aan het eind bestaat niet (404)."
)

TAGS: list[dict[str, str]] = [
    {"name": "signalen", "description": "Signalen over een huishouden ontvangen en beantwoorden."},
    {"name": "huishoudens", "description": "De huishoudens die u mag zien, het overzicht van een dossier, de "
                                           "geschiedenis en het dossier zoals het op een moment was vastgelegd."},
    {"name": "leden", "description": "De leden van een huishouden."},
    {"name": "regie", "description": "Casusregie: regisseur, overdracht, tandem en warme overdracht."},
    {"name": "contacten", "description": "Contactmomenten met het huishouden."},
    {"name": "beoordeling", "description": "ZRM, participatieladder en veiligheid van kinderen."},
    {"name": "plan", "description": "Het plan van het huishouden: versies, instemming en acties."},
    {"name": "verwijzingen", "description": "Verwijzingen naar voorzieningen en het besluit daarover."},
    {"name": "keuzevrijheid", "description": "Het verzoek om een andere medewerker en het besluit daarover."},
    {"name": "evaluatie en afsluiting", "description": "Evaluaties, monitoring, afsluiten en heropenen."},
    {"name": "klachten", "description": "Klachten over hoe iemand is behandeld, van indienen tot besluit."},
    {"name": "privacy", "description": "Toestemming, wettelijke plichten, achterhouden, vertrouwelijke "
                                       "informatie, zienswijzen, correcties en wissen."},
    {"name": "steering", "description": "Cijfers voor sturing: caseload en klachtenoverzicht (geen "
                                        "persoonsgegevens)."},
    {"name": "toegangslog", "description": "Het toegangslog exporteren (CSV, FHIR AuditEvent)."},
    {"name": "privacyfunctionaris", "description": "De console van de functionaris gegevensbescherming: "
                                                   "zoeken in het log, noodtoegang toetsen, signalen."},
]

# Function names that say too little on their own, or twice: the operationId they get instead.
OPERATION_IDS = {
    "POST /complaints/{complaint_id}/close": "closeComplaint",
    "POST /households/{household_id}/close": "closeDossier",
    "POST /households/{household_id}/reopen": "reopenDossier",
    "POST /complaints/{complaint_id}/decision": "decideComplaint",
    "POST /complaints/{complaint_id}/acknowledge": "acknowledgeComplaint",
    "POST /complaints/{complaint_id}/route": "chooseComplaintRoute",
    "POST /complaints/{complaint_id}/advice": "giveCommissionAdvice",
    "POST /complaints/{complaint_id}/extension": "extendComplaintTerm",
    "GET /households/{household_id}/worker-change-requests": "listWorkerChangeRequests",
    "POST /households/{household_id}/erasure": "eraseHousehold",
    "POST /households/{household_id}/withholdings": "withholdInformation",
    "GET /access-log/signals": "listAccessSignals",
    "GET /access-log/lines": "searchAccessLogLines",
    "GET /access-log/people/{person_id}": "listWhoLookedAtPerson",
    "GET /access-log/emergency": "listEmergencyAccess",
    "POST /access-log/emergency/{entry_id}/review": "reviewEmergencyAccess",
    "GET /access-log/export.csv": "exportAccessLogCsv",
    "GET /access-log/export.fhir.json": "exportAccessLogFhir",
    "GET /figures": "getSteeringFigures",
    "GET /complaints-overview": "getComplaintsOverview",
    "GET /teams/{team}/caseload": "getTeamCaseload",
    "GET /workers/{worker_id}/caseload": "getWorkerCaseload",
    "GET /processing-register": "getProcessingRegister",
    "GET /households/{household_id}/history": "getHouseholdHistory",
    "GET /households/{household_id}/as-of": "getHouseholdAsOf",
}

_READ_TEXT = ("Eén beslissing van de privacylaag en één regel in het toegangslog vóór er iets terugkomt. Wat u niet "
              "mag zien, is weggelaten (en geteld) of gemarkeerd als achtergehouden. Geen toegang, of een dossier "
              "dat niet bestaat: hetzelfde antwoord 403.")
_COMMAND_TEXT = ("Een opdracht: de body vraagt een reden (`reason`). Met een `Idempotency-Key` wordt een herhaling "
                 "van dezelfde opdracht niet nog eens uitgevoerd maar krijgt het eerste antwoord. Elke poging staat in "
                 "het toegangslog. Regels van het domein weigeren met 400 (invoer), 403 (rol of mandaat) of 409 "
                 "(fase of gelijktijdige wijziging), met de regel in `code`.")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def operation_id(route: Any) -> str:
    """The operationId of a route (the app's id function): the name chosen above, or its function's name
    in lowerCamelCase."""
    path = route.path_format[len(API_BASE_PATH):] if route.path_format.startswith(API_BASE_PATH) else route.path_format
    for method in sorted(route.methods or ()):
        chosen = OPERATION_IDS.get(f"{method} {path}")
        if chosen:
            return chosen
    return _camel(route.name)


def _headers(api_roles: list[str], purposes: list[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Response headers and request header parameters, once in components."""
    response_headers = {
        "API-Version": {"description": "De volledige versie van de API (semver); de major staat in het pad.",
                        "schema": {"type": "string", "example": API_VERSION}},
        "X-Trace-Id": {"description": "Het trace-nummer van dit verzoek (W3C trace-id, 32 hex-tekens).",
                       "schema": {"type": "string", "pattern": "^[0-9a-f]{32}$"}},
    }
    parameters = {
        "XPurpose": {"name": "X-Purpose", "in": "header", "required": False,
                     "description": "Het doel van de verwerking, uit het verwerkingsregister. Zonder deze header geldt "
                                    "het standaarddoel van uw rol. Een doel dat het register niet kent, wordt "
                                    "geweigerd (400, `purpose.unknown`, met de doelen die er zijn); een doel dat niet "
                                    "bij uw rol of de gegevens past ook (403, `purpose.outside_activity`).",
                     "schema": {"type": "string", "enum": purposes}},
        "XWijkdossierRole": {"name": "X-Wijkdossier-Role", "in": "header", "required": False,
                             "description": "Welke van uw rollen in het token u nu gebruikt, als het token er meer "
                                            "heeft. Een rol die niet in het token staat, wordt geweigerd (403).",
                             "schema": {"type": "string", "enum": api_roles}},
        "XEmergencyReason": {"name": "X-Emergency-Reason", "in": "header", "required": False,
                             "description": "Noodtoegang: waarom u nu zonder toewijzing in dit dossier moet kijken. "
                                            "Alleen voor professionals van het team; elke noodtoegang wordt achteraf "
                                            "getoetst door de functionaris gegevensbescherming.",
                             "schema": {"type": "string", "minLength": 1, "maxLength": 1000}},
        "Traceparent": {"name": "traceparent", "in": "header", "required": False,
                        "description": "W3C Trace Context: het trace-nummer van de aanroeper loopt door in het "
                                       "toegangslog en in `X-Trace-Id`.",
                        "schema": {"type": "string",
                                   "pattern": "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"}},
        "IdempotencyKey": {"name": "Idempotency-Key", "in": "header", "required": False,
                           "description": "1 tot 200 zichtbare ASCII-tekens (bijvoorbeeld een UUID), per opdracht "
                                          "nieuw. Dezelfde sleutel met dezelfde body geeft het eerste antwoord; met "
                                          "een andere body 422.",
                           "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,200}$"}},
    }
    return response_headers, parameters


def _operation(op: dict[str, Any], method: str) -> None:
    secured = any("HTTPBearer" in requirement for requirement in op.get("security", []))
    if secured:
        refs = ["XPurpose", "XWijkdossierRole", "XEmergencyReason"]
        if method == "post":
            refs.append("IdempotencyKey")
        op.setdefault("parameters", []).extend({"$ref": f"#/components/parameters/{r}"} for r in refs)
    op.setdefault("parameters", []).append({"$ref": "#/components/parameters/Traceparent"})
    responses = op["responses"]
    takes_input = bool(op.get("parameters")) or "requestBody" in op
    if not takes_input:
        responses.pop("400", None)
    if method != "post":
        responses.pop("422", None)  # only a reused Idempotency-Key, which only commands take
    if not secured:
        for status in ("401", "403"):
            responses.pop(status, None)
    for status, response in responses.items():
        response["headers"] = {name: {"$ref": f"#/components/headers/{name}"} for name in ("API-Version", "X-Trace-Id")}
        if status[0] in "45":
            response["content"] = {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    if not op.get("description"):
        kind = _COMMAND_TEXT if method == "post" else _READ_TEXT
        op["description"] = f"{op.get('summary', '')}. {kind}"


def build_openapi(app: FastAPI) -> dict[str, Any]:
    """The description of `/api/v1`, relative to its server; cached on the app like FastAPI's own."""
    if app.openapi_schema:
        return app.openapi_schema
    from domain.vocabulary import Role
    from privacy.register import current_register

    doc = get_openapi(title=app.title, version=API_VERSION, summary=app.summary, description=DESCRIPTION,
                      routes=app.routes, tags=TAGS, license_info=LICENSE,
                      servers=[{"url": API_BASE_PATH, "description": "Deze omgeving (het pad is relatief aan de "
                                                                    "plek van dit document)."}])
    # Who answers questions: the municipality's team (WIJKDOSSIER_API_CONTACT_*). Set here: FastAPI's
    # own model would want email-validator for it.
    doc["info"]["contact"] = app.state.api_settings.contact
    paths: dict[str, Any] = {}
    for full, item in doc["paths"].items():
        if not full.startswith(API_BASE_PATH + "/"):
            continue  # operations outside the versioned API (/health, the public keys) are not part of it
        path = full[len(API_BASE_PATH):]
        for method, op in item.items():
            _operation(op, method)
        paths[path] = item
    doc["paths"] = paths
    components = doc.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    roles = sorted(r.value for r in Role if r is not Role.SYSTEM)
    components["headers"], components["parameters"] = _headers(roles, sorted(current_register().purposes))
    app.openapi_schema = doc
    return doc


def install_openapi(app: FastAPI) -> None:
    """Serve the description at the API's own base path and at the root, readable from any origin."""
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]

    def openapi_json(request: Request) -> JSONResponse:
        return JSONResponse(build_openapi(app), headers={
            "Access-Control-Allow-Origin": "*",
            # CORS alone does not open a response that CORP keeps same-origin for no-cors reads.
            "Cross-Origin-Resource-Policy": "cross-origin",
            "Cache-Control": "no-cache",
        })

    for path in (f"{API_BASE_PATH}/openapi.json", "/openapi.json"):
        app.add_api_route(path, openapi_json, methods=["GET"], include_in_schema=False)
