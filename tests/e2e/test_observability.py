"""Operations (issue 12): JSON logs with the request's trace id and no personal data, /metrics and who
may read it, OpenTelemetry spans that continue the caller's traceparent (off unless configured),
info.contact from the settings, and an unknown X-Purpose refused in Dutch."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.app_support import prepare_environment, running_app
from infra.logs import JsonFormatter, current_route
from infra.settings import ApiSettings, SettingsError, StoreSettings

CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
TRACEPARENT = f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"
REASON = {"reason": "observability-test"}
NAME = "Annemarie Zwaluwstaart"  # a name that must never reach a log line


def household(client) -> tuple[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    desk, pd = client.token("front_desk_volunteer", "fd-1"), client.token("process_director", "pd-noord-01")
    cd = client.token("case_director", "cd-noord-01")
    hid = client.post("/api/v1/signals", headers=desk, json={**REASON, "source": "gp", "reporter": "huisarts",
                                                            "description": f"zorgen om {NAME}"}).json()["household_id"]
    for path, body in ((f"/households/{hid}/open", {"summary": "vraag"}),
                       (f"/households/{hid}/case-director", {"worker_id": "cd-noord-01"})):
        assert client.post(f"/api/v1{path}", headers=pd, json={**REASON, **body}).status_code == 200
    member = {**REASON, "person_id": "person-zwaluw", "name": NAME, "date_of_birth": "1970-01-01",
              "relation": "applicant"}
    assert client.post(f"/api/v1/households/{hid}/members", headers=cd, json=member).status_code == 200
    return hid, cd


@pytest.fixture
def json_log() -> io.StringIO:
    """Everything logged while the test runs, formatted as the server formats it."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield out
    root.removeHandler(handler)
    root.setLevel(level)


def test_log_lines_are_json_with_the_request_trace_and_no_personal_data(tmp_path, monkeypatch, json_log):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as client:
        hid, cd = household(client)
        before = len([line for line in json_log.getvalue().splitlines() if '"logger": "httpx' not in line])
        # A refused read logs a line of its own (the guard's decision); the trace is the caller's.
        answer = client.get(f"/api/v1/households/{hid}/contacts", headers={**client.token("partner", "p-1"),
                                                                          "traceparent": TRACEPARENT})
        assert answer.status_code == 403 and answer.headers["x-trace-id"] == CALLER_TRACE
        logging.getLogger("wijkdossier.api").warning("proef", extra={"code": "x", "person": NAME})

        def broken() -> int:
            raise RuntimeError(f"kapot bij {NAME}")

        monkeypatch.setattr(client.app.state.services.dossiers.recorder, "max_notification_id", broken)
        unhealthy = client.get("/health", headers={"traceparent": TRACEPARENT})
    # An unexpected error in /health: a 503 (never a 500), logged under the request's trace.
    assert unhealthy.status_code == 503 and unhealthy.json()["code"] == "health.check_failed"
    # The test's own HTTP client (httpx) logs its URLs; those lines are the caller's, not the server's.
    lines = [json.loads(line) for line in json_log.getvalue().splitlines()]
    server = [line for line in lines if not line["logger"].startswith(("httpx", "httpcore"))]
    assert server and all({"time", "level", "logger", "message"} <= set(line) for line in server)
    during = server[before:]
    assert any(line["message"] == "proef" and line["code"] == "x" and "person" not in line for line in during)
    failed = [line for line in during if line["message"] == "health: check failed"]
    assert failed and failed[0]["trace_id"] == CALLER_TRACE and failed[0]["error"] == "RuntimeError"
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in server)
    assert NAME not in text and hid not in text and "person-zwaluw" not in text, text


def test_uvicorn_access_lines_name_the_route_template_not_the_path_query_or_client() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("203.0.113.9:5555", "GET", "/api/v1/households/abc-123/contacts?q=Anna", "1.1", 200),
                               None)
    token = current_route.set("/api/v1/households/{household_id}/contacts")
    try:
        line = json.loads(JsonFormatter().format(record))
    finally:
        current_route.reset(token)
    assert line["route"] == "/api/v1/households/{household_id}/contacts" and line["status"] == 200
    text = json.dumps(line)
    assert "203.0.113.9" not in text and "abc-123" not in text and "Anna" not in text


def test_an_exception_is_logged_as_its_type_and_stack_without_its_message() -> None:
    try:
        raise ValueError(f"bad value for {NAME}")
    except ValueError:
        import sys

        record = logging.LogRecord("wijkdossier.api", logging.ERROR, __file__, 1, "unexpected error", (), sys.exc_info())
    line = json.loads(JsonFormatter().format(record))
    assert line["error"] == "ValueError" and line["stack"] and NAME not in json.dumps(line)


def test_metrics_count_requests_by_route_template_and_show_access_log_and_projection_figures(
        tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    monkeypatch.setenv("WIJKDOSSIER_METRICS", "open")
    with running_app(tmp_path) as client:
        hid, cd = household(client)
        assert client.get(f"/api/v1/households/{hid}/contacts", headers=cd).status_code == 200
        client.app.state.services.runners.wait_until_current()
        answer = client.get("/metrics")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    text = answer.text
    assert ('wijkdossier_http_requests_total{method="GET",route="/api/v1/households/{household_id}/contacts",'
            'status="200"}') in text
    assert 'wijkdossier_http_request_duration_seconds_bucket{le="0.005",method="GET",' in text
    assert hid not in text
    stored = [line for line in text.splitlines() if line.startswith('wijkdossier_access_log_write_seconds_count'
                                                                        '{outcome="stored"}')]
    assert stored and float(stored[0].split()[-1]) >= 1
    assert 'wijkdossier_projection_lag_events{view="plan"} 0.0' in text


def test_metrics_answer_only_the_machine_itself_by_default_and_want_the_token_when_one_is_set(
        tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as client:  # TestClient's address is "testclient", not the loopback
        refused = client.get("/metrics")
    assert refused.status_code == 403 and refused.headers["content-type"].startswith("application/problem+json")
    assert "alleen op te vragen vanaf de server zelf" in refused.json()["detail"]
    monkeypatch.setenv("WIJKDOSSIER_METRICS", "open")
    monkeypatch.setenv("WIJKDOSSIER_METRICS_TOKEN", "s3cret-voor-prometheus")
    with running_app(tmp_path) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer fout"}).status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-voor-prometheus"}).status_code == 200
    monkeypatch.setenv("WIJKDOSSIER_METRICS", "off")
    with running_app(tmp_path) as client:
        assert client.get("/metrics", headers={"Authorization": "Bearer s3cret-voor-prometheus"}).status_code == 404


def traced_client(tmp_path: Path, exporter):  # type: ignore[no-untyped-def]
    from api.app import create_app
    from demo.directory import demo_directory

    app = create_app(StoreSettings(kind="sqlite", sqlite_path=tmp_path / "wd.sqlite"),
                     ApiSettings(demo=True, var_dir=tmp_path / "var"), span_exporter=exporter,
                     directory=demo_directory())
    return TestClient(app, raise_server_exceptions=False)


def test_tracing_is_off_unless_configured(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    prepare_environment(monkeypatch)
    monkeypatch.delenv("WIJKDOSSIER_TRACING", raising=False)
    exporter = InMemorySpanExporter()
    with traced_client(tmp_path, exporter) as client:
        assert client.get("/health", headers={"traceparent": TRACEPARENT}).status_code == 200
    assert exporter.get_finished_spans() == ()


def test_a_span_continues_the_callers_traceparent_and_the_access_log_carries_its_trace(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from opentelemetry.trace import SpanKind

    prepare_environment(monkeypatch)
    monkeypatch.setenv("WIJKDOSSIER_TRACING", "console")  # configured; the exporter replaces the console
    exporter = InMemorySpanExporter()
    with traced_client(tmp_path, exporter) as client:
        issuer = client.app.state.demo_issuer
        client.token = lambda role, subject: {"Authorization": "Bearer " + issuer.mint(role=role, subject=subject)}  # type: ignore[attr-defined]
        hid, cd = household(client)
        exporter.clear()
        answer = client.get(f"/api/v1/households/{hid}/contacts", headers={**cd, "traceparent": TRACEPARENT})
        fresh = client.get("/health")
        lines = [s.entry for s in client.app.state.services.access_log.query() if s.entry.trace_id == CALLER_TRACE]
    assert answer.status_code == 200 and answer.headers["x-trace-id"] == CALLER_TRACE
    spans = {s.name: s for s in exporter.get_finished_spans()}
    span = spans["GET /api/v1/households/{household_id}/contacts"]
    assert span.kind == SpanKind.SERVER
    assert format(span.context.trace_id, "032x") == CALLER_TRACE
    assert span.parent is not None and format(span.parent.span_id, "016x") == CALLER_SPAN
    assert span.attributes["http.route"] == "/api/v1/households/{household_id}/contacts"
    assert span.attributes["http.response.status_code"] == 200
    assert lines and all(line.parent_span_id == CALLER_SPAN for line in lines)
    # Without a traceparent the span starts a trace of its own, and X-Trace-Id names it.
    health = spans["GET /health"]
    assert health.parent is None and format(health.context.trace_id, "032x") == fresh.headers["x-trace-id"]


def test_info_contact_comes_from_the_settings_and_is_required_outside_demo(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    contact = {"name": "Wijkteam Noord, functioneel beheer", "email": "wijkdossier@gemeente.test",
               "url": "https://gemeente.test/wijkdossier"}
    with running_app(tmp_path, contact_name=contact["name"], contact_email=contact["email"],
                     contact_url=contact["url"]) as client:
        assert client.get("/api/v1/openapi.json").json()["info"]["contact"] == contact
    production = dict(issuer="https://idp", audience="wd", jwks_url="https://idp/jwks")
    with pytest.raises(SettingsError, match="WIJKDOSSIER_API_CONTACT_NAME"):
        ApiSettings(**production).check()
    ApiSettings(**production, contact_name=contact["name"], contact_email=contact["email"],
                contact_url=contact["url"]).check()


def test_an_unknown_x_purpose_is_refused_in_dutch_naming_the_purposes_there_are(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as client:
        hid, cd = household(client)
        refused = client.get(f"/api/v1/households/{hid}/contacts", headers={**cd, "X-Purpose": "nieuwsgierigheid"})
        known = client.get(f"/api/v1/households/{hid}/contacts", headers={**cd, "X-Purpose": "support"})
    assert refused.status_code == 400 and refused.headers["content-type"].startswith("application/problem+json")
    body = refused.json()
    assert body["code"] == "purpose.unknown" and body["invalidParams"][0]["name"] == "X-Purpose"
    assert "niet in het verwerkingsregister" in body["detail"] and "nieuwsgierigheid" in body["detail"]
    assert "support (Ondersteuning van het huishouden)" in body["detail"]
    assert known.status_code == 200
