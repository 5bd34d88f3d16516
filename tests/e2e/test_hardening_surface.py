"""Issue 13's findings at the HTTP surface, each as it was found from outside:
limits, security headers, request content in logs, token lifetime, the GraphQL transport."""

from __future__ import annotations

import json
import logging
import re
import time
from pathlib import Path

import pytest

from api.middleware import PAGE_CSP
from tests.app_support import prepare_environment, running_app
from tests.e2e.test_api_rest import household_in_support, post

STATIC = Path(__file__).resolve().parents[2] / "api" / "portal" / "static"


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


def statement_mutation(text_length: int) -> str:
    return ('mutation($h: String!) { addStatement(householdId: $h, personId: "person-anna", itemVersion: 2, '
            f'text: "{"x" * text_length}") {{ __typename ... on Error {{ code field message }} }} }}')


# ---------------------------------------------------------------- 1. limits

def test_a_statement_over_the_limit_is_refused_over_graphql_as_over_rest(client):  # type: ignore[no-untyped-def]
    hid, _, _ = household_in_support(client)
    anna = client.token("client", "person-anna")
    graphql = client.post("/graphql", json={"query": statement_mutation(10_001), "variables": {"h": hid}},
                          headers=anna).json()["data"]["addStatement"]
    assert graphql["__typename"] == "Error" and graphql["code"] == "within_limit" and graphql["field"] == "text"
    assert "hoogstens 10000" in graphql["message"] and "limiet text=10000" in graphql["message"]
    rest = post(client, f"/households/{hid}/statements", anna, person_id="person-anna", item_version=2,
                text="x" * 10_001)
    assert rest.status_code == 400 and rest.json()["invalidParams"][0]["name"] == "text"
    ok = client.post("/graphql", json={"query": statement_mutation(10_000), "variables": {"h": hid}}, headers=anna)
    assert ok.json()["data"]["addStatement"]["__typename"] == "Success"
    statements = client.get(f"/api/v1/households/{hid}/statements", headers=anna).json()["items"]
    assert max(len(s.get("text", "")) for s in statements) == 10_000


def test_a_body_over_the_limit_is_refused_saying_which_limit(client):  # type: ignore[no-untyped-def]
    hid, _, _ = household_in_support(client)
    anna = client.token("client", "person-anna")
    big = json.dumps({"query": statement_mutation(2 * 1024 * 1024), "variables": {"h": hid}})
    response = client.post("/graphql", content=big, headers={**anna, "Content-Type": "application/json"})
    assert response.status_code == 413
    error = response.json()
    assert error["code"] == "limit.body_size" and "1.048.576 bytes" in error["detail"]
    assert error["explanation"] == "max_body_bytes=1048576"

    def chunks():  # no Content-Length: the limit is counted while the body streams in
        for _ in range(3):
            yield b"x" * (512 * 1024)
    streamed = client.post(f"/api/v1/households/{hid}/statements", content=chunks(),
                           headers={**anna, "Content-Type": "application/json"})
    assert streamed.status_code == 413 and streamed.json()["code"] == "limit.body_size"


def test_a_query_that_would_answer_too_many_fields_is_refused_by_cost(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path, graphql_max_cost=50) as c:
        anna = c.token("client", "person-anna")
        cheap = c.post("/graphql", json={"query": "{ me { userId role } }"}, headers=anna).json()
        assert "errors" not in cheap, cheap
        heavy = c.post("/graphql", json={"query": "{ myAccessLog(limit: 1000) { time userRole section } }"},
                       headers=anna).json()
        error = heavy["errors"][0]
        assert error["extensions"] == {"code": "limit.graphql_cost", "limit": 50}
        assert "limiet graphql_max_cost" in error["message"] and "3.001 velden" in error["message"]


# ------------------------------------------------------- 2. security headers

@pytest.mark.parametrize("path", ["/portal", "/portal/review", "/portal/demo-login", "/portal/static/portal.js",
                                  "/health", "/openapi.json", "/api/v1/households", "/nergens"])
def test_every_response_carries_the_security_headers(client, path):  # type: ignore[no-untyped-def]
    response = client.get(path)
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    assert "camera=()" in headers["permissions-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "server" not in headers
    if headers["content-type"].startswith("text/html"):
        assert headers["content-security-policy"] == PAGE_CSP
        assert "'unsafe-inline'" not in headers["content-security-policy"]


def test_a_refusal_before_the_app_and_a_masked_error_carry_the_headers_too(client):  # type: ignore[no-untyped-def]
    refused = client.post("/graphql", content=b"x" * (2 * 1024 * 1024), headers={"Content-Type": "application/json"})
    assert refused.status_code == 413 and refused.headers["x-frame-options"] == "DENY"


def test_the_pages_hold_no_inline_script_or_style():  # type: ignore[no-untyped-def]
    for page in STATIC.glob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), f"{page.name}: inline <script>"
        assert "<style" not in html, f"{page.name}: inline <style>"
        assert not re.search(r"\sstyle\s*=", html), f"{page.name}: style attribute"
        assert not re.search(r"\son[a-z]+\s*=", html), f"{page.name}: inline event handler"
        assert not re.search(r"(src|href)\s*=\s*\"(https?:)?//", html), f"{page.name}: external resource"


# ------------------------------------------------ 4. no request content in logs

def test_a_graphql_error_logs_the_operation_and_error_class_not_the_query(client, caplog, capsys):  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    anna = client.token("client", "person-anna")
    secret = "Geheime-Jansen-1960"
    for query in (f'query Probeer {{ myDossier(householdId: "{secret}") {{ householdId }} }}',
                  f'query Fout {{ myDossier(householdId: "{secret}") {{ bestaatNiet }} }}',
                  f'{{ verificationBundle(householdId: "{secret}") }}'):
        client.post("/graphql", json={"query": query}, headers=anna)
    captured = capsys.readouterr()
    logged = caplog.text + captured.err + captured.out
    assert secret not in logged
    assert "Probeer" in caplog.text


# --------------------------------------------------- 5. maximum token lifetime

def test_a_signed_token_valid_until_2200_is_refused_and_the_refusal_logged(client):  # type: ignore[no-untyped-def]
    issuer = client.app.state.demo_issuer
    year_2200 = 7258118400 - int(time.time())
    token = issuer.mint(role="case_director", subject="cd-noord-01", lifetime_seconds=year_2200)
    response = client.get("/api/v1/households", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    error = response.json()
    assert error["code"] == "token.lifetime_too_long" and "hoogstens 480 minuten" in error["detail"]
    logged = [s.entry for s in client.app.state.services.access_log.query(user_id="cd-noord-01")]
    assert [(e.outcome, e.decision_rule) for e in logged][-1] == ("deny", "token.lifetime_too_long")
    ordinary = issuer.mint(role="case_director", subject="cd-noord-01")
    assert client.get("/api/v1/households", headers={"Authorization": f"Bearer {ordinary}"}).status_code == 200


def test_a_client_token_may_live_an_hour_not_a_working_day(client):  # type: ignore[no-untyped-def]
    issuer = client.app.state.demo_issuer
    day = issuer.mint(role="client", subject="person-anna", lifetime_seconds=8 * 3600)
    hour = issuer.mint(role="client", subject="person-anna")
    query = {"query": "{ me { personId } }"}
    assert client.post("/graphql", json=query, headers={"Authorization": f"Bearer {day}"}).status_code == 401
    assert client.post("/graphql", json=query, headers={"Authorization": f"Bearer {hour}"}).status_code == 200


# ------------------------------------------------------ 8. GraphQL transport

def test_batched_and_get_queries_answer_in_the_error_shape(client):  # type: ignore[no-untyped-def]
    anna = client.token("client", "person-anna")
    batch = client.post("/graphql", json=[{"query": "{ me { userId } }"}, {"query": "{ me { role } }"}],
                        headers=anna)
    assert batch.status_code == 400 and batch.headers["content-type"].startswith("application/problem+json")
    assert batch.json()["code"] == "graphql.batching_not_allowed"
    get = client.get("/graphql", params={"query": "{ me { userId } }"}, headers={**anna, "Accept": "application/json"})
    assert get.headers["content-type"].startswith("application/problem+json")
    assert get.json()["code"] == "graphql.get_not_allowed" and get.status_code == 405


def test_introspection_in_demo_mode_keeps_to_the_depth_limit(client):  # type: ignore[no-untyped-def]
    anna = client.token("client", "person-anna")
    shallow = client.post("/graphql", json={"query": "{ __schema { queryType { name } } }"}, headers=anna).json()
    assert shallow["data"]["__schema"]["queryType"]["name"] == "Query"
    deep = "{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }"
    body = client.post("/graphql", json={"query": deep}, headers=anna).json()
    assert body["errors"][0]["extensions"]["code"] == "limit.graphql_depth"


def test_no_did_you_mean_outside_demo_mode():  # type: ignore[no-untyped-def]
    from infra.settings import ApiSettings
    from api.graphql.schema import build_schema

    query = "{ myDosier { householdId } }"
    # The message is Dutch (api/graphql/validation_nl.py); graphql-core's words, hint and all, are the explanation.
    demo = build_schema(ApiSettings(demo=True)).execute_sync(query)
    assert demo.errors[0].message.startswith("Het veld myDosier bestaat niet")
    assert "Did you mean" in demo.errors[0].extensions["explanation"]
    production = build_schema(ApiSettings(demo=False)).execute_sync(query)
    said = production.errors[0]
    assert "Did you mean" not in said.message + said.extensions["explanation"]
    assert "myDossier" not in said.message + said.extensions["explanation"]


# ------------------------------------------------ 3. impossible values over REST

@pytest.mark.parametrize("occurred_at", ["2099-01-01T10:00:00+01:00", "0001-01-01T00:00:00+00:00",
                                         "1900-06-01T10:00:00+00:00", "9999-12-31T23:59:59+00:00"])
def test_an_impossible_time_is_refused_in_dutch_naming_the_field(client, occurred_at):  # type: ignore[no-untyped-def]
    hid, _, cd = household_in_support(client)
    before = client.get(f"/api/v1/households/{hid}", headers=cd).json()["version"]
    response = post(client, f"/households/{hid}/contacts", cd, kind="phone", occurred_at=occurred_at)
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["invalidParams"][0]["name"] == "occurred_at" and error["detail"].startswith("Het veld occurred_at ligt")
    assert client.get(f"/api/v1/households/{hid}", headers=cd).json()["version"] == before


def test_a_date_of_birth_in_1800_and_a_consent_for_no_section_are_refused(client):  # type: ignore[no-untyped-def]
    hid, _, cd = household_in_support(client)
    old = post(client, f"/households/{hid}/members", cd, person_id="person-oud", name="Oud",
               date_of_birth="1800-01-01", relation="parent")
    assert old.status_code == 400 and old.json()["invalidParams"][0]["name"] == "date_of_birth"
    consent = post(client, f"/households/{hid}/consents", client.token("client", "person-anna"),
                   consent_id="c1", person_id="person-anna", partner="huisarts", purpose="care_coordination",
                   sections=["bestaat-niet"], valid_until="2030-01-01")
    assert consent.status_code == 400, consent.text
    assert consent.json()["invalidParams"][0]["name"] == "sections" and "niet bestaat" in consent.json()["detail"]


def test_a_dropped_database_connection_answers_a_clean_503(client, monkeypatch):  # type: ignore[no-untyped-def]
    from eventsourcing.persistence import OperationalError

    hid, _, cd = household_in_support(client)

    def dropped(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("server closed the connection unexpectedly")
    monkeypatch.setattr(client.app.state.services.dossiers, "record_contact", dropped)
    response = post(client, f"/households/{hid}/contacts", cd, kind="phone")
    assert response.status_code == 503 and response.headers["retry-after"] == "1"
    assert response.json()["code"] == "database_unavailable"
    assert "server closed" not in response.text


def test_every_rest_text_limit_is_the_one_the_domain_declares():  # type: ignore[no-untyped-def]
    """REST documents its limits in /openapi.json; they must be the domain's, not a route's own."""
    import importlib
    import pkgutil

    import annotated_types
    from pydantic import BaseModel

    import api.routers as routers
    from api.commanding import Reasoned
    from api.routers.plans import GoalIn, PlanActionIn
    from domain.values import limit_of

    models = {GoalIn, PlanActionIn}
    for module in pkgutil.iter_modules(routers.__path__):
        for value in vars(importlib.import_module(f"api.routers.{module.name}")).values():
            if isinstance(value, type) and issubclass(value, Reasoned):
                models.add(value)
    aliases = {("GoalIn", "text"): "plan_text", ("PlanActionIn", "description"): "plan_text"}
    different = []
    for model in models:
        for name, info in model.model_fields.items():
            if info.annotation not in (str, str | None):
                continue
            declared = [m.max_length for m in info.metadata if isinstance(m, annotated_types.MaxLen)]
            expected = limit_of(aliases.get((model.__name__, name), name))
            if declared and declared[0] != expected:
                different.append(f"{model.__name__}.{name}: {declared[0]} (domain {expected})")
    assert different == [] and len(models) > 20 and issubclass(GoalIn, BaseModel)
