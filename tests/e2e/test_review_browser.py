"""The review workspace in a real browser: a commission member reviews scenario 5's complaint, moves the
date, reads content and both times, and verifies the history in the page; bundles changed in transit
are caught and named; errors clear the dossier; axe-core finds nothing serious at 1280 and 390 px."""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.utils import get_topic

from domain.dossier.assessment import ContactRecorded
from domain.vocabulary import Role
from demo.scenarios import KLACHT
from demo.staff import central_staff
from tests.e2e.conftest import CHROMIUM_ARGS, SERVER_START_SECONDS, PortalServer, _free_port

pytestmark = pytest.mark.slow
DOSSIER_EVENT = get_topic(ContactRecorded)


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalServer]:
    """One demo server for the module's tests: the tests only read (reviews and bundles)."""
    import uvicorn

    from api.app import create_app
    from infra.settings import ApiSettings
    from demo.directory import demo_directory
    from demo.loader import load_demo
    from infra.settings import StoreSettings

    folder = tmp_path_factory.mktemp("review")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WIJKDOSSIER_MASTER_KEY", secrets.token_hex(32))
        patch.setenv("WIJKDOSSIER_DEMO", "1")
        app = create_app(StoreSettings(kind="sqlite", sqlite_path=folder / "w.sqlite"),
                         ApiSettings(demo=True, var_dir=folder / "var"), directory=demo_directory())
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
        thread = threading.Thread(target=server.run, name="review-uvicorn", daemon=True)
        thread.start()
        deadline = time.monotonic() + SERVER_START_SECONDS
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                server.should_exit = True
                pytest.fail(f"uvicorn did not start on 127.0.0.1:{port}")
            time.sleep(0.05)
        try:
            load_demo(app.state.services.dossiers, households=8, progress=False)
            yield PortalServer(base_url=f"http://127.0.0.1:{port}", app=app)
        finally:
            server.should_exit = True
            thread.join(timeout=15)


@pytest.fixture(scope="module")
def browser(chromium_executable: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Page:
    """A fresh page with its problems collected (page errors, console errors)."""

    def __init__(self, browser: Any, width: int = 1280) -> None:
        self.page = browser.new_page(locale="nl-NL", viewport={"width": width, "height": 900})
        self.problems: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("console", lambda msg: self.problems.append(f"console: {msg.text}")
                     if msg.type == "error" else None)
        self.page.set_default_timeout(15_000)


def _serious(page: Any, state: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for v in Axe().run(page).response["violations"]:
            if v["impact"] in ("critical", "serious"):
                found.append(f"{state} {width}px {v['id']} ({v['impact']}): {v['help']}")
    page.set_viewport_size({"width": 1280, "height": 900})
    return found


def _log_in_and_open(page: Any, base_url: str, role: str = "klachtencommissie", day: str | None = None) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/portal/review")
    page.get_by_role("button", name=f"Inloggen als {role}").click()
    expect(page.get_by_label("Klachtnummer", exact=True)).not_to_have_value("")
    if day:
        page.get_by_label("Het dossier zoals het was op").fill(day)
    page.get_by_role("button", name="Bekijken").click()
    expect(page.locator("#message")).to_contain_text("Deze inzage is gelogd")


def _verify(page: Any) -> Any:
    from playwright.sync_api import expect

    page.get_by_role("button", name="Verifieer").click()
    verdict = page.locator("#verdict .verdict")
    expect(verdict).to_be_visible()
    return verdict


def test_a_commission_member_reviews_the_scenario_complaint_moves_the_date_and_verifies(review_server, browser):
    from playwright.sync_api import expect

    app = review_server.app.state.services.dossiers
    complaint = app.get_complaint(KLACHT.complaint_id)
    worker = next(m for m in central_staff(Role.COMPLAINT_COMMISSION)[:1])
    talk = next(e for e in app.history(KLACHT.household_id)
                if type(e).__name__ == "ContactRecorded" and e.note == "Gesprek over de afwijzing.")
    p = Page(browser)
    page = p.page
    page.goto(review_server.base_url + "/portal/review")
    problems = _serious(page, "login")
    # The login names who to be and which complaint to pick.
    expect(page.locator("#demo-reviewers")).to_contain_text(worker.name)
    expect(page.locator("#demo-reviewers")).to_contain_text("Scenario 5: de klacht over het gesprek over de afwijzing")
    page.get_by_role("button", name="Inloggen als klachtencommissie").click()
    expect(page.get_by_label("Klachtnummer", exact=True)).to_have_value(str(KLACHT.complaint_id))
    problems += _serious(page, "chosen")
    page.get_by_role("button", name="Bekijken").click()
    expect(page.locator("#message")).to_contain_text("Deze inzage is gelogd")

    facts = page.locator("#complaint-facts")
    expect(facts).to_contain_text("bij de klachtencommissie")
    expect(facts).to_contain_text("klachtopvang → bemiddeling → bij de klachtencommissie")
    member_names = app.get_dossier(KLACHT.household_id).members
    complainant = member_names[complaint.complainant_person_id].name
    expect(facts).to_contain_text(complainant)
    expect(page.locator("#workspace")).not_to_contain_text(complaint.complainant_person_id)  # names, not ids
    history = page.locator("#history")
    # Content, not only the kind: the plan's goal and the refusal's motivation; the late note marked.
    expect(history).to_contain_text("Ik wil mijn huishouden weer zelf kunnen doen.")
    expect(history).to_contain_text("Netwerk en voorliggende voorzieningen zijn toereikend.")
    late_row = history.locator("tr.late-row").filter(has_text="Gesprek over de afwijzing.")
    expect(late_row).to_contain_text("Laat vastgelegd: 9 dagen na het gebeuren")
    expect(page.locator("#state")).to_contain_text("Plan van aanpak (versie 1)")
    problems += _serious(page, "workspace")

    # Move the date to the day between the talk and its write-up: the note is not there yet.
    between = (talk.by.occurred_at.date()).isoformat()
    page.get_by_label("Het dossier zoals het was op").fill(between)
    page.get_by_role("button", name="Bekijken").click()
    expect(page.locator("#message")).to_contain_text("Deze inzage is gelogd")
    expect(page.locator("#shown-day")).to_be_visible()
    expect(page.locator("#history")).not_to_contain_text("Gesprek over de afwijzing.")
    expect(page.locator("#history")).to_contain_text("Ik wil mijn huishouden weer zelf kunnen doen.")
    # Both times stand in the table.
    headers = page.locator("#history thead th").all_inner_texts()
    assert "Gebeurd op" in headers and "Vastgelegd op" in headers

    # A day after the scope is moved into it, and the page says so.
    page.get_by_label("Het dossier zoals het was op").fill("2099-01-01")
    page.get_by_role("button", name="Bekijken").click()
    expect(page.locator("#day-note .note")).to_contain_text("ligt na de reikwijdte van de klacht")

    verdict = _verify(page)
    expect(verdict).to_contain_text("In orde: volledig en onveranderd tot en met controlepunt")
    problems += _serious(page, "verified")
    page.screenshot(path="/tmp/review-commission.png", full_page=True)
    assert problems == []
    assert p.problems == []
    page.close()


def test_an_error_clears_the_previous_dossier_and_stands_beside_the_date(review_server, browser):
    from playwright.sync_api import expect

    p = Page(browser)
    page = p.page
    # The ombudsman's complaint has no start to its scope: a day before the dossier existed is an error.
    _log_in_and_open(page, review_server.base_url, role="ombudsman")
    expect(page.locator("#history tbody tr").first).to_be_visible()
    page.get_by_label("Het dossier zoals het was op").fill("2001-01-01")
    page.get_by_role("button", name="Bekijken").click()
    error = page.locator("#as-of-error")
    expect(error).to_contain_text("was er in dit dossier nog niets vastgelegd")
    expect(page.locator("#history")).to_be_empty()
    expect(page.locator("#complaint-facts")).to_be_empty()
    expect(page.get_by_label("Het dossier zoals het was op")).to_have_attribute("aria-invalid", "true")
    problems = _serious(page, "error")
    # An unknown complaint: refused, the message beside nothing but the page, the dossier still gone.
    page.get_by_label("Het dossier zoals het was op").fill("")
    page.get_by_label("Klachtnummer", exact=True).fill("geen-nummer")
    page.get_by_role("button", name="Bekijken").click()
    expect(page.locator("#complaint-error")).to_contain_text("Klachtnummer: dit is geen geldig nummer")
    expect(page.locator("#history")).to_be_empty()
    assert problems == []
    assert p.problems == []
    page.close()


def test_the_ombudsman_reviews_the_earlier_complaint(review_server, browser):
    from playwright.sync_api import expect

    p = Page(browser, width=390)
    page = p.page
    _log_in_and_open(page, review_server.base_url, role="ombudsman")
    expect(page.locator("#complaint-facts")).to_contain_text("bij de sociale ombudsman")
    expect(page.locator("#complaint-facts")).to_contain_text("eenmaal verlengd")
    page.screenshot(path="/tmp/review-ombudsman-390.png", full_page=True)
    assert _serious(page, "ombudsman") == []
    assert p.problems == []
    page.close()


# ------------------------------------------------------------------ bundles changed in transit


def _tampered(page: Any, change: Any) -> None:
    """Route /graphql: a verificationBundle answer is changed by `change(bundle)` on its way to the page."""
    def handle(route: Any) -> None:
        request = route.request
        if "verificationBundle" not in (request.post_data or ""):
            route.continue_()
            return
        response = route.fetch()
        body = response.json()
        change(body["data"]["verificationBundle"])
        route.fulfill(response=response, body=json.dumps(body), headers={**response.headers,
                                                                         "content-type": "application/json"})
    page.route("**/graphql", handle)


def _dossier_stream(bundle: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in bundle["streams"] if s["stream_id"] == bundle["household_id"])


def flip_one_byte(bundle: dict[str, Any]) -> None:
    event = next(e for e in _dossier_stream(bundle)["events"] if e["topic"] == DOSSIER_EVENT)
    state = bytearray(base64.b64decode(event["state"]))
    state[-1] ^= 0x01
    event["state"] = base64.b64encode(bytes(state)).decode()


def drop_one_event(bundle: dict[str, Any]) -> None:
    events = _dossier_stream(bundle)["events"]
    del events[len(events) // 2]


def sign_with_another_key(bundle: dict[str, Any]) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    payload = base64.b64decode(bundle["checkpoint"]["payload"])
    bundle["checkpoint"]["signature"] = base64.b64encode(Ed25519PrivateKey.generate().sign(payload)).decode()


@pytest.mark.parametrize(("change", "failed", "detail"), [
    (flip_one_byte, "Niet in orde: een stuk is veranderd", "(Contact, vastgelegd op"),
    (drop_one_event, "Niet in orde: er ontbreekt een stuk", "ontbreekt stuk"),
    (sign_with_another_key, "Niet in orde: de handtekening klopt niet", "is niet gezet met sleutel wd-"),
], ids=["one-byte-of-one-event", "one-event-dropped", "signed-by-another-key"])
def test_a_bundle_changed_in_transit_says_which_check_failed(review_server, browser, change, failed, detail):
    from playwright.sync_api import expect

    p = Page(browser)
    page = p.page
    _tampered(page, change)
    _log_in_and_open(page, review_server.base_url)
    verdict = _verify(page)
    expect(verdict).to_contain_text(failed)
    expect(verdict).to_contain_text(detail)
    expect(verdict).not_to_contain_text("In orde: volledig")
    problems = _serious(page, "tampered")
    assert problems == []
    assert p.problems == []
    page.close()


# ------------------------------------------------------------------ the page's verifier and the independent one


def _swap_two_events(bundle: dict[str, Any]) -> None:
    events = _dossier_stream(bundle)["events"]
    events[1], events[2] = events[2], events[1]


def _change_the_audit_path(bundle: dict[str, Any]) -> None:
    path = bundle["proof"]["audit_path"]
    path[0] = ("0" if path[0][0] != "0" else "1") + path[0][1:]


def _change_the_signed_root(bundle: dict[str, Any]) -> None:
    payload = json.loads(base64.b64decode(bundle["checkpoint"]["payload"]))
    payload["households_root"] = "00" * 32
    bundle["checkpoint"]["payload"] = base64.b64encode(
        json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).decode()


def _forge_with_own_keys(bundle: dict[str, Any]) -> None:
    from tests.integration.test_integrity_review_cli import _signed_by_another_key

    _signed_by_another_key(bundle)


def _drop_the_complaint_stream(bundle: dict[str, Any]) -> None:
    bundle["streams"] = [s for s in bundle["streams"] if s["stream_id"] == bundle["household_id"]]


def _drop_the_last_event_and_its_head(bundle: dict[str, Any]) -> None:
    stream = _dossier_stream(bundle)
    stream["events"].pop()
    stream["head_version"] -= 1


def _unknown_format(bundle: dict[str, Any]) -> None:
    bundle["format"] = "wijkdossier-bundle/0"


CHANGES = {
    "good": lambda bundle: None, "one byte of one event": flip_one_byte, "one event dropped": drop_one_event,
    "signed by another key": sign_with_another_key, "two events swapped": _swap_two_events,
    "audit path changed": _change_the_audit_path, "signed root changed": _change_the_signed_root,
    "forged with its own keys": _forge_with_own_keys, "complaint stream left out": _drop_the_complaint_stream,
    "last event and head dropped": _drop_the_last_event_and_its_head, "unknown format": _unknown_format,
}


def test_the_page_verifier_agrees_with_the_independent_verifier_on_good_and_tampered_bundles(review_server, browser):
    import copy

    import httpx

    from infra.integrity.bundle import bundle_for_complaint
    from tests import independent_verifier

    app = review_server.app.state.services.dossiers
    original = bundle_for_complaint(app, KLACHT.complaint_id)
    assert len(original["streams"]) == 3  # the dossier and both complaints
    published = httpx.get(review_server.base_url + "/.well-known/wijkdossier-keys", timeout=10).json()
    published = {"format": published["format"], "keys": published["keys"]}
    page = Page(browser).page
    page.goto(review_server.base_url + "/portal/review")
    verdicts = {}
    for name, change in CHANGES.items():
        bundle = copy.deepcopy(original)
        change(bundle)
        in_page = page.evaluate("async ([b, k]) => { const r = await verifyBundle(b, k); "
                                "return {ok: r.ok, check: r.check, title: r.title}; }", [bundle, published])
        independent = independent_verifier.verify(bundle, published)
        verdicts[name] = (in_page["ok"], independent is None, in_page["title"])
    disagreements = {name: v for name, v in verdicts.items() if v[0] != v[1]}
    assert disagreements == {}
    assert [name for name, v in verdicts.items() if v[0]] == ["good"]
    page.close()


def test_the_printable_report_has_the_timeline_the_verdict_the_checkpoint_and_the_reviewer(review_server, browser):
    from playwright.sync_api import expect

    member = central_staff(Role.COMPLAINT_COMMISSION)[0]
    p = Page(browser)
    page = p.page
    _log_in_and_open(page, review_server.base_url)
    shown_day = page.locator("#shown-day").inner_text()
    page.get_by_role("link", name="Verslag om te printen").click()
    expect(page.get_by_role("heading", name="Verslag van de toetsing")).to_be_visible()
    expect(page.locator("#message")).to_contain_text("Het verslag is klaar")
    report = page.locator("#report")
    expect(report).to_contain_text(shown_day)
    expect(report).to_contain_text("In orde: volledig en onveranderd tot en met controlepunt")
    expect(report).to_contain_text("Controlepunt")
    expect(report).to_contain_text(member.name)
    expect(report).to_contain_text("Ik wil mijn huishouden weer zelf kunnen doen.")
    expect(report.locator("tr.late-row")).to_have_count(1)
    problems = _serious(page, "report")
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Afdrukken of opslaan als pdf")).to_be_hidden()
    assert problems == []
    assert p.problems == []
    page.close()
