"""The client portal in a real browser: log in (demo), read the dossier, react, see who looked, download."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

from domain.attribution import Attribution
from domain.vocabulary import Role
from infra.demo.scenarios import ZORGFORMULIER
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.slow
SCREENSHOT = "/tmp/portal.png"
STATEMENT = "Ik was bij dat gesprek niet alleen; mijn zus was er ook bij."


def _withhold_child_safety_from_parent(dossiers: Any) -> tuple[str, str, int]:
    """Scenario 3: the process director withholds the latest child-safety step from one parent.

    Returns (the parent's person id, the plan's first goal text, the withheld item's version).
    """
    hid = ZORGFORMULIER.household_id
    dossier = dossiers.get_dossier(hid)
    parent = next(p for p, m in dossier.members.items() if str(m["relation"]) == "applicant")
    withheld = dossier.child_safety[-1]["version"]
    dossiers.withhold_information(
        hid, withholding_id="e2e-veiligheid-kind", from_person_id=parent, item_version=withheld, section=None,
        by=Attribution(actor_id=dossier.process_director or "pd-oost-01", actor_role=Role.PROCESS_DIRECTOR,
                       reason="Meldcode: de veiligheid van het kind vraagt dit"))
    goal = dossier.plan_versions[-1]["plan"]["goals"][0]["text"]
    return parent, goal, withheld


def _login_label(base_url: str, person_id: str) -> str:
    people = httpx.get(base_url + "/portal/demo-people", timeout=10).json()
    return next(login["label"] for household in people["households"] for login in household["logins"]
                if login["person_id"] == person_id and login["role"] == "client")


def test_a_client_logs_in_reads_her_dossier_reacts_sees_who_looked_and_downloads_her_data(
        portal_server, chromium_executable):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect, sync_playwright

    parent, goal, withheld_version = _withhold_child_safety_from_parent(portal_server.app.state.services.dossiers)
    label = _login_label(portal_server.base_url, parent)
    problems: list[str] = []

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(accept_downloads=True, locale="nl-NL", viewport={"width": 1100, "height": 900})
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
                    if msg.type == "error" else None)
            page.set_default_timeout(15_000)

            # Not logged in: the portal says so and offers the (demo) login.
            page.goto(portal_server.base_url + "/portal")
            page.get_by_role("link", name="Inloggen (oefenomgeving)").click()

            # Demo login: pick the mother of the 15-year-old from scenario 3.
            page.get_by_label(label, exact=True).check()
            page.get_by_role("button", name="Inloggen", exact=True).click()

            # Mijn dossier: her plan's goal in Dutch, and the withheld step marked, with a reason.
            expect(page.get_by_role("heading", name="Mijn dossier", exact=True)).to_be_visible()
            expect(page.locator("#plan ul.goals").get_by_text(goal, exact=True)).to_be_visible()
            withheld = page.locator("#other-sections .withheld").filter(has_text=f"stuk {withheld_version}")
            expect(withheld).to_be_visible()
            expect(withheld).to_contain_text("Afgeschermd")
            expect(withheld).to_contain_text("kind")

            # Mijn reactie: on the plan; it appears in the list after saving.
            page.get_by_role("button", name="Reageer op Plan van aanpak", exact=False).first.click()
            page.get_by_label("Uw reactie", exact=True).fill(STATEMENT)
            page.get_by_role("button", name="Reactie opslaan").click()
            expect(page.locator("#statement-list")).to_contain_text(STATEMENT)
            expect(page.get_by_role("status")).to_contain_text("Uw reactie is opgeslagen")

            # Wie heeft mijn dossier bekeken: her own reads are listed in plain words.
            page.get_by_role("link", name="Wie heeft mijn dossier bekeken").click()
            log = page.locator("#access tbody tr")
            expect(log.first).to_be_visible()
            own_reads = log.filter(has_text="uzelf").filter(has_text="Het hele dossier — bekeken")
            assert own_reads.count() >= 2  # the first load and the reload after her reaction
            expect(log.filter(has_text="uzelf").filter(has_text="Uw reacties")).to_have_count(1)

            # Every form control has a label (screen readers, clicking the label).
            unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
                .filter((e) => e.type !== 'hidden' && e.labels.length === 0).map((e) => e.id || e.name)""")
            assert unlabelled == []

            # Mijn gegevens downloaden: a JSON copy of what she may see.
            with page.expect_download() as download_info:
                page.get_by_role("button", name="Download mijn gegevens").click()
            download = download_info.value
            assert download.suggested_filename == "mijn-wijkdossier.json"
            copy = json.loads(open(download.path(), encoding="utf-8").read())
            assert copy["huishouden"] == str(ZORGFORMULIER.household_id)
            assert goal in json.dumps(copy, ensure_ascii=False)
            assert STATEMENT in json.dumps(copy, ensure_ascii=False)

            page.get_by_role("link", name="Mijn dossier", exact=True).click()
            page.screenshot(path=SCREENSHOT, full_page=True)
        finally:
            browser.close()
    assert problems == []


def test_the_complaint_commission_sees_the_dossier_as_it_stood_on_the_day_of_the_complaint(
        portal_server, chromium_executable):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect, sync_playwright

    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="nl-NL", viewport={"width": 1100, "height": 900})
            page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
            page.set_default_timeout(15_000)
            page.goto(portal_server.base_url + "/portal/review")
            page.get_by_role("button", name="Inloggen als klachtencommissie").click()
            expect(page.get_by_label("Klachtnummer")).not_to_have_value("")  # the scenario complaint is preselected
            page.get_by_role("button", name="Bekijken").click()
            expect(page.get_by_role("status")).to_contain_text("Deze inzage is gelogd")
            expect(page.locator("#history tbody tr").first).to_be_visible()
            # in plain Dutch, not the events' code names (scenario 5's scope starts on the Dutch day the dossier
            # opened, so the signal of the evening before is in it or not, depending on the hour of the run)
            expect(page.locator("#history tbody tr").first).to_contain_text(
                re.compile("Aanmelding ontvangen|Dossier geopend"))
            expect(page.locator("#history")).not_to_contain_text("SignalReceived")
            expect(page.locator("#verification")).to_contain_text("Is de geschiedenis volledig?")
            page.screenshot(path="/tmp/portal-review.png", full_page=True)
        finally:
            browser.close()
    assert problems == []
