"""The client portal in a real browser, flow by flow, each checked against what the server stored.

Every state is measured with axe-core at 1280 and 390 px (0 critical, 0 serious), checked for
sideways overflow at 390 and 320 px, walked for ids, codes and English words, and saved as a
screenshot under var/screenshots/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
import pytest

from domain.attribution import Attribution
from domain.vocabulary import Role
from demo.scenarios import KLACHT, MANTELZORG, ZORGFORMULIER
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = pytest.mark.slow
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
STATEMENT = "Het ging beter dan hier staat; mijn man ging toen al graag naar de dagbesteding."
CORRECTION = "Dit gesprek was bij mij thuis, niet op kantoor."
COMPLAINT = "Bij het gesprek over mijn aanvraag werd ik niet serieus genomen."

# Visible text must hold none of these: ids, codes, or English words the portal could leak.
UUID_RE = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
STAFF_ID_RE = re.compile(r"\b[a-z]+(?:-[a-z]+)*-\d{2}\b")
SNAKE_RE = re.compile(r"\b[a-z]+_[a-z_]+\b")
SCREAMING_RE = re.compile(r"\b[A-Z]+_[A-Z_]+\b")
ENGLISH = ("token", "gelogd", "undefined", "null", "NaN", "withheld", "consent", "purpose", "complaint", "request",
           "assessment", "break the glass", "submit", "error", "requested", "[object")
NUMBERED_ITEM_RE = re.compile(r"\bstuk \d+")


def _text_problems(page: Any, state: str) -> list[str]:
    text = page.evaluate("() => document.body.innerText")
    found = [f"{state}: id {m}" for m in UUID_RE.findall(text)]
    found += [f"{state}: staff id {m}" for m in STAFF_ID_RE.findall(text)]
    found += [f"{state}: item number {m}" for m in NUMBERED_ITEM_RE.findall(text)]
    found += [f"{state}: code {m}" for m in SNAKE_RE.findall(text) + SCREAMING_RE.findall(text)]
    found += [f"{state}: English or code word {w!r}" for w in ENGLISH
              if re.search(r"(?<![\w-])" + re.escape(w.strip()) + r"(?![\w-])", text, re.IGNORECASE)]
    return found


def _layout_and_axe(page: Any, state: str) -> list[str]:
    """axe at 1280 and 390 px (critical and serious), and no sideways scrolling at 390 and 320 px."""
    from axe_playwright_python.sync_playwright import Axe

    found = []
    for width in (1280, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        if width != 320:
            for v in Axe().run(page).response["violations"]:
                if v["impact"] in ("critical", "serious"):
                    found.append(f"{state} {width}px {v['id']} ({v['impact']}): {v['help']}")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"portal-{state}-{width}.png"), full_page=True)
        wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            found.append(f"{state} {width}px: the page scrolls sideways by {wide}px")
    page.set_viewport_size({"width": 1280, "height": 900})
    return found + _text_problems(page, state)


def _login_label(base_url: str, person_id: str, role: str = "client") -> str:
    people = httpx.get(base_url + "/portal/demo-people", timeout=10).json()
    return next(login["label"] for household in people["households"] for login in household["logins"]
                if login["person_id"] == person_id and login["role"] == role)


def _applicant(dossiers: Any, household_id: Any) -> str:
    dossier = dossiers.get_dossier(household_id)
    return next(p for p, m in dossier.members.items() if str(m.relation) == "applicant")


class Browser:
    def __init__(self, playwright: Any, chromium: str) -> None:
        self.browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        self.problems: list[str] = []

    def page(self) -> Any:
        page = self.browser.new_page(accept_downloads=True, locale="nl-NL", viewport={"width": 1280, "height": 900})
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        page.on("console", lambda msg: self.problems.append(f"console {msg.type}: {msg.text}")
                if msg.type == "error" else None)
        page.set_default_timeout(15_000)
        return page

    def close(self) -> None:
        self.browser.close()


def _log_in(page: Any, base_url: str, label: str) -> None:
    from playwright.sync_api import expect

    page.goto(base_url + "/portal/demo-login")
    page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Inloggen", exact=True).click()
    expect(page.locator("#dossier-title")).to_be_visible()  # "Mijn dossier", or the dossier of one's child


def _tab_to(page: Any, locator: Any, most: int = 250) -> None:
    """Press Tab until `locator` has the focus, as someone without a mouse would."""
    handle = locator.element_handle()
    for _ in range(most):
        if page.evaluate("(e) => document.activeElement === e", handle):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {locator}")


def test_a_carer_reacts_beside_the_evaluation_asks_a_correction_and_sees_it_decided(
        portal_server, chromium_executable):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect, sync_playwright

    dossiers = portal_server.app.state.services.dossiers
    hid = MANTELZORG.household_id
    her = _applicant(dossiers, hid)
    evaluation = dossiers.get_dossier(hid).evaluations[-1].version
    assert any(a.version == evaluation for a in dossiers.get_dossier(hid).assessments)  # the shared number
    problems: list[str] = []
    with sync_playwright() as p:
        browser = Browser(p, chromium_executable)
        try:
            page = browser.page()
            page.goto(portal_server.base_url + "/portal")
            problems += _layout_and_axe(page, "niet-ingelogd")
            _log_in(page, portal_server.base_url, _login_label(portal_server.base_url, her))
            overview = page.locator("#overview")
            expect(overview).to_contain_text("Telefoon")  # the case director by name, with how to reach them
            expect(page.locator("#assessments svg.zrm-chart")).to_have_count(1)
            problems += _layout_and_axe(page, "dossier")

            # A reaction on the evaluation lands beside the evaluation and is stored about it.
            page.get_by_role("button", name=re.compile("^Reageer op Evaluatie")).click()
            page.get_by_label("Uw reactie", exact=True).fill(STATEMENT)
            problems += _layout_and_axe(page, "reactie-formulier")
            page.get_by_role("button", name="Reactie opslaan").click()
            tools = page.locator(f'.item-tools[data-item="{evaluation}"]')
            expect(tools.get_by_role("status")).to_contain_text("Uw reactie is opgeslagen")
            expect(tools.get_by_role("status")).to_be_focused()
            expect(tools.locator(".reactions")).to_contain_text(STATEMENT)
            stored = dossiers.get_dossier(hid).statements[-1]
            assert (stored.item_version, stored.text, stored.person_id) == (evaluation, STATEMENT, her)

            # A correction on a contact: stored, shown with its status; decided, the item is marked corrected.
            page.get_by_role("button", name=re.compile("^Vraag om correctie van Contact")).first.click()
            page.get_by_label("Wat klopt er niet, en wat moet er staan?").fill(CORRECTION)
            page.get_by_role("button", name="Verzoek om correctie versturen").click()
            expect(page.get_by_role("status").filter(has_text="Uw verzoek om correctie is ontvangen")).to_be_focused()
            [request] = dossiers.get_dossier(hid).corrections.values()
            assert (request.correction, request.status) == (CORRECTION, "requested")
            contact = page.locator(f'.item-tools[data-item="{request.item_version}"]')
            expect(contact).to_contain_text("Status: het wijkteam bekijkt uw verzoek nog")
            director = dossiers.get_dossier(hid).case_director
            dossiers.decide_correction(hid, correction_id=request.correction_id, accepted=True,
                                       explanation="U heeft gelijk.",
                                       by=Attribution(actor_id=director, actor_role=Role.CASE_DIRECTOR,
                                                      reason="correctie beoordeeld"))
            page.reload()
            expect(contact).to_contain_text("Gecorrigeerd")
            expect(contact).to_contain_text(CORRECTION)  # the request stays, and so does the original item
            page.get_by_role("link", name="Mijn klachten en verzoeken").click()
            expect(page.locator("#request-list")).to_contain_text("Verzoek om correctie")
            expect(page.locator("#request-list")).to_contain_text("toegekend")
            problems += _layout_and_axe(page, "correctie-besloten")

            # Who looked: others first (the demo's reads by her case director); her own visits one line per day.
            expect(page.locator("#access-others")).to_contain_text("Een casusregisseur van wijkteam Noord heeft")
            own = page.locator("#access-own li")
            expect(own).to_have_count(1)
            expect(own.first).to_contain_text("u heeft zelf")

            # Mijn gegevens: the JSON file and the readable copy.
            with page.expect_download() as download_info:
                page.get_by_role("button", name="Download mijn gegevens als bestand").click()
            copy = json.loads(Path(download_info.value.path()).read_text(encoding="utf-8"))
            assert copy["huishouden"] == str(hid) and STATEMENT in json.dumps(copy, ensure_ascii=False)
            assert copy["woordenlijst"]["onderdelen"]["plan"] == "Plan van aanpak"  # what each part is, in Dutch
            page.get_by_role("link", name=re.compile("Leesbare kopie")).click()
            readable = page
            expect(readable.get_by_role("heading", name="Kopie van mijn wijkdossier")).to_be_visible()
            expect(readable.locator("#plan")).to_contain_text("Mijn doelen")
            expect(readable.locator("#other-sections")).to_contain_text(STATEMENT)
            expect(readable.get_by_role("button", name="Reageer")).to_have_count(0)
            problems += _layout_and_axe(readable, "leesbare-kopie")
            readable.get_by_role("link", name="Terug naar mijn wijkdossier").click()

            page.get_by_role("button", name="Uitloggen").click()
            expect(page.get_by_role("heading", name="U bent uitgelogd")).to_be_focused()
            problems += _layout_and_axe(page, "uitgelogd")
        finally:
            browser.close()
    assert problems + browser.problems == [], "\n".join(problems + browser.problems)


def test_consent_and_complaint_by_keyboard_only_with_the_routes_explained(
        portal_server, chromium_executable):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect, sync_playwright

    dossiers = portal_server.app.state.services.dossiers
    hid = KLACHT.household_id
    her = _applicant(dossiers, hid)
    director = dossiers.get_dossier(hid).case_director
    problems: list[str] = []
    with sync_playwright() as p:
        browser = Browser(p, chromium_executable)
        try:
            page = browser.page()
            _log_in(page, portal_server.base_url, _login_label(portal_server.base_url, her))
            # The refused Wmo provision says how to object: bezwaar, six weeks, where and how.
            objection = page.locator("#other-sections .objection")
            expect(objection.first).to_contain_text("bezwaar")
            expect(objection.first).to_contain_text("zes weken")

            # Consent, keyboard only: partner by name, a Dutch purpose, one part, the date as suggested.
            _tab_to(page, page.get_by_label("Met welke organisatie mogen wij delen?"))
            page.keyboard.type("Woningcorporatie")
            # into the group of purposes with Tab, then the arrow key chooses the next one (as radios work)
            _tab_to(page, page.get_by_role("radio", name=re.compile("^Afstemming van zorg")))
            page.keyboard.press("ArrowDown")
            expect(page.get_by_role("radio", name=re.compile("^Voorkomen van huisuitzetting"))).to_be_checked()
            _tab_to(page, page.get_by_role("checkbox", name="Plan van aanpak"))
            page.keyboard.press("Space")
            _tab_to(page, page.get_by_role("button", name="Toestemming geven"))
            page.keyboard.press("Enter")
            done = page.locator("#consent-form + .feedback")
            expect(done).to_contain_text("Uw toestemming is opgeslagen")
            expect(done).to_be_focused()
            [consent] = [c for c in dossiers.get_dossier(hid).consents.values() if c.person_id == her
                         and c.partner == "partner-woning-01"]
            assert (consent.purpose, list(consent.sections)) == ("eviction_prevention", ["plan"])
            card = page.locator("#consent-list .consent").filter(has_text="Woningcorporatie Thuisvast")
            expect(card).to_contain_text("Voorkomen van huisuitzetting")
            expect(card).to_contain_text("Plan van aanpak")
            problems += _layout_and_axe(page, "toestemming-gegeven")
            # Revoke, by keyboard too: the question, then yes.
            _tab_to(page, card.get_by_role("button", name=re.compile("intrekken$")))
            page.keyboard.press("Enter")
            expect(page.get_by_role("button", name="Ja, intrekken")).to_be_focused()
            page.keyboard.press("Enter")
            expect(page.locator("#consent-list + .feedback")).to_contain_text("ingetrokken")
            assert dossiers.get_dossier(hid).consents[consent.consent_id].revoked_at is not None

            # Complaint: an outcome is pointed to bezwaar; conduct, by keyboard, about a worker by name.
            page.get_by_role("link", name="Klacht of andere medewerker").click()
            terms = page.locator("#klacht .terms")
            for words in ("gratis", "contact met u op", "binnen 6 weken", "één keer 4 weken"):
                expect(terms).to_contain_text(words)
            page.get_by_role("radio", name=re.compile("^De uitkomst van een besluit")).check()
            expect(page.locator("#complaint-outcome")).to_contain_text("Daarvoor maakt u bezwaar")
            expect(page.get_by_role("button", name="Klacht indienen")).to_be_hidden()
            problems += _layout_and_axe(page, "klacht-over-besluit")
            page.get_by_role("radio", name=re.compile("^Hoe een medewerker mij")).check()
            first = page.locator("#complaint-worker option").nth(1)
            chosen_ref, chosen_name = first.get_attribute("value"), first.inner_text()
            assert not STAFF_ID_RE.search(chosen_name) and "uw casusregisseur" in chosen_name
            _tab_to(page, page.get_by_label("Over wie gaat uw klacht?"))
            page.keyboard.press("ArrowDown")
            _tab_to(page, page.get_by_label("Wat is er gebeurd?"))
            page.keyboard.type(COMPLAINT)
            _tab_to(page, page.get_by_role("radio", name=re.compile("^Een gesprek")))
            page.keyboard.press("ArrowDown")
            expect(page.get_by_role("radio", name=re.compile("^Bemiddeling"))).to_be_checked()
            before = set(dossiers.complaint_ids())
            _tab_to(page, page.get_by_role("button", name="Klacht indienen"))
            page.keyboard.press("Enter")
            expect(page.locator("#complaint-form + .feedback")).to_contain_text("Uw klacht is ontvangen")
            [new] = set(dossiers.complaint_ids()) - before
            mine = dossiers.get_complaint(new)
            assert (mine.household_id, mine.complainant_person_id, mine.route) == (hid, her, "mediation")
            assert mine.about_worker_id == chosen_ref == director
            requests = page.locator("#request-list")
            expect(requests.locator("li").filter(has_text="via bemiddeling")).to_have_count(1)

            # Another worker (keuzevrijheid).
            page.get_by_label("Waarom wilt u een andere medewerker?").fill("Wij begrijpen elkaar niet.")
            page.get_by_role("button", name="Andere medewerker vragen").click()
            expect(page.locator("#worker-form + .feedback")).to_contain_text("Uw verzoek is ontvangen")
            asked = [r for r in dossiers.get_dossier(hid).worker_change_requests.values() if r.status == "requested"]
            assert asked and asked[-1].person_id == her
            expect(requests).to_contain_text("Verzoek om een andere medewerker")
            problems += _layout_and_axe(page, "klachten-en-verzoeken")
        finally:
            browser.close()
    assert problems + browser.problems == [], "\n".join(problems + browser.problems)


def test_a_parent_sees_the_withheld_step_marked_and_never_a_code(portal_server, chromium_executable):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect, sync_playwright

    dossiers = portal_server.app.state.services.dossiers
    hid = ZORGFORMULIER.household_id
    dossier = dossiers.get_dossier(hid)
    parent = _applicant(dossiers, hid)
    withheld = dossier.child_safety[-1].version
    dossiers.withhold_information(
        hid, withholding_id="e2e-veiligheid-kind", from_person_id=parent, item_version=withheld, section=None,
        by=Attribution(actor_id=dossier.process_director or "pd-oost-01", actor_role=Role.PROCESS_DIRECTOR,
                       reason="Meldcode: de veiligheid van het kind vraagt dit"))
    problems: list[str] = []
    with sync_playwright() as p:
        browser = Browser(p, chromium_executable)
        try:
            page = browser.page()
            _log_in(page, portal_server.base_url, _login_label(portal_server.base_url, parent))
            marked = page.locator("#other-sections .withheld")
            expect(marked).to_have_count(1)
            expect(marked).to_contain_text("Afgeschermd")
            expect(marked).to_contain_text("kind")
            unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea')]
                .filter((e) => e.type !== 'hidden' && e.labels.length === 0).map((e) => e.id || e.name)""")
            assert unlabelled == []
            problems += _layout_and_axe(page, "ouder-afgeschermd")
        finally:
            browser.close()
    assert problems + browser.problems == [], "\n".join(problems + browser.problems)


def test_a_parent_switches_between_herself_and_her_child_and_acts_namens_him(
        portal_server, chromium_executable):  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect, sync_playwright

    dossiers = portal_server.app.state.services.dossiers
    hid = ZORGFORMULIER.household_id
    dossier = dossiers.get_dossier(hid)
    mother = _applicant(dossiers, hid)
    child = next(p for p, m in dossier.members.items() if str(m.relation) == "child")
    problems: list[str] = []
    with sync_playwright() as p:
        browser = Browser(p, chromium_executable)
        try:
            page = browser.page()
            _log_in(page, portal_server.base_url, _login_label(portal_server.base_url, mother, "legal_representative"))
            child_name = dossier.members[child].name
            expect(page.get_by_role("heading", name=f"Dossier van {child_name}", exact=True)).to_be_visible()
            expect(page.locator("#household")).to_contain_text("U zelf (aanvrager)")
            page.get_by_role("button", name=re.compile("^Reageer op Plan van aanpak")).first.click()
            page.get_by_label("Uw reactie", exact=True).fill("Als moeder wil ik erbij zijn bij de gesprekken.")
            page.get_by_role("button", name="Reactie opslaan").click()
            reaction = page.locator("#plan .reaction").last
            expect(reaction).to_contain_text(f"namens {child_name}")
            expect(reaction).to_contain_text("door u (")
            event = [e for e in dossiers.history(hid) if type(e).__name__ == "StatementAdded"][-1]
            assert (event.by.actor_id, event.by.on_behalf_of, event.person_id) == (mother, child, child)
            problems += _layout_and_axe(page, "ouder-namens-kind")
            # Switch to herself without logging out: her own dossier, said as hers.
            page.get_by_role("radio", name=re.compile("^Ik ")).check()
            expect(page.get_by_role("heading", name="Mijn dossier", exact=True)).to_be_visible()
            expect(page.locator("#perspective + .feedback")).to_contain_text("uw eigen dossier")
            problems += _layout_and_axe(page, "ouder-eigen-dossier")
        finally:
            browser.close()
    assert problems + browser.problems == [], "\n".join(problems + browser.problems)


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
