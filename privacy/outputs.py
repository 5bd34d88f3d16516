"""Every way data leaves the system, and what shapes it on the way out.

A path that carries a person's dossier content is shaped by the one redaction in
`privacy.redaction` (`dossier_view`, `section_items_view`, `history_view`/`release_event`),
so two paths can never disagree about what the same person may see. The tests enumerate
the REST routes, the GraphQL fields and the CLI commands and fail on any that is missing
here: a new way out cannot be added without saying what it carries.

Commands over REST answer only a receipt (`CommandResult`: the version written); those need
no entry. Everything else does.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Carries(StrEnum):
    DOSSIER = "dossier"  # a person's dossier content: through privacy.redaction
    ACCESS_LOG = "access_log"  # access-log lines: for the client as plain words, for the officer as the export
    RECORDS = "records"  # overview, complaint, caseload and figure records: no dossier content
    PROOF = "proof"  # hashes, signatures, public keys: no content at all
    NOTHING = "nothing"  # no personal data (health, the API description, the demo's own tooling)


@dataclass(frozen=True)
class OutputPath:
    carries: Carries
    shaped_by: str  # the function in privacy/ (or the view) that decides the shape
    client_reachable: bool = False  # a client or representative can call it (so it must keep confidences)


D, L, R, P, N = Carries.DOSSIER, Carries.ACCESS_LOG, Carries.RECORDS, Carries.PROOF, Carries.NOTHING
SECTION = "privacy.redaction.section_items_view"
HISTORY = "privacy.redaction.history_view"
DOSSIER = "privacy.redaction.dossier_view"

OUTPUT_PATHS: dict[str, OutputPath] = {
    # REST reads
    "GET /health": OutputPath(N, "api.app.health"),
    "GET /metrics": OutputPath(N, "api.observability (counts and latencies per route template, no data)"),
    "GET /.well-known/wijkdossier-keys": OutputPath(P, "infra.integrity public keys"),
    "GET /openapi.json": OutputPath(N, "api.openapi (the API description, no data)"),
    "GET /api/v1/openapi.json": OutputPath(N, "api.openapi (the API description, no data)"),
    "GET /": OutputPath(N, "a pointer to the portal"),
    "GET /portal": OutputPath(N, "the portal's page shell; its data comes over GraphQL"),
    "GET /portal/demo-login": OutputPath(N, "demo only: the login page"),
    "POST /portal/demo-login": OutputPath(N, "demo only: a demo token"),
    "GET /api/v1/households": OutputPath(R, "privacy.listing (overview rows)", client_reachable=True),
    "GET /api/v1/households/{household_id}": OutputPath(R, "api.views.overview", client_reachable=True),
    "GET /api/v1/households/{household_id}/history": OutputPath(D, HISTORY, client_reachable=True),
    "GET /api/v1/households/{household_id}/as-of": OutputPath(R, "api.views.overview", client_reachable=True),
    "GET /api/v1/households/{household_id}/members": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/households/{household_id}/contacts": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/households/{household_id}/zrm": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/households/{household_id}/ladder": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/households/{household_id}/child-safety": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/households/{household_id}/plan": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/households/{household_id}/actions": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/households/{household_id}/referrals": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/households/{household_id}/worker-change-requests": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/households/{household_id}/evaluations": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/households/{household_id}/consents": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/households/{household_id}/withholdings": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/households/{household_id}/statements": OutputPath(D, SECTION, client_reachable=True),
    "GET /api/v1/complaints": OutputPath(R, "complaints view (records, no dossier content)"),
    "GET /api/v1/complaints/{complaint_id}": OutputPath(R, "complaint record", client_reachable=True),
    "GET /api/v1/teams/{team}/caseload": OutputPath(R, "caseload view"),
    "GET /api/v1/workers/{worker_id}/caseload": OutputPath(R, "caseload view"),
    "GET /api/v1/figures": OutputPath(R, "steering figures (aggregates)"),
    "GET /api/v1/complaints-overview": OutputPath(R, "complaints view (aggregates)"),
    "GET /api/v1/access-log/export.csv": OutputPath(L, "api.audit_export (privacy officer)"),
    "GET /api/v1/access-log/export.fhir.json": OutputPath(L, "api.audit_export (privacy officer)"),
    # the privacy officer's console: log lines, with names through privacy.audit_names (no dossier content)
    "GET /api/v1/access-log/lines": OutputPath(L, "privacy.audit_names (privacy officer)"),
    "GET /api/v1/access-log/people": OutputPath(L, "privacy.audit_names (names only, privacy officer)"),
    "GET /api/v1/access-log/people/{person_id}": OutputPath(L, "privacy.rights.plain_line + privacy.audit_names"),
    "GET /api/v1/access-log/emergency": OutputPath(L, "privacy.audit_names (privacy officer)"),
    "POST /api/v1/access-log/emergency/{entry_id}/review": OutputPath(N, "receipt: the finding as recorded"),
    "GET /api/v1/access-log/signals": OutputPath(L, "privacy.access_signals + privacy.audit_names"),
    "GET /api/v1/processing-register": OutputPath(N, "the register of processing activities"),
    # GraphQL
    "graphql Query.me": OutputPath(R, "the principal and household ids", client_reachable=True),
    "graphql Query.myDossier": OutputPath(D, DOSSIER + " via privacy.rights.inzage", client_reachable=True),
    "graphql Query.myPlan": OutputPath(D, DOSSIER, client_reachable=True),
    "graphql Query.myAssessments": OutputPath(D, DOSSIER, client_reachable=True),
    "graphql Query.myConsents": OutputPath(D, DOSSIER, client_reachable=True),
    "graphql Query.consentChoices": OutputPath(N, "the register's consent purposes and the partner directory"),
    "graphql Query.myWorkers": OutputPath(R, DOSSIER + " (overview, contacts, plan): who works on it; names from the staff directory",
                                          client_reachable=True),
    "graphql Query.myRequests": OutputPath(R, "complaint records and " + SECTION + " (corrections, worker change)",
                                           client_reachable=True),
    "graphql Query.myAccessLog": OutputPath(L, "privacy.rights.who_accessed_my_dossier", client_reachable=True),
    "graphql Query.complaint": OutputPath(R, "complaint record (reviewers)"),
    "graphql Query.dossierHistory": OutputPath(D, HISTORY + " (reviewers, in scope)"),
    "graphql Query.reviewWorkspace": OutputPath(D, HISTORY + " and release_event (reviewers, in scope)"),
    "graphql Query.verificationBundle": OutputPath(P, "infra.integrity.bundle"),
    "graphql Mutation.exportMyData": OutputPath(D, "privacy.rights.export_my_data", client_reachable=True),
    "graphql Mutation.addStatement": OutputPath(N, "receipt"),
    "graphql Mutation.requestCorrection": OutputPath(N, "receipt"),
    "graphql Mutation.grantConsent": OutputPath(N, "receipt"),
    "graphql Mutation.revokeConsent": OutputPath(N, "receipt"),
    "graphql Mutation.fileComplaint": OutputPath(N, "receipt"),
    "graphql Mutation.requestOtherWorker": OutputPath(N, "receipt"),
    # CLI
    "cli demo": OutputPath(N, "counts only"),
    "cli households": OutputPath(R, "privacy.listing, or the operator's logged listing"),
    "cli staff": OutputPath(N, "the demo's staff list (no client data)"),
    "cli history": OutputPath(D, HISTORY),
    "cli verify": OutputPath(P, "infra.integrity.verify"),
    "cli keys": OutputPath(P, "infra.crypto key ids"),
    "cli checkpoint": OutputPath(P, "infra.integrity.checkpoint"),
    "cli bundle": OutputPath(P, "infra.integrity.bundle"),
    "cli verify-bundle": OutputPath(P, "infra.integrity.bundle_check"),
    "cli erase": OutputPath(N, "receipt"),
    "cli access-log": OutputPath(L, "privacy officer's export"),
    "cli inzage": OutputPath(D, "privacy.rights.inzage", client_reachable=True),
    "cli export-my-data": OutputPath(D, "privacy.rights.export_my_data", client_reachable=True),
    "cli projections": OutputPath(N, "positions and counts"),
    "cli migrate": OutputPath(N, "schema versions and step names"),
    "cli import": OutputPath(N, "counts, and refused lines by number and the old system's household key"),
    "cli serve": OutputPath(N, "-"),
    "cli token": OutputPath(N, "a demo token"),
}


def rest_key(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def graphql_key(type_name: str, field: str) -> str:
    return f"graphql {type_name}.{field}"


def cli_key(command: str) -> str:
    return f"cli {command}"


def missing_from_registry(keys: set[str]) -> list[str]:
    """The ways out the code has that this registry does not name (each a test failure)."""
    return sorted(k for k in keys if k not in OUTPUT_PATHS)
