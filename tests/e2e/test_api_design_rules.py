"""The NL API Design Rules at the wire: problem details, API-Version, no trailing slashes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from api.openapi import API_VERSION
from tests.app_support import prepare_environment, running_app


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


def problem_shape(response) -> str | None:  # type: ignore[no-untyped-def]
    """What is wrong with an error answer as RFC 9457 problem details (None: nothing)."""
    if not response.headers.get("content-type", "").startswith("application/problem+json"):
        return f"{response.status_code} as {response.headers.get('content-type')}: {response.text[:200]}"
    body = response.json()
    missing = [k for k in ("type", "title", "status", "detail", "instance", "code") if not body.get(k)]
    if missing:
        return f"{response.status_code} without {missing}"
    if body["status"] != response.status_code or body["instance"] != response.request.url.path:
        return f"{response.status_code}: status {body['status']}, instance {body['instance']}"
    if response.status_code == 400 and not body.get("invalidParams"):
        return "400 without invalidParams"
    if response.headers.get("api-version") != API_VERSION:
        return f"{response.status_code} without API-Version"
    return None


def _is_problem(response) -> None:  # type: ignore[no-untyped-def]
    assert problem_shape(response) is None, problem_shape(response)


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


# ------------------------------------------------------------------ the API description

ROOT = Path(__file__).resolve().parents[2]
SPECTRAL = ROOT / "tools" / "api-lint" / "node_modules" / ".bin" / "spectral"
RULESET = ROOT / "standards" / "nl-api-design-rules.spectral.yml"


def test_the_description_is_published_at_the_base_path_to_anyone_from_any_origin(client):  # type: ignore[no-untyped-def]
    versioned = client.get("/api/v1/openapi.json", headers={"Origin": "https://developer.overheid.nl"})
    assert versioned.status_code == 200 and versioned.headers["access-control-allow-origin"] == "*"
    assert versioned.json() == client.get("/openapi.json").json()
    doc = versioned.json()
    assert doc["info"]["version"] == API_VERSION and doc["servers"][0]["url"].endswith("/v1")
    assert {"name", "url", "email"} <= set(doc["info"]["contact"])


def test_every_operation_has_an_id_a_description_typed_answers_and_documented_headers(client):  # type: ignore[no-untyped-def]
    doc = client.get("/openapi.json").json()
    operations = [(m, p, op) for p, item in doc["paths"].items() for m, op in item.items()]
    assert len(operations) >= 80
    ids = [op["operationId"] for _, _, op in operations]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[a-z][A-Za-z]+", i) for i in ids), ids
    for method, path, op in operations:
        where = f"{method.upper()} {path}"
        assert op.get("description") and op.get("summary"), where
        for status, response in op["responses"].items():
            assert "API-Version" in response.get("headers", {}), f"{where} {status}"
            if status.startswith(("4", "5")):
                assert list(response["content"]) == ["application/problem+json"], f"{where} {status}"
        headers = {p["$ref"].rsplit("/", 1)[-1] for p in op.get("parameters", []) if "$ref" in p}
        if op.get("security"):
            assert {"XPurpose", "XWijkdossierRole", "XEmergencyReason"} <= headers, where
    purposes = doc["components"]["parameters"]["XPurpose"]["schema"]["enum"]
    assert "support" in purposes and "client_rights" in purposes


def test_the_openapi_document_passes_the_nl_api_design_rules_linter(client, tmp_path):  # type: ignore[no-untyped-def]
    if not SPECTRAL.exists():
        if os.environ.get("CI") == "true" or shutil.which("npm"):
            pytest.fail(f"{SPECTRAL} is missing: run `make api-lint-tools` (make test does)")
        pytest.skip("npm is absent: the NL API Design Rules lint (Spectral) did not run")
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(client.get("/openapi.json").json()), encoding="utf-8")
    report = tmp_path / "lint.json"
    subprocess.run([str(SPECTRAL), "lint", "-r", str(RULESET), str(document), "-f", "json", "-o", str(report),
                    "--fail-severity", "error"], capture_output=True, text=True, timeout=240, check=False)
    results = json.loads(report.read_text(encoding="utf-8"))
    errors = [f"{r['code']} at {'.'.join(map(str, r['path']))}: {r['message']}" for r in results if r["severity"] == 0]
    assert errors == []
    # A warning that stays is named in docs/api.md with its reason.
    kept = {r["code"] for r in results if r["severity"] == 1}
    documented = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    assert [code for code in sorted(kept) if f"`{code}`" not in documented] == []


def test_every_operation_refuses_in_problem_details_without_token_with_bad_input_slash_and_method(client):  # type: ignore[no-untyped-def]
    doc = client.get("/openapi.json").json()
    base = doc["servers"][0]["url"]
    pd = client.token("process_director", "pd-noord-01")
    values = {"household_id": "not-a-uuid", "complaint_id": "not-a-uuid"}
    seen: dict[int, int] = {}
    wrong = []
    for path, item in doc["paths"].items():
        url = base + re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "x-1"), path)
        for method in item:
            answers = [client.request(method, url), client.request(method, url + "/", headers=pd)]
            answers.append(client.delete(url, headers=pd))  # no route answers DELETE: 405
            if method == "post":
                answers.append(client.post(url, headers=pd, content=b"{niet json"))
                answers.append(client.post(url, headers=pd, json=[]))
            elif "{household_id}" in path or "{complaint_id}" in path:
                answers.append(client.get(url, headers=pd))
            for answer in answers:
                seen[answer.status_code] = seen.get(answer.status_code, 0) + 1
                if answer.status_code >= 400 and problem_shape(answer):
                    wrong.append(f"{answer.request.method} {answer.request.url.path}: {problem_shape(answer)}")
    assert wrong == []
    assert {400, 401, 404, 405} <= set(seen), seen


def test_a_body_over_the_limit_and_an_unexpected_error_are_problem_details_too(client):  # type: ignore[no-untyped-def]
    from unittest.mock import patch

    pd = client.token("process_director", "pd-noord-01")
    big = client.post("/api/v1/signals", headers={**pd, "Content-Type": "application/json"},
                      content=b"{" + b" " * (2 * 1024 * 1024) + b"}")
    assert big.status_code == 413
    _is_problem(big)
    with patch("api.routers.households.list_visible_households", side_effect=RuntimeError("geheim")):
        broken = client.get("/api/v1/households", headers=pd)
    assert broken.status_code == 500 and "geheim" not in broken.text
    _is_problem(broken)


# ------------------------------------------------------------------ cursor pagination

def _listed(client, url, headers, key, id_key, wanted):  # type: ignore[no-untyped-def]
    """The first page once the read model has caught up with what the test just made (bounded wait)."""
    import time

    deadline = time.monotonic() + 20
    while True:
        body = client.get(url, headers=headers).json()
        if {item[id_key] for item in body[key]} >= wanted or time.monotonic() > deadline:
            return body
        time.sleep(0.1)


def _follow(client, url, headers, key):  # type: ignore[no-untyped-def]
    """Every item of a list, page by page through `_links.next`; and how many pages that took."""
    items, pages = [], 0
    while url:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert body["_links"]["self"]["href"].startswith("/api/v1/")
        items += body[key]
        pages += 1
        url = (body["_links"].get("next") or {}).get("href")
    return items, pages


def test_lists_are_paged_by_cursor_with_a_next_link_until_the_last_page(client):  # type: ignore[no-untyped-def]
    from tests.e2e.test_api_rest import household_in_support

    made = {household_in_support(client)[0] for _ in range(3)}
    pd = client.token("process_director", "pd-noord-01")
    everything = _listed(client, "/api/v1/households", pd, "households", "household_id", made)
    assert "next" not in everything["_links"] and {h["household_id"] for h in everything["households"]} >= made
    paged, pages = _follow(client, "/api/v1/households?limit=1", pd, "households")
    assert [h["household_id"] for h in paged] == sorted(h["household_id"] for h in everything["households"])
    assert pages == len(everything["households"]) >= 3
    bad = client.get("/api/v1/households?cursor=%25%25niet", headers=pd)
    assert bad.status_code == 400 and bad.json()["invalidParams"][0]["name"] == "cursor"
    _is_problem(bad)


def test_the_complaints_list_and_the_access_log_search_have_next_links_too(client):  # type: ignore[no-untyped-def]
    from tests.e2e.test_api_privacy_path import complaint_in_commission
    from tests.e2e.test_api_rest import household_in_support

    hid = household_in_support(client)[0]
    complaints = {complaint_in_commission(client, hid), complaint_in_commission(client, hid)}
    officer = client.token("complaint_officer", "ko-1", team=None)
    _listed(client, "/api/v1/complaints", officer, "complaints", "complaint_id", complaints)
    listed, pages = _follow(client, "/api/v1/complaints?limit=1", officer, "complaints")
    assert {c["complaint_id"] for c in listed} >= complaints and pages == len(listed) >= 2
    fg = client.token("privacy_officer", "fg-1", team=None)
    lines, pages = _follow(client, "/api/v1/access-log/lines?size=5&outcome=permit", fg, "lines")
    assert pages >= 2 and len({line["entry_id"] for line in lines}) == len(lines) >= 6
