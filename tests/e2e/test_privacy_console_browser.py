"""The privacy officer's console in Debian's chromium: search, review an emergency access, a signal raised by a
scripted burst of reads outside the caseload, the CSV and FHIR exports, and axe-core at desktop and phone width."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import pytest

from domain.vocabulary import Role
from demo.emergency import record_demo_emergencies
from demo.staff import central_staff, staff_by_id
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.slow
BURST_WORKER = "cd-noord-05"
FINDING = "Nagevraagd bij de politie: de jongere was vermist. Terecht."


def _burst_outside_caseload(server: Any) -> list[str]:
    """The worker opens the members of five households not theirs, one after the other (all refused)."""
    app = server.app
    issuer = app.state.demo_issuer
    headers = {"Authorization": "Bearer " + issuer.mint(role="case_director", subject=BURST_WORKER, team="noord")}
    households = []
    for household_id in app.state.services.dossiers.household_ids():
        dossier = app.state.services.dossiers.get_dossier(household_id)
        if BURST_WORKER not in {dossier.case_director, *dossier.tandem_workers}:
            households.append(str(household_id))
        if len(households) == 5:
            break
    assert len(households) == 5
    for household_id in households:
        response = httpx.get(f"{server.base_url}/api/v1/households/{household_id}/members", headers=headers,
                             timeout=10)
        assert response.status_code == 403
    return households


def _fhir_audit_events(text: str) -> list[Any]:
    """The downloaded bundle, validated as FHIR R4B (fhir.resources), as AuditEvents."""
    from fhir.resources.R4B.auditevent import AuditEvent
    from fhir.resources.R4B.bundle import Bundle

    bundle = Bundle.model_validate(json.loads(text))
    assert bundle.type == "searchset", bundle.type
    assert bundle.total == len(bundle.entry or [])
    return [AuditEvent.model_validate(e.resource.model_dump()) for e in bundle.entry or []]


def _no_serious_violations(page: Any, width: int) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    page.set_viewport_size({"width": width, "height": 900})
    results = Axe().run(page)
    return [f"{width}px {v['id']} ({v['impact']}): {v['help']}" for v in results.response["violations"]
            if v["impact"] in ("critical", "serious")]


def test_the_privacy_officer_searches_reviews_an_emergency_sees_a_signal_and_exports(
        portal_server, chromium_executable):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect, sync_playwright

    app = portal_server.app
    assert record_demo_emergencies(app.state.services.dossiers, app.state.services.guard,
                                   app.state.services.access_log) == 3
    tried = _burst_outside_caseload(portal_server)
    member_name = next(iter(app.state.services.dossiers.get_dossier(tried[0]).members.values())).name
    worker_name = staff_by_id()[BURST_WORKER].name
    officer = central_staff(Role.PRIVACY_OFFICER)[0]
    problems: list[str] = []
    accessibility: list[str] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(accept_downloads=True, locale="nl-NL", viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
                    if msg.type == "error" else None)
            page.set_default_timeout(15_000)

            page.goto(portal_server.base_url + "/portal/privacy")
            accessibility += _no_serious_violations(page, 1280)  # the login view
            page.get_by_role("button", name="Inloggen als functionaris gegevensbescherming").click()
            expect(page.locator("#who")).to_contain_text(officer.name)

            # Search: the burst worker's lines, by name, refused, with the household named (not numbered).
            page.get_by_label("Medewerker (nummer)").fill(BURST_WORKER)
            page.get_by_label("Uitkomst").select_option("deny")
            page.get_by_role("button", name="Zoeken", exact=True).click()
            expect(page.locator("#search-summary")).to_contain_text("5 regels gevonden")
            rows = page.locator("#lines tbody tr")
            expect(rows).to_have_count(5)
            expect(rows.first).to_contain_text(worker_name)
            expect(rows.first).to_contain_text("geweigerd")
            expect(rows.first).to_contain_text("huishouden van")
            expect(page.locator("#lines")).not_to_contain_text(BURST_WORKER)

            # Who looked at someone, found by part of their name: a member of a household the burst tried.
            page.get_by_role("link", name="Wie keek naar iemand").click()
            page.get_by_label("Naam of persoonsnummer van de inwoner").fill(member_name.split()[0])
            page.get_by_role("button", name="Persoon zoeken").click()
            choice = page.locator("#person-choices button").filter(has_text=member_name)
            if page.locator("#person-choices button").count():  # several share that part: choose
                choice.first.click()
            expect(page.locator("#person-result h3")).to_have_text(f"Wie keek naar {member_name}")
            expect(page.locator("#person-result")).to_contain_text(worker_name)
            expect(page.get_by_label("Naam of persoonsnummer van de inwoner")).to_have_value(member_name)

            # The review queue: three emergency accesses; mark the first reviewed and see it recorded.
            expect(page.locator("#queue-summary")).to_have_text("3 nog te toetsen, 0 getoetst.")
            first = page.locator("#queue > li").first
            first.get_by_label("terecht", exact=True).check()
            first.get_by_label("Uw bevinding").fill(FINDING)
            first.get_by_role("button", name="Toetsing vastleggen").click()
            expect(page.get_by_role("status")).to_contain_text("Uw toetsing is vastgelegd")
            expect(page.locator("#queue-summary")).to_have_text("2 nog te toetsen, 1 getoetst.")
            done = page.locator("#queue > li.case-done")
            expect(done).to_contain_text("Getoetst: terecht.")
            expect(done).to_contain_text(FINDING)
            expect(done).to_contain_text(officer.name)

            # The signal raised by the burst, with the worker's name.
            signal = page.locator("#signal-list > li").filter(has_text="Veel huishoudens buiten de eigen caseload")
            expect(signal).to_have_count(1)
            expect(signal).to_contain_text(worker_name)
            expect(page.locator("#signal-list")).to_contain_text("Veel weigeringen kort na elkaar")

            # The register as a readable page.
            expect(page.locator("#register-list")).to_contain_text("Noodtoegang (break the glass)")
            expect(page.locator("#register-list")).to_contain_text("vitaal belang")

            # Export (the filters above apply): a CSV with the worker's refused reads.
            with page.expect_download() as download_info:
                page.get_by_role("button", name="Download als CSV").click()
            download = download_info.value
            assert download.suggested_filename == "toegangslog.csv"
            rows_csv = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
            assert rows_csv and {r["gebruiker"] for r in rows_csv} == {BURST_WORKER}
            # The same lines for other systems: a FHIR R4B bundle, each AuditEvent naming whose data it was.
            with page.expect_download() as download_info:
                page.get_by_role("button", name="Download als FHIR (JSON)").click()
            download = download_info.value
            assert download.suggested_filename == "toegangslog-fhir.json"
            fhir_events = _fhir_audit_events(open(download.path(), encoding="utf-8").read())
            assert len(fhir_events) == len(rows_csv)
            assert {a.who.identifier.value for e in fhir_events for a in e.agent} == {BURST_WORKER}
            assert all(any(x.role.code == "1" and x.what.identifier.value for x in e.entity) for e in fhir_events)

            accessibility += _no_serious_violations(page, 1280)
            accessibility += _no_serious_violations(page, 390)
            page.screenshot(path="/tmp/privacy-console.png", full_page=True)
        finally:
            browser.close()
    assert problems == []
    assert accessibility == []

    # The review was recorded durably, and the officer's reads and the review left their log lines.
    reviews = app.state.services.emergency_reviews.all()
    assert [(r.conclusion, r.finding, r.reviewer_id) for r in reviews] == [("justified", FINDING, officer.id)]
    own = [s.entry for s in app.state.services.access_log.query(user_id=officer.id)]
    assert {(e.action, e.outcome) for e in own} >= {("search", "permit"), ("create", "permit"), ("export", "permit")}
    assert any(e.trace_id == reviews[0].trace_id and e.action == "create" for e in own)
