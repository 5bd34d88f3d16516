"""The refusals people meet over the API, in the portal and on the command line are in Dutch.

The walk of tests/e2e/test_access_log_walk.py calls every REST route, GraphQL field and CLI command
for a permit and for each kind of refusal, with the smallest body the schema accepts, so it meets the
domain's refusals too (a wrong phase, an unknown item, a role that may not). Every message it got
back for people is checked against a list of English words.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.app_support import prepare_environment, running_app
from tests.e2e.test_access_log_walk import Walker, walk_cli, walk_graphql, walk_rest
from tests.unit.test_dutch_messages import english_words


@pytest.fixture
def walker(tmp_path, monkeypatch, sqlite_settings):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    monkeypatch.setenv("WIJKDOSSIER_DATABASE_URL", f"sqlite:///{sqlite_settings.sqlite_path}")
    with running_app(tmp_path, settings=sqlite_settings) as client:
        yield Walker(client, f"sqlite:///{sqlite_settings.sqlite_path}", monkeypatch, tmp_path)


def messages_for_people(answer: Any) -> list[str]:
    """The texts an answer shows to a person: the error message (or problem detail), GraphQL errors and
    typed `Error` results, or what a command printed on stderr."""
    if isinstance(answer, tuple):  # a CLI call: (exit code, captured output)
        return [line for line in answer[1].err.splitlines() if line.strip()]
    try:
        body = answer.json()
    except ValueError:
        return []
    found: list[str] = []
    if isinstance(body, dict):
        error = body.get("error")
        if isinstance(error, dict) and error.get("message"):
            found.append(error["message"])
        if "type" in body and "title" in body and body.get("detail"):  # RFC 9457 problem details
            found.append(body["detail"])
        for item in body.get("errors") or []:
            found.append(item.get("message", ""))
        for value in (body.get("data") or {}).values() if isinstance(body.get("data"), dict) else []:
            if isinstance(value, dict) and "message" in value and "code" in value:
                found.append(value["message"])
    return found



def test_every_refusal_the_walk_meets_is_in_dutch(walker: Walker, capsys) -> None:  # type: ignore[no-untyped-def]
    walk_rest(walker)
    walk_graphql(walker)
    walk_cli(walker, capsys)
    english: dict[str, str] = {}
    seen = 0
    for call in walker.calls:
        for text in messages_for_people(call.answer):  # the operator's settings messages too
            seen += 1
            if english_words(text):
                english.setdefault(text, f"{call.label} [{call.kind}]")
    assert seen >= 300, seen  # the walk meets refusals of every kind, not a handful
    assert english == {}, "\n".join(f"{where}: {text}" for text, where in english.items())


@pytest.mark.parametrize("query", [
    "{ nope }", '{ myDossier(householdId: 5) { householdId } }', "query {", "{ me { userId } } { me { userId } }",
    "{ myDossier }", "{ me { userId { x } } }", '{ myPlan(householdId: "x", colour: 1) { section } }',
    "query Q($h: String!) { myPlan(householdId: $h) { section } }",
])
def test_graphql_refusals_of_the_query_itself_are_dutch_with_graphql_cores_words_as_explanation(walker, query) -> None:  # type: ignore[no-untyped-def]
    client = walker.client
    body = client.post("/graphql", json={"query": query}, headers=client.token("client", "person-anna")).json()
    assert body["errors"], body
    for error in body["errors"]:
        assert not english_words(error["message"]), error
        assert error["extensions"]["code"] in ("graphql.invalid_query", "graphql.invalid_choice"), error
        assert error["extensions"].get("explanation"), error  # the developer keeps graphql-core's English
