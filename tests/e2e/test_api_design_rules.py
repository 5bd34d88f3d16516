"""The NL API Design Rules at the wire: problem details, API-Version, no trailing slashes."""

from __future__ import annotations

import pytest

from api.openapi import API_VERSION
from api.testing import prepare_environment, running_app


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


def _is_problem(response) -> None:  # type: ignore[no-untyped-def]
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    body = response.json()
    assert body["status"] == response.status_code
    assert body["title"] and body["detail"] and body["code"] and body["type"].startswith(("urn:", "about:"))
    assert body["instance"] == response.request.url.path


def test_invalid_input_is_400_with_every_wrong_field_in_dutch(client):  # type: ignore[no-untyped-def]
    pd = client.token("process_director", "pd-noord-01")
    response = client.post("/api/v1/signals", json={"source": 5}, headers=pd)
    assert response.status_code == 400
    _is_problem(response)
    body = response.json()
    names = {p["name"] for p in body["invalidParams"]}
    assert {"reason"} <= names and len(names) >= 2, body
    assert all(p["reason"] for p in body["invalidParams"])
    assert "Dit veld is verplicht." in [p["reason"] for p in body["invalidParams"] if p["name"] == "reason"]
    assert body["detail"].startswith("De invoer klopt niet (veld ")


def test_refusals_not_found_and_wrong_methods_are_problem_details(client):  # type: ignore[no-untyped-def]
    missing_token = client.get("/api/v1/households")
    assert missing_token.status_code == 401 and missing_token.json()["code"] == "token.missing"
    _is_problem(missing_token)
    nowhere = client.get("/api/v1/nergens")
    assert nowhere.status_code == 404 and nowhere.json()["detail"] == "Deze pagina of dit adres bestaat niet."
    _is_problem(nowhere)
    wrong = client.delete("/api/v1/households", headers=client.token("process_director", "pd-noord-01"))
    assert wrong.status_code == 405 and "GET" in wrong.headers["allow"]
    _is_problem(wrong)


def test_a_trailing_slash_answers_404_not_a_redirect(client):  # type: ignore[no-untyped-def]
    pd = client.token("process_director", "pd-noord-01")
    assert client.get("/api/v1/households", headers=pd).status_code == 200
    response = client.get("/api/v1/households/", headers=pd, follow_redirects=False)
    assert response.status_code == 404
    _is_problem(response)


@pytest.mark.parametrize("path", ["/api/v1/households", "/api/v1/nergens", "/health", "/openapi.json", "/portal"])
def test_every_response_names_the_full_api_version(client, path):  # type: ignore[no-untyped-def]
    assert client.get(path).headers["api-version"] == API_VERSION
