"""Access-log exports for the privacy officer: CSV column by column, FHIR validated against fhir.resources."""

from __future__ import annotations

import csv
import io

import pytest

from api.audit_export import CSV_COLUMNS
from tests.app_support import running_app, prepare_environment
from tests.e2e.test_api_rest import household_in_support


@pytest.fixture
def client(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    prepare_environment(monkeypatch)
    with running_app(tmp_path) as c:
        yield c


def test_the_csv_export_has_one_header_row_and_every_nen_7513_column(client):  # type: ignore[no-untyped-def]
    hid, pd, cd = household_in_support(client)
    client.get(f"/api/v1/households/{hid}/zrm", headers=cd, params={})
    officer = client.token("privacy_officer", "fg-1", team=None)
    response = client.get("/api/v1/access-log/export.csv", headers=officer, params={"user": "cd-noord-01"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    header, body = rows[0], rows[1:]
    assert header == [name for name, _ in CSV_COLUMNS]
    assert header.count("positie") == 1 and body and all(len(row) == len(header) for row in body)
    stored = client.app.state.services.access_log.query(user_id="cd-noord-01")
    assert len(body) == len(stored)
    zrm_read = next(r for r in body if dict(zip(header, r))["gegevens"] == "zrm"
                    and dict(zip(header, r))["actie"] == "read")
    line = dict(zip(header, zrm_read))
    expected = next(s for s in stored if s.position == int(line["positie"]))
    assert line["gebruiker"] == "cd-noord-01" and line["rol"] == "case_director"
    assert line["huishouden"] == hid and line["uitkomst"] == "permit" and line["noodtoegang"] == "nee"
    assert line["toegangspunt"] == "api" and line["doel"] == "support"
    assert line["verwerkingsactiviteit"] == "wd-ondersteuning@3" and line["hash"] == expected.hash
    assert line["tijdstip"].endswith("Z") and len(line["trace_id"]) == 32


def test_exporting_is_itself_logged_and_only_the_privacy_officer_may(client):  # type: ignore[no-untyped-def]
    household_in_support(client)
    officer = client.token("privacy_officer", "fg-1", team=None)
    client.get("/api/v1/access-log/export.csv", headers=officer)
    exports = [s.entry for s in client.app.state.services.access_log.query(user_id="fg-1")]
    assert [(e.action, e.section, e.outcome) for e in exports] == [("export", "access_log", "permit")]
    denied = client.get("/api/v1/access-log/export.csv", headers=client.token("team_lead", "tl-1"))
    assert denied.status_code == 403
    assert any(s.entry.outcome == "deny" for s in client.app.state.services.access_log.query(user_id="tl-1"))


def test_the_fhir_export_is_a_valid_r4_bundle_of_audit_events(client):  # type: ignore[no-untyped-def]
    r4 = pytest.importorskip("fhir.resources.R4B.bundle", reason="fhir.resources is a test dependency")
    from fhir.resources.R4B.auditevent import AuditEvent

    hid, pd, cd = household_in_support(client)
    client.get(f"/api/v1/households/{hid}/members", headers=client.token("case_director", "cd-zuid-07", team="zuid"))
    officer = client.token("privacy_officer", "fg-1", team=None)
    response = client.get("/api/v1/access-log/export.fhir.json", headers=officer)
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/fhir+json")
    bundle = r4.Bundle.model_validate(response.json())
    events = [AuditEvent.model_validate(e.resource.model_dump()) for e in bundle.entry]
    assert bundle.total == len(events) > 0
    reads = [e for e in events if e.subtype and e.subtype[0].code == "read"]
    assert reads and all(e.action == "R" and e.type.code == "rest" for e in reads)
    denied = [e for e in events if e.outcome == "4"]
    assert any(a.who.identifier.value == "cd-zuid-07" for e in denied for a in e.agent)
    creates = [e for e in events if e.action == "C"]
    assert creates and all(e.subtype[0].code == "create" for e in creates)


def test_the_fhir_export_marks_an_export_as_a_disclosure_and_filters_by_person(client):  # type: ignore[no-untyped-def]
    pytest.importorskip("fhir.resources.R4B.bundle", reason="fhir.resources is a test dependency")
    hid, pd, cd = household_in_support(client)
    officer = client.token("privacy_officer", "fg-1", team=None)
    client.get("/api/v1/access-log/export.csv", headers=officer)
    bundle = client.get("/api/v1/access-log/export.fhir.json", headers=officer, params={"user": "fg-1"}).json()
    first = bundle["entry"][0]["resource"]
    assert first["type"]["code"] == "110106" and first["action"] == "R"
    by_person = client.get("/api/v1/access-log/export.fhir.json", headers=officer, params={"person": "person-anna"}).json()
    assert by_person["total"] > 0
    for entry in by_person["entry"]:
        patients = [e for e in entry["resource"]["entity"] if e.get("role", {}).get("code") == "1"]
        assert "person-anna" in {p["what"]["identifier"]["value"] for p in patients}


def _bulk_lines(log, count: int, user_id: str) -> None:  # type: ignore[no-untyped-def]
    """Lines written straight through the store in one commit (the export is under test, not the reads)."""
    from privacy.access_log import AccessLogEntry, new_span_id, new_trace_id

    trace = new_trace_id()
    log.append_many([AccessLogEntry(
        event="dossier.read", user_id=user_id, user_role="case_director", organisation="team-noord", action="read",
        section="plan", channel="api", outcome="permit", decision_rule="relationship.case_director",
        purpose="support", processing_activity_id="wd-ondersteuning@3", trace_id=trace, span_id=new_span_id(),
        person_id=f"person-{i}", household_id="household-1") for i in range(count)])


def test_a_csv_export_of_more_than_100_000_lines_returns_every_line(client):  # type: ignore[no-untyped-def]
    count = 100_123
    _bulk_lines(client.app.state.services.access_log, count, "cd-bulk")
    officer = client.token("privacy_officer", "fg-1", team=None)
    response = client.get("/api/v1/access-log/export.csv", headers=officer, params={"user": "cd-bulk"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.text)))
    body = rows[1:]
    assert len(body) == count
    positions = [int(row[0]) for row in body]
    assert positions == sorted(positions) and len(set(positions)) == count
    assert body[-1][3] == f"person-{count - 1}"


def test_the_fhir_export_streams_every_line_across_batches_and_its_total_is_what_it_sent(client, monkeypatch):  # type: ignore[no-untyped-def]
    from api.routers import exports

    monkeypatch.setattr(exports, "BATCH_LINES", 7)
    _bulk_lines(client.app.state.services.access_log, 50, "cd-bulk")
    officer = client.token("privacy_officer", "fg-1", team=None)
    bundle = client.get("/api/v1/access-log/export.fhir.json", headers=officer, params={"user": "cd-bulk"}).json()
    assert bundle["total"] == len(bundle["entry"]) == 50
    ids = [e["resource"]["id"] for e in bundle["entry"]]
    assert len(set(ids)) == 50
    empty = client.get("/api/v1/access-log/export.fhir.json", headers=officer, params={"user": "nobody"}).json()
    assert empty["total"] == 0 and empty["entry"] == []


def test_every_audit_event_of_the_fhir_export_names_its_data_subject_and_validates_as_r4b(client):  # type: ignore[no-untyped-def]
    # NEN 7513 "which client" on every line, so on every AuditEvent: an entity in the role Patient whose
    # identifier is the person (or `unknown` where no one could be established: a refused token, an
    # unknown household, a list).
    r4 = pytest.importorskip("fhir.resources.R4B.bundle", reason="fhir.resources is a test dependency")
    from fhir.resources.R4B.auditevent import AuditEvent
    from privacy.access_log import UNKNOWN_SUBJECT

    hid, pd, cd = household_in_support(client)
    setup_done, _ = client.app.state.services.access_log.head()  # before it, Anna was not yet a member
    client.get(f"/api/v1/households/{hid}/history", headers=cd)  # a household-level read: its members
    client.get(f"/api/v1/households/{hid}/members", headers=client.token("case_director", "cd-zuid-07", team="zuid"))
    client.get("/api/v1/households/00000000-0000-4000-8000-0000000000cc", headers=cd)  # an unknown household
    client.get("/api/v1/households", headers={"Authorization": "Bearer not.a.token"})  # a refused token
    client.get("/api/v1/households", headers=cd)  # a list
    officer = client.token("privacy_officer", "fg-1", team=None)
    bundle = r4.Bundle.model_validate(client.get("/api/v1/access-log/export.fhir.json", headers=officer).json())
    events = [AuditEvent.model_validate(e.resource.model_dump()) for e in bundle.entry]
    lines = {str(s.entry.entry_id): s for s in client.app.state.services.access_log.query()}
    assert len(events) == bundle.total > 5
    seen_unknown = False
    for event in events:
        patients = [e for e in event.entity if e.role and e.role.code == "1" and e.type.code == "1"]
        named = {p.what.identifier.value for p in patients}
        assert named, f"AuditEvent {event.id} ({event.outcomeDesc}) names no data subject"
        stored = lines[event.id]
        line = stored.entry
        assert named == set((line.data_subject_ids or "").split()) | {p for p in (line.person_id,) if p}
        seen_unknown |= named == {UNKNOWN_SUBJECT}
        if line.household_id == hid and stored.position > setup_done:
            assert "person-anna" in named, event.outcomeDesc
    assert seen_unknown
