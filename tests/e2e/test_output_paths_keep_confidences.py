"""Every way out keeps a young person's confidence from the parents, and an adult's data from the
other adults, while a young child's data stays with the parents (DOMAIN.md "Minors").

The registry `privacy.outputs.OUTPUT_PATHS` names every REST route, GraphQL field and CLI
command; the first tests fail when the code has a way out the registry does not name. The last
calls every client-reachable path that carries dossier content, as each parent, and looks for
what must not be there — in the text and in the item numbers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.app_support import prepare_environment, running_app
from domain.assessment import ZRM_2013_DOMAINS
from domain.attribution import Attribution
from cli.main import build_parser
from cli.main import main as cli_main
from privacy.outputs import OUTPUT_PATHS, Carries, cli_key, graphql_key, missing_from_registry, rest_key

T0 = datetime.now(timezone.utc) - timedelta(days=60)
SECRET_14 = "GEHEIM-VAN-DANA: ik blow soms na school"
SECRET_14_MARKED = "GEHEIM-VAN-DANA-GEMARKEERD: ruzie met een vriend"
OWN_16 = "EIGEN-VAN-ELI: ik wil op kamers"
CHILD_8 = "KIND-FIEN: zij slaapt slecht"
OTHER_ADULT = "VAN-GERT: schulden bij de bank"
FORBIDDEN = (SECRET_14, SECRET_14_MARKED, OWN_16, OTHER_ADULT)


def _by(actor: str, role: str, day: float) -> Attribution:
    return Attribution(actor_id=actor, actor_role=role, reason="uitvoering Wmo 2015",
                       occurred_at=T0 + timedelta(days=day))


def _years_ago(years: int, days: int = 30) -> str:
    today = datetime.now(timezone.utc).date()
    return today.replace(year=today.year - years).isoformat() if (today.month, today.day) != (2, 29) else \
        today.replace(year=today.year - years, day=28).isoformat()


def build(app: Any) -> dict[str, Any]:
    pd = lambda day: _by("pd-noord-01", "process_director", day)  # noqa: E731
    cd = lambda day: _by("cd-noord-01", "case_director", day)  # noqa: E731
    hid = app.receive_signal(source="gp", reporter="huisarts", description="zorgen", team="noord", by=pd(0))
    app.open_dossier(hid, summary="meerdere leefgebieden", by=pd(0.1))
    members = (("p-anna", "Anna", "1980-05-01", "applicant"), ("p-bert", "Bert", "1979-02-01", "partner"),
               ("p-dana", "Dana", _years_ago(14, 40), "child"), ("p-eli", "Eli", _years_ago(16, 40), "child"),
               ("p-fien", "Fien", _years_ago(8, 40), "child"), ("p-gert", "Gert", "1990-01-01", "other_adult"))
    for person, name, born, relation in members:
        app.add_member(hid, person_id=person, name=name, date_of_birth=born, relation=relation, by=pd(0.2))
    app.assign_case_director(hid, worker_id="cd-noord-01", by=pd(0.3))
    app.record_contact(hid, kind="home_visit", with_person_ids=["p-anna", "p-bert"], note="keukentafel", by=cd(1))
    versions: dict[str, int] = {}
    for key, person, note, day in (("dana", "p-dana", SECRET_14, 2), ("dana_marked", "p-dana", SECRET_14_MARKED, 2.5),
                                   ("eli", "p-eli", OWN_16, 3), ("fien", "p-fien", CHILD_8, 4),
                                   ("gert", "p-gert", OTHER_ADULT, 5)):
        app.record_contact(hid, kind="office", with_person_ids=[person], note=note, by=cd(day))
        versions[key] = app.get_dossier(hid).version
    for key, person, marked in (("dana", "p-dana", False), ("dana_marked", "p-dana", True), ("fien", "p-fien", False)):
        app.record_confidence(hid, confidence_id=f"vertrouwelijk-{key}", item_version=versions[key], person_id=person,
                              show_as_withheld=marked, by=cd(6))
        versions[f"{key}_record"] = app.get_dossier(hid).version
    for person in ("p-anna", "p-eli", "p-gert"):
        app.assess_zrm(hid, person_id=person, scores={d: 3 for d in ZRM_2013_DOMAINS}, by=cd(7))
        versions[f"zrm_{person}"] = app.get_dossier(hid).version
    app.record_contact(hid, kind="phone", with_person_ids=["p-anna"], note="afspraak gemaakt", by=cd(8))
    return {"household": str(hid), "versions": versions}


@pytest.fixture
def world(tmp_path, monkeypatch) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    store = tmp_path / "wijkdossier.sqlite"
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", f"sqlite:///{store}")
    with running_app(tmp_path) as client:
        built = build(client.app.state.services.dossiers)
        yield {"client": client, **built}


# ---------------------------------------------------------------- the registry is complete


def _rest_keys(app: Any) -> set[str]:
    keys = set()
    description = app.openapi()
    base = description["servers"][0]["url"]  # its paths are relative to the versioned base path
    for relative, operations in description["paths"].items():
        path = base + relative
        for method, operation in operations.items():
            answer = operation.get("responses", {}).get("200", operation.get("responses", {}).get("201", {}))
            schema = json.dumps(answer.get("content", {}))
            if method == "post" and "CommandResult" in schema:
                continue  # a receipt: the version written, nothing else
            keys.add(rest_key(method, path))
    for route in app.routes:  # pages, operations and the API description, kept out of the OpenAPI document
        outside = getattr(route, "include_in_schema", True) is False or not getattr(route, "path", "").startswith(base + "/")
        if outside and getattr(route, "methods", None):
            keys |= {rest_key(m, route.path) for m in route.methods if m != "HEAD"}
    return keys


def test_every_rest_route_is_in_the_registry_of_output_paths(world) -> None:  # type: ignore[no-untyped-def]
    missing = missing_from_registry(_rest_keys(world["client"].app))
    assert missing == [], f"add these to privacy/outputs.py with what they carry: {missing}"


def _graphql_keys(schema: Any) -> set[str]:
    return {graphql_key(kind, field) for kind, t in (("Query", schema.query_type), ("Mutation", schema.mutation_type))
            for field in t.fields}


def test_every_graphql_field_is_in_the_registry_of_output_paths(world) -> None:  # type: ignore[no-untyped-def]
    from infra.settings import ApiSettings
    from api.graphql.schema import build_schema

    schema = build_schema(ApiSettings(demo=True))._schema
    keys = _graphql_keys(schema)
    missing = missing_from_registry(keys)
    assert missing == [], f"add these to privacy/outputs.py with what they carry: {missing}"


def test_every_cli_command_is_in_the_registry_of_output_paths() -> None:
    parser = build_parser()
    [subparsers] = [a for a in parser._actions if a.dest == "command"]
    missing = missing_from_registry({cli_key(name) for name in subparsers.choices})
    assert missing == [], f"add these to privacy/outputs.py with what they carry: {missing}"


def test_the_registry_names_no_way_out_that_the_code_does_not_have(world) -> None:  # type: ignore[no-untyped-def]
    from infra.settings import ApiSettings
    from api.graphql.schema import build_schema

    schema = build_schema(ApiSettings(demo=True))._schema
    graphql = _graphql_keys(schema)
    [subparsers] = [a for a in build_parser()._actions if a.dest == "command"]
    cli = {cli_key(name) for name in subparsers.choices}
    present = _rest_keys(world["client"].app) | graphql | cli
    assert sorted(set(OUTPUT_PATHS) - present) == []


# ---------------------------------------------------------------- every client path, as each parent

GRAPHQL_READS = {
    "graphql Query.myDossier": "myDossier(householdId: $h) { sections { section items } }",
    "graphql Query.myPlan": "myPlan(householdId: $h) { items }",
    "graphql Query.myAssessments": "myAssessments(householdId: $h) { section items }",
    "graphql Query.myConsents": "myConsents(householdId: $h) { items }",
}


def _call(world: dict[str, Any], key: str, person: str, capsys: Any) -> Any:
    client, hid = world["client"], world["household"]
    token = client.token("client", person)
    if key in GRAPHQL_READS:
        body = client.post("/graphql", headers=token, json={
            "query": f"query($h: String) {{ {GRAPHQL_READS[key]} }}", "variables": {"h": hid}}).json()
        assert "errors" not in body, body
        return body["data"]
    if key == "graphql Mutation.exportMyData":
        body = client.post("/graphql", headers=token, json={
            "query": "mutation($h: String) { exportMyData(householdId: $h) { ... on ExportedData { data } } }",
            "variables": {"h": hid}}).json()
        assert body["data"]["exportMyData"].get("data"), body
        return body["data"]
    if key.startswith("GET /api/v1/"):
        response = client.get(key.split(" ", 1)[1].replace("{household_id}", hid), headers=token)
        assert response.status_code in (200, 403), response.text
        return response.json()
    if key in ("cli inzage", "cli export-my-data"):
        code = cli_main([key.split(" ", 1)[1], person, "--household", hid, "--as", person, "--role", "client"])
        out = capsys.readouterr().out
        assert code == 0, out
        return json.loads(out)
    raise AssertionError(f"no call for {key}: teach this test how to call it")


CLIENT_DOSSIER_PATHS = sorted(k for k, p in OUTPUT_PATHS.items() if p.carries == Carries.DOSSIER and p.client_reachable)
# Paths that carry contacts, where the young child's confided contact must still reach the parents.
CARRY_CONTACTS = {"GET /api/v1/households/{household_id}/history", "GET /api/v1/households/{household_id}/contacts",
                  "graphql Query.myDossier", "graphql Mutation.exportMyData", "cli inzage", "cli export-my-data"}


def _numbers(value: Any, found: set[int] | None = None) -> set[int]:
    """Every item number in an output: `version` and `item_version` of any nested item."""
    found = set() if found is None else found
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("version", "item_version") and isinstance(inner, int) and not isinstance(inner, bool):
                found.add(inner)
            _numbers(inner, found)
    elif isinstance(value, list):
        for inner in value:
            _numbers(inner, found)
    return found


@pytest.mark.parametrize("path", CLIENT_DOSSIER_PATHS)
@pytest.mark.parametrize("parent", ["p-anna", "p-bert"])
def test_a_parent_gets_no_confidence_of_a_14_year_old_nothing_of_a_16_year_old_and_the_8_year_olds_data(
        world, capsys, path: str, parent: str) -> None:  # type: ignore[no-untyped-def]
    out = _call(world, path, parent, capsys)
    text = json.dumps(out, ensure_ascii=False)
    for secret in FORBIDDEN:
        assert secret not in text, f"{path} shows {parent} {secret!r}"
    v = world["versions"]
    kept = {v["dana"], v["dana_record"], v["dana_marked_record"], v["eli"], v["gert"],
            v["zrm_p-eli"], v["zrm_p-gert"]}
    assert not (_numbers(out) & kept), f"{path} shows {parent} items {_numbers(out) & kept}"
    assert "vertrouwelijk-dana" not in text  # the record of the confidence is not told either
    if path in CARRY_CONTACTS:
        numbers = _numbers(out)
        assert v["fien"] in numbers, f"{path}: the 8-year-old's contact must reach the parents"
        if "history" in text or "history" in path:
            assert CHILD_8 in text, f"{path}: the 8-year-old's note must reach the parents"
        assert v["dana_marked"] in numbers  # the professional chose to mark this one as withheld


def test_every_client_path_that_carries_dossier_content_is_called_by_this_test() -> None:
    known = set(GRAPHQL_READS) | {"graphql Mutation.exportMyData", "cli inzage", "cli export-my-data"}
    uncalled = [k for k in CLIENT_DOSSIER_PATHS if k not in known and not k.startswith("GET /api/v1/")]
    assert uncalled == []
    assert len(CLIENT_DOSSIER_PATHS) >= 20


def test_the_young_person_sees_their_own_confidence(world, capsys) -> None:  # type: ignore[no-untyped-def]
    out = _call(world, "graphql Mutation.exportMyData", "p-dana", capsys)
    text = json.dumps(out, ensure_ascii=False)
    assert SECRET_14 in text and SECRET_14_MARKED in text
    assert OTHER_ADULT not in text and OWN_16 not in text


def test_the_case_director_sees_every_confidence_and_whose_it_is(world) -> None:  # type: ignore[no-untyped-def]
    client, hid = world["client"], world["household"]
    cd = client.token("case_director", "cd-noord-01")
    history = client.get(f"/api/v1/households/{hid}/history", headers=cd).json()
    text = json.dumps(history, ensure_ascii=False)
    assert SECRET_14 in text and OWN_16 in text and OTHER_ADULT in text
    consents = client.get(f"/api/v1/households/{hid}/consents", headers=cd).json()["items"]
    confidences = [i for i in consents if i.get("kind") == "confidence"]
    assert {(c["person_id"], c["item_version"]) for c in confidences} == {
        ("p-dana", world["versions"]["dana"]), ("p-dana", world["versions"]["dana_marked"]),
        ("p-fien", world["versions"]["fien"])}
