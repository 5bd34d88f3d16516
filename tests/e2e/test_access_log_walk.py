"""The walk: every REST route, every GraphQL field and every CLI command, called once for a permit and
once for each kind of refusal, leaves exactly its access-log lines — on SQLite and on PostgreSQL.

Each call sends its own W3C `traceparent` (`TRACEPARENT` for the CLI); the lines a call wrote are the
ones after the log's head before it. Every line must carry that trace id (and the caller's span as its
parent), and every line about a household or a person must name whose data it was (data subjects).

The routes, fields and commands are enumerated from the code (OpenAPI, the GraphQL schema, the CLI's
parser), so a new one fails here until the walk knows how to call it.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.app_support import prepare_environment, running_app
from privacy.access_log import UNKNOWN_SUBJECT, StoredAccessLogEntry
from tests.conftest import PG_ADMIN_URL
from tests.e2e.test_api_privacy_path import complaint_in_commission
from tests.e2e.test_api_design_rules import problem_shape
from tests.e2e.test_api_rest import household_in_support

UNKNOWN = "00000000-0000-4000-8000-0000000000aa"
CLIENT_ROLES = {"client", "legal_representative"}
MEMBER = "person-anna"  # the one member of the walk's household (tests.e2e.test_api_rest.household_in_support)


@dataclass
class Call:
    label: str
    kind: str
    lines: list[StoredAccessLogEntry]
    answer: Any = None


@dataclass
class Walker:
    client: Any
    database_url: str
    monkeypatch: pytest.MonkeyPatch
    tmp_path: Path
    calls: list[Call] = field(default_factory=list)
    households: set[str] = field(default_factory=set)  # households with members: their lines need subjects

    @property
    def log(self) -> Any:
        return self.client.app.state.services.access_log

    def call(self, label: str, kind: str, send: Callable[[dict[str, str]], Any], expected: int = 1) -> Call:
        """Run `send(trace_headers)` and check the lines it wrote: how many, their trace, their subjects."""
        trace, parent = secrets.token_hex(16), secrets.token_hex(8)
        before, _ = self.log.head()
        since = datetime.now(timezone.utc) - timedelta(seconds=1)
        answer = send({"traceparent": f"00-{trace}-{parent}-01"})
        lines = [s for s in self.log.query(since=since) if s.position > before]
        where = f"{label} [{kind}]"
        assert len(lines) == expected, (
            f"{where}: {len(lines)} access-log lines, expected {expected}: "
            f"{[(s.entry.outcome, s.entry.decision_rule) for s in lines]} ({_said(answer)})")
        for stored in lines:
            e = stored.entry
            assert e.trace_id == trace, f"{where}: line {stored.position} under trace {e.trace_id}, sent {trace}"
            assert parent in (e.parent_span_id, e.foreign_operation_id), f"{where}: the caller's span is lost"
            # LDV: the register's legal basis and activity on every line whose purpose the register has.
            if e.decision_rule != "purpose.not_registered":
                assert e.legal_basis and e.processing_activity_id != "unregistered", f"{where}: {e.decision_rule}"
            assert e.start_time, f"{where}: line {stored.position} has no start time"
            if kind.startswith("deny"):  # a refusal's one line says so: never a permit that answers 403
                assert e.outcome == "deny", f"{where}: line {stored.position} is a {e.outcome} ({e.decision_rule})"
            subjects = set((e.data_subject_ids or "").split())
            refused_token = e.event == "authentication_refused"
            # Every line names whose data it was, or says it could not tell (`unknown`): never empty.
            assert subjects, f"{where}: line {stored.position} ({e.decision_rule}) names no data subject"
            if e.person_id or e.user_role in CLIENT_ROLES or e.household_id in self.households:
                assert UNKNOWN_SUBJECT not in subjects, f"{where}: line {stored.position} ({e.decision_rule})"
            if refused_token:
                assert subjects == {UNKNOWN_SUBJECT}, f"{where}: a refused token names {subjects}"
            if e.action == "search" and e.section == "overview" and e.outcome == "permit" and \
                    e.user_id in ("pd-noord-01", "cd-noord-01"):
                # A list of households names the members of those on it: here the walk's household.
                assert MEMBER in subjects, f"{where}: the list's line names {subjects}"
            if e.household_id in self.households and e.person_id is None:
                # A household-level line names each member whose data it showed (or, refused, would have).
                assert MEMBER in subjects, f"{where}: line {stored.position} ({e.decision_rule}) names {subjects}"
        made = Call(label, kind, lines, answer)
        self.calls.append(made)
        return made

    def cli(self, label: str, kind: str, argv: list[str], expected: int = 1, capsys: Any = None) -> Call:
        from cli.main import main as cli_main

        def send(headers: dict[str, str]) -> Any:
            self.monkeypatch.setenv("TRACEPARENT", headers["traceparent"])
            try:
                return cli_main(argv)
            except SystemExit as stop:  # argparse and the commands' own refusals
                return stop.code
            finally:
                self.monkeypatch.delenv("TRACEPARENT")
        return self.call(label, kind, send, expected)


def _said(answer: Any) -> str:
    text = getattr(answer, "text", None)
    status = getattr(answer, "status_code", None)
    return f"{status} {text[:300]}" if text is not None else repr(answer)[:300]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def walker(request, tmp_path, monkeypatch) -> Iterator[Walker]:  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    if request.param == "sqlite":
        settings = request.getfixturevalue("sqlite_settings")
        url = f"sqlite:///{settings.sqlite_path}"
    else:
        settings = request.getfixturevalue("postgres_settings")
        url = f"{PG_ADMIN_URL}?schema={settings.schema}"
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", url)  # the CLI opens the same store as the app
    with running_app(tmp_path, settings=settings) as client:
        yield Walker(client, url, monkeypatch, tmp_path)


# ------------------------------------------------------------------------------------------ REST

# The values a path's parameters take in the walk (the household and complaint are made first).
PATH_VALUES = {"team": "noord", "worker_id": "cd-noord-01", "person_id": "person-anna", "plan_version": "1",
               "action_id": "a1", "referral_id": "r1", "request_id": "wcr-1", "consent_id": "c-walk",
               "confidence_id": "conf-1", "withholding_id": "w-1", "correction_id": "corr-1", "tandem_id": "t-1"}
# Body values the schema alone cannot tell (checked against the register before any decision).
BODY_VALUES = {"purpose": "care_coordination"}
# Routes that touch no personal data and so write no line (privacy/outputs.py: NOTHING or PROOF).
NO_LINE_ROUTES_PATHS = {"/health", "/.well-known/wijkdossier-keys"}
NO_LINE_ROUTES = {f"GET {path}" for path in NO_LINE_ROUTES_PATHS}
# Routes that change the household for good go last, so the routes before them see it in support.
LAST = ("/close", "/reopen", "/erasure")


def example(schema: dict[str, Any], components: dict[str, Any], values: dict[str, str], name: str = "") -> Any:
    """The smallest body the OpenAPI schema accepts (so a call reaches the privacy guard, not a 422)."""
    if "$ref" in schema:
        return example(components[schema["$ref"].rsplit("/", 1)[-1]], components, values, name)
    if "anyOf" in schema:
        return example(next(s for s in schema["anyOf"] if s.get("type") != "null"), components, values, name)
    if "examples" in schema:
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        properties = schema.get("properties", {})
        return {key: example(properties[key], components, values, key) for key in schema.get("required", [])}
    if kind == "array":
        return [example(schema.get("items", {}), components, values, name) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(1, int(schema.get("minimum", 1)))
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    formats = {"date": (date.today() + timedelta(days=30)).isoformat(),
               "date-time": datetime.now(timezone.utc).isoformat(), "uuid": values["household_id"]}
    if schema.get("format") in formats:
        return formats[schema["format"]]
    return values.get(name, "walk" + "x" * max(0, int(schema.get("minLength", 1)) - 4))


def _rest_routes(openapi: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    base = openapi["servers"][0]["url"]  # the paths are relative to the versioned base path
    routes = [(method.upper(), base + path, operation) for path, operations in openapi["paths"].items()
              for method, operation in operations.items()]
    # Operational routes outside the versioned API are not in its description; they are walked too.
    routes += [("GET", path, {}) for path in sorted(NO_LINE_ROUTES_PATHS)]
    return sorted(routes, key=lambda r: (r[1].endswith(LAST), r[0] == "POST", r[1]))


def _tokens(client: Any) -> dict[str, dict[str, str]]:
    t = client.token
    return {
        # who may permit, tried in this order until one does
        "process director": t("process_director", "pd-noord-01"),
        "case director": t("case_director", "cd-noord-01"),
        "client": t("client", "person-anna"),
        "privacy officer": t("privacy_officer", "fg-1", team=None),
        "complaint officer": t("complaint_officer", "ko-1", team=None),
        "commission": t("complaint_commission", "kc-1", team=None),
        "team lead": t("team_lead", "tl-noord-01"),
        "front desk": t("front_desk_volunteer", "fd-1"),
    }


def _emergency_entry(client: Any, hid: str) -> str:
    worker = client.token("social_worker", "sw-noord-03")
    client.get(f"/api/v1/households/{hid}/members",
               headers={**worker, "X-Emergency-Reason": "de casusregisseur is niet bereikbaar"})
    return str(next(s for s in client.app.state.services.access_log.query(user_id="sw-noord-03") if s.entry.emergency)
               .entry.entry_id)


def walk_rest(walker: Walker) -> None:
    client = walker.client
    hid, _pd, _cd = household_in_support(client)
    walker.households.add(hid)
    complaint_id = complaint_in_commission(client, hid)
    values = {**PATH_VALUES, **BODY_VALUES, "household_id": hid, "complaint_id": complaint_id,
              "entry_id": _emergency_entry(client, hid)}
    # Lists come from the views: caught up, the household (and so its member) is on them.
    assert client.app.state.services.runners.wait_until_current()
    openapi = client.get("/openapi.json").json()
    components = openapi["components"]["schemas"]
    tokens = _tokens(client)
    stranger = client.token("case_director", "cd-zuid-07", team="zuid")
    officer = tokens["privacy officer"]
    routes = _rest_routes(openapi)
    assert len(routes) >= 80, "the walk covers the whole REST surface, not a sample"
    for method, path, operation in routes:
        key = f"{method} {path}"
        schema = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
        body = example(schema, components, values) if schema else None
        query_values = {"moment": datetime.now(timezone.utc).isoformat(), "name": "Anna"}
        params = {p["name"]: query_values[p["name"]] for p in operation.get("parameters", [])
                  if p.get("in") == "query" and p.get("required")} or None

        def send(url: str, headers: dict[str, str]) -> Callable[[dict[str, str]], Any]:
            def go(trace: dict[str, str]) -> Any:
                if method == "GET":
                    return client.get(url, headers={**headers, **trace}, params=params)
                return client.post(url, headers={**headers, **trace}, json=body)
            return go

        url = path.format(**values)
        if key in NO_LINE_ROUTES:
            walker.call(key, "no personal data", send(url, officer), expected=0)
            continue
        permitted = None
        for who, token in tokens.items():
            made = walker.call(key, f"permit? {who}", send(url, token))
            if made.lines[0].entry.outcome == "permit":
                permitted = who
                break
        assert permitted, f"{key}: no role in the walk is permitted; add the role that is"
        walker.call(key, "deny: no token", send(url, {}))
        walker.call(key, "deny: invalid token", send(url, {"Authorization": "Bearer not.a.token"}))
        names_one = "{household_id}" in path or "{complaint_id}" in path
        # A list asked for by another team's worker is their own list (empty here): a permit, logged.
        walker.call(key, "deny: not assigned" if names_one else "another team's list", send(url, stranger))
        walker.call(key, "deny: emergency by a role that may not",
                    send(url, {**officer, "X-Emergency-Reason": "probeer het"}))
        # A registered purpose whose activity covers none of the route's sections (privacy/processing_register.json).
        about_the_log = any(word in path for word in ("access-log", "privacy", "processing-register", "bundle", "verification"))
        outside = "signal_intake" if about_the_log else "access_log_audit"
        walker.call(key, "deny: purpose", send(url, {**tokens[permitted], "X-Purpose": outside}))
        if names_one:
            unknown_url = path.format(**{**values, "household_id": UNKNOWN, "complaint_id": UNKNOWN})
            walker.call(key, "deny: unknown household", send(unknown_url, tokens[permitted]))


# --------------------------------------------------------------------------------------- GraphQL

# Every Query and Mutation field: the operation and who is permitted. Every call writes exactly one
# line, permitted or refused, however many sections it shows (the line names them all).
PORTAL, REVIEW = "client", "commission"
GRAPHQL: dict[str, tuple[str, str]] = {
    "Query.me": ("{ me { userId householdIds } }", PORTAL),
    "Query.myDossier": ('{ myDossier(householdId: "%(h)s") { householdId } }', PORTAL),
    "Query.myPlan": ('{ myPlan(householdId: "%(h)s") { section } }', PORTAL),
    "Query.myAssessments": ('{ myAssessments(householdId: "%(h)s") { section } }', PORTAL),
    "Query.myConsents": ('{ myConsents(householdId: "%(h)s") { section } }', PORTAL),
    "Query.myAccessLog": ('{ myAccessLog(householdId: "%(h)s") { outcome } }', PORTAL),
    "Query.myWorkers": ('{ myWorkers(householdId: "%(h)s") { name } }', PORTAL),
    "Query.myRequests": ('{ myRequests(householdId: "%(h)s") { status } }', PORTAL),
    "Query.consentChoices": ('{ consentChoices(householdId: "%(h)s") { purposes { name } } }', PORTAL),
    "Query.complaint": ('{ complaint(id: "%(c)s") { stage } }', REVIEW),
    "Query.dossierHistory": ('{ dossierHistory(householdId: "%(h)s", asOf: "%(now)s", complaintId: "%(c)s") '
                             '{ asOf } }', REVIEW),
    "Query.verificationBundle": ('{ verificationBundle(householdId: "%(h)s") }', REVIEW),
    "Query.reviewWorkspace": ('{ reviewWorkspace(complaintId: "%(c)s") }', REVIEW),
    "Mutation.exportMyData": ('mutation { exportMyData(householdId: "%(h)s") { __typename } }', PORTAL),
    "Mutation.addStatement": ('mutation { addStatement(householdId: "%(h)s", personId: "person-anna", '
                              'itemVersion: 2, text: "Klopt.") { __typename } }', PORTAL),
    "Mutation.requestCorrection": ('mutation { requestCorrection(householdId: "%(h)s", personId: "person-anna", '
                                   'itemVersion: 2, correction: "Anders.") { __typename } }', PORTAL),
    "Mutation.grantConsent": ('mutation { grantConsent(householdId: "%(h)s", personId: "person-anna", '
                              'consent: {partner: "partner-huisarts-01", purpose: CARE_COORDINATION, '
                              'sections: [PLAN], validUntil: "%(until)s"}) { __typename } }', PORTAL),
    "Mutation.revokeConsent": ('mutation { revokeConsent(householdId: "%(h)s", consentId: "c-walk", '
                               'personId: "person-anna") { __typename } }', PORTAL),
    "Mutation.fileComplaint": ('mutation { fileComplaint(householdId: "%(h)s", personId: "person-anna", '
                               'aboutWorkerId: "cd-noord-01", description: "niet gehoord") { __typename } }', PORTAL),
    "Mutation.requestOtherWorker": ('mutation { requestOtherWorker(householdId: "%(h)s", personId: "person-anna", '
                                    'motivation: "het klikt niet") { __typename } }', PORTAL),
}
# Fields that show several sections: their one line names each of them.
SECTIONS_OF_ONE_LINE = {"Query.myAssessments": "zrm participation", "Query.reviewWorkspace": "complaints history"}


def _graphql_fields() -> set[str]:
    schema = _demo_schema()
    return {f"{kind}.{name}" for kind, t in (("Query", schema.query_type), ("Mutation", schema.mutation_type))
            for name in t.fields}


def _demo_schema() -> Any:
    from infra.settings import ApiSettings
    from api.graphql.schema import build_schema

    return build_schema(ApiSettings(demo=True))._schema


def walk_graphql(walker: Walker) -> None:
    client = walker.client
    hid, _pd, _cd = household_in_support(client)
    walker.households.add(hid)
    complaint_id = complaint_in_commission(client, hid)
    assert set(GRAPHQL) == _graphql_fields(), "a new GraphQL field needs its place in the walk"
    t = client.token
    permitted = {PORTAL: t("client", "person-anna"), REVIEW: t("complaint_commission", "kc-1", team=None)}
    values = {"h": hid, "c": complaint_id, "now": datetime.now(timezone.utc).isoformat(),
              "until": (date.today() + timedelta(days=90)).isoformat()}
    unknown = {**values, "h": UNKNOWN, "c": UNKNOWN}

    def send(operation: str, headers: dict[str, str]) -> Callable[[dict[str, str]], Any]:
        return lambda trace: client.post("/graphql", json={"query": operation}, headers={**headers, **trace})

    for name, (operation, surface) in GRAPHQL.items():
        text = operation % values
        made = walker.call(name, "permit", send(text, permitted[surface]))
        assert {s.entry.outcome for s in made.lines} == {"permit"}, f"{name}: {_said(made.answer)}"
        if name in SECTIONS_OF_ONE_LINE:
            assert made.lines[0].entry.section == SECTIONS_OF_ONE_LINE[name], made.lines[0].entry.section
        walker.call(name, "deny: no token", send(text, {}))
        walker.call(name, "deny: invalid token", send(text, {"Authorization": "Bearer not.a.token"}))
        other_surface = t("case_director", "cd-noord-01") if surface == PORTAL else t("client", "person-anna")
        walker.call(name, "deny: the other surface's role", send(text, other_surface))
        walker.call(name, "deny: emergency by a role that may not",
                    send(text, {**permitted[surface], "X-Emergency-Reason": "probeer het"}))
        if name == "Query.me":  # a person in no household: their search finds none, and is logged
            walker.call(name, "not a member: finds no household", send(text, t("client", "person-elders")))
        elif surface == PORTAL:
            walker.call(name, "deny: not a member", send(text, t("client", "person-elders")))
        else:
            walker.call(name, "deny: not the holder", send(text, t("ombudsman", "om-1", team=None)))
        if operation != operation % unknown and name != "Query.me":
            walker.call(name, "deny: unknown household", send(operation % unknown, permitted[surface]))
    # Without a householdId the portal finds the person's dossier itself: that search is personal data
    # too, also when it finds nothing.
    for name in ("Query.myPlan", "Query.myDossier"):
        bare = "{ %s { __typename } }" % name.split(".")[1]
        made = walker.call(name, "no dossier found: a logged search", send(bare, t("client", "person-elders")))
        assert made.lines[0].entry.action == "search" and "geen dossier" in made.answer.text


# ------------------------------------------------------------------------------------------- CLI


def _cli_commands() -> set[str]:
    """Every command and subcommand the parser has ("keys public", "projections run", ...)."""
    from cli.main import build_parser

    def walk(parser: argparse.ArgumentParser, prefix: str) -> Iterator[str]:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not actions:
            yield prefix
        for action in actions:
            for name, sub in action.choices.items():
                yield from walk(sub, f"{prefix} {name}".strip())
    return set(walk(build_parser(), ""))


def walk_cli(walker: Walker, capsys: Any) -> None:
    client = walker.client
    hid, _pd, _cd = household_in_support(client)
    walker.households.add(hid)
    capsys.readouterr()
    known = set()

    def cli(command: str, kind: str, argv: list[str], expected: int = 1) -> Call:
        known.add(command)
        made = walker.cli(command, kind, argv, expected)
        made.answer = (made.answer, capsys.readouterr())
        return made

    def guarded(command: str, argv: list[str], permit_as: list[str], *, assigned: bool = True) -> None:
        """A command that reads through the privacy guard: one line for a permit and for each refusal."""
        made = cli(command, "permit", [*argv, *permit_as])
        assert made.lines[0].entry.outcome == "permit", made.answer
        refusals = [
            ("deny: role", ["--as", "ko-01"]),
            ("deny: purpose not registered", [*permit_as, "--purpose", "marketing"]),
            ("deny: emergency by a role that may not", ["--as", "fg-01", "--emergency-reason", "probeer het"]),
        ]
        if assigned:
            refusals.append(("deny: not assigned", ["--as", "cd-zuid-01"]))
        for kind, identity in refusals:
            made = cli(command, kind, [*argv, *identity])
            assert made.lines[0].entry.outcome == "deny", (kind, made.answer)
            assert made.answer[0] != 0, (kind, made.answer)
        if hid in argv:
            unknown = [UNKNOWN if a == hid else a for a in argv]
            cli(command, "deny: unknown household", [*unknown, *permit_as])

    cd = ["--as", "cd-noord-01"]
    guarded("history", ["history", hid], cd)
    guarded("households", ["households", "--json"], cd, assigned=False)
    # Another team's worker may search too: the listing is empty, and logged.
    made = cli("households", "permit: another team's worker", ["households", "--json", "--as", "cd-zuid-01"])
    assert json.loads(made.answer[1].out) == []
    made = cli("households", "the operator's listing (no --as)", ["households", "--json"])
    assert made.lines[0].entry.data_subject_ids == "person-anna"
    guarded("access-log", ["access-log", "--json"], ["--as", "fg-01"])
    for command in ("inzage", "export-my-data"):
        guarded(command, [command, "person-anna", "--household", hid], ["--as", "person-anna", "--role", "client"])
    guarded("bundle", ["bundle", hid], ["--as", "fg-01", "--purpose", "access_log_audit"])
    # Erasing before the retention period ends is refused by the rule after the permit: still one line.
    guarded("erase", ["erase", hid, "--reason", "AVG art. 17 besluit walk"], ["--as", "pd-noord-01"])

    # Commands that read no one's personal data write no line (privacy/outputs.py says what they carry).
    bundle_file = walker.tmp_path / "bundle.json"
    made = cli("bundle", "permit, for verify-bundle", ["bundle", hid, "--as", "fg-01", "--purpose", "access_log_audit"])
    bundle_file.write_text(made.answer[1].out)
    # Re-wrapping under the key already in use changes nothing, so the walk goes on with the same key.
    same_key_file = walker.tmp_path / "same-master.key"
    same_key_file.write_text(os.environ["WIJKDOSSIER_MASTER_KEY"])
    # An import writes history and reads no one's; checking a file writes nothing at all.
    import_file = walker.tmp_path / "history.jsonl"
    from bench.import_file import write as write_import_file

    write_import_file(import_file, 2)
    for command, argv, code in (
        ("staff", ["staff", "--json"], 0),
        ("verify", ["verify", "--json"], 0),
        ("keys public", ["keys", "public"], 0),
        ("keys rotate-signing", ["keys", "rotate-signing"], 0),
        ("keys rotate-master", ["keys", "rotate-master", "--new-key-file", str(same_key_file), "--json"], 0),
        ("migrate", ["migrate", "--check", "--json"], 0),
        ("import", ["import", str(import_file), "--check", "--json"], 0),
        ("checkpoint", ["checkpoint"], 0),
        ("verify-bundle", ["verify-bundle", str(bundle_file), "--trust-bundle-keys"], 0),
        ("projections status", ["projections", "status", "--json"], 0),
        ("projections rebuild", ["projections", "rebuild", "caseload"], 0),
        ("projections check", ["projections", "check", "caseload"], 0),
        ("token", ["token", "--role", "client", "--subject", "person-anna"], 0),
    ):
        made = cli(command, "no personal data", argv, expected=0)
        assert made.answer[0] == code, (command, made.answer)
    _serve_without_serving(walker)
    cli("serve", "no personal data (its routes are the REST walk)", ["serve"], expected=0)
    _projections_run_briefly(walker)
    cli("projections run", "no personal data", ["projections", "run", "--poll-interval", "0.05"], expected=0)
    # The demo reads three dossiers in an emergency, for the privacy officer's review queue, and makes the
    # reads by others a resident finds in the portal (demo.reads): one line each, all permitted.
    from demo.reads import DEMO_READS

    made = cli("demo", "its emergency reads and the reads by others", ["demo", "--households", "5", "--no-progress"],
               expected=3 + len(DEMO_READS))
    assert sum(s.entry.emergency for s in made.lines) == 3
    assert all(s.entry.outcome == "permit" for s in made.lines)
    assert known == _cli_commands(), f"the walk does not call: {sorted(_cli_commands() - known)}"


def _serve_without_serving(walker: Walker) -> None:
    import uvicorn

    walker.monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)


def _projections_run_briefly(walker: Walker) -> None:
    """`projections run` follows the log until SIGTERM: deliver its handler from a timer instead."""
    import cli.commands.projections as projections_command

    class _Signal:
        SIGTERM = 15

        @staticmethod
        def signal(_number: int, handler: Callable[..., None]) -> None:
            threading.Timer(0.5, handler).start()

    walker.monkeypatch.setattr(projections_command, "signal", _Signal)


# ------------------------------------------------------------------------------------------ tests


def test_every_rest_route_leaves_its_line_for_a_permit_and_each_refusal(walker: Walker) -> None:
    walk_rest(walker)
    rules = {s.entry.decision_rule for c in walker.calls for s in c.lines}
    assert {"token.missing", "relationship.not_assigned", "emergency.only_team_professionals",
            "purpose.outside_activity", "household.unknown"} <= rules, sorted(rules)
    # Every refusal on the walk is RFC 9457 problem details (issue 12), whatever refused it.
    not_problems = [f"{c.label} [{c.kind}]: {problem_shape(c.answer)}" for c in walker.calls
                    if getattr(c.answer, "status_code", 0) >= 400 and problem_shape(c.answer)]
    assert not_problems == []
    assert {c.answer.status_code for c in walker.calls if getattr(c.answer, "status_code", 0) >= 400} >= {401, 403}


def test_every_graphql_field_leaves_its_line_for_a_permit_and_each_refusal(walker: Walker) -> None:
    walk_graphql(walker)
    rules = {s.entry.decision_rule for c in walker.calls for s in c.lines}
    assert {"surface.portal_only", "surface.review_only", "client.not_a_member",
            "emergency.only_team_professionals"} <= rules, sorted(rules)


def test_every_cli_command_leaves_its_line_for_a_permit_and_each_refusal(walker: Walker, capsys) -> None:  # type: ignore[no-untyped-def]
    walk_cli(walker, capsys)
    rules = {s.entry.decision_rule for c in walker.calls for s in c.lines}
    assert {"role.complaint_officer", "purpose.not_registered", "emergency.only_team_professionals",
            "operator.without_decision"} <= rules, sorted(rules)
