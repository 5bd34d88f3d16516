"""GraphQL fields are guarded by strawberry permission classes that ask privacy/'s one decision point;
a refusal leaves exactly one line (the request's trace, the person the call names) before the Dutch
error goes out, and no resolver checks a role on its own."""

from __future__ import annotations

import pytest

from api.graphql.permissions import PortalUser, PortalUserAct, Reviewer, SurfacePermission
from api.graphql.portal import PortalMutation, PortalQuery
from api.graphql.review import ReviewQuery
from tests.app_support import prepare_environment, running_app
from tests.e2e.test_access_log_has_no_holes import PARENT, TRACE, gql
from tests.e2e.test_api_rest import household_in_support


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


def _permissions(kind: type) -> dict[str, list[type]]:
    return {f.python_name: [type(p) if not isinstance(p, type) else p for p in f.permission_classes]
            for f in kind.__strawberry_definition__.fields}  # type: ignore[attr-defined]


def test_every_field_names_its_surface_by_a_permission_class() -> None:
    expected = [(PortalQuery, PortalUser), (PortalMutation, PortalUserAct), (ReviewQuery, Reviewer)]
    for kind, permission in expected:
        fields = _permissions(kind)
        assert fields, kind
        assert {name: classes for name, classes in fields.items() if classes != [permission]} == {}, kind
    assert issubclass(PortalUserAct, SurfacePermission) and issubclass(Reviewer, SurfacePermission)


def test_a_professional_refused_by_the_portal_permission_leaves_one_line_and_a_dutch_error(client):  # type: ignore[no-untyped-def]
    hid, _pd, cd = household_in_support(client)
    responses = []
    [line] = gql_answer(client, cd, '{ myPlan(householdId: "%s") { section } }' % hid, responses)
    assert (line.entry.outcome, line.entry.decision_rule, line.entry.trace_id) == ("deny", "surface.portal_only", TRACE)
    assert line.entry.parent_span_id == PARENT
    [error] = responses[0]["errors"]
    assert error["message"] == "Het portaal is voor inwoners en hun wettelijk vertegenwoordigers."
    assert responses[0]["data"] is None


def test_a_refused_mutation_answers_its_typed_error_and_names_the_person_it_was_for(client):  # type: ignore[no-untyped-def]
    hid, _pd, cd = household_in_support(client)
    responses = []
    mutation = ('mutation { addStatement(householdId: "%s", personId: "person-anna", itemVersion: 2, text: "x") '
                '{ __typename ... on Error { code message } } }' % hid)
    [line] = gql_answer(client, cd, mutation, responses)
    assert (line.entry.outcome, line.entry.decision_rule) == ("deny", "surface.portal_only")
    assert line.entry.data_subject_ids == "person-anna" and line.entry.trace_id == TRACE
    assert responses[0]["data"]["addStatement"] == {
        "__typename": "Error", "code": "portal_only",
        "message": "Het portaal is voor inwoners en hun wettelijk vertegenwoordigers."}
    assert "errors" not in responses[0]


def test_a_client_refused_by_the_review_permission_never_reaches_the_resolver(client, monkeypatch):  # type: ignore[no-untyped-def]
    hid, _pd, _cd = household_in_support(client)
    import api.graphql.review as review

    reached = []
    monkeypatch.setattr(review, "review_workspace", lambda *args: reached.append(args))
    responses = []
    anna = client.token("client", "person-anna")
    [line] = gql_answer(client, anna, '{ reviewWorkspace(complaintId: "%s") }' % hid, responses)
    assert reached == [] and line.entry.decision_rule == "surface.review_only"
    assert line.entry.data_subject_ids == "person-anna"
    assert responses[0]["errors"][0]["message"] == "Toetsing is voor de klachtencommissie en de ombudsman."


def gql_answer(client, headers, query, responses):  # type: ignore[no-untyped-def]
    """`gql`, keeping the answer's body."""
    original = client.post

    def post(*args, **kwargs):  # type: ignore[no-untyped-def]
        response = original(*args, **kwargs)
        responses.append(response.json())
        return response
    client.post = post
    try:
        return gql(client, headers, query)
    finally:
        client.post = original
