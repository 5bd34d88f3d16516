// The client portal. Everything comes from the GraphQL portal API, which lets the privacy layer decide
// what this person may see and logs every read. Each part of the page is its own module.
import {LoginNeeded, graphql, logOut, loggedIn} from "./portal/api.js";
import {feedback, show} from "./portal/dom.js";
import {renderAccessLog} from "./portal/access.js";
import {prepareConsentForm, renderConsents, wireConsentForm} from "./portal/consents.js";
import {renderDossier} from "./portal/dossier.js";
import {wireDownload} from "./portal/download.js";
import {collectItems} from "./portal/items.js";
import {prepareComplaintForm, renderRequests, wireComplaintForms} from "./portal/requests.js";
import {nameOf, sectionData, state} from "./portal/state.js";

const SECTIONS = ["menu", "mijn-dossier", "bekeken", "toestemmingen", "klacht", "verzoeken", "downloaden"];

const PORTAL_QUERY = `query($h: String) {
  me { userId role personId represents householdIds }
  myDossier(householdId: $h) { householdId phase team caseDirector version sections { section items withheldSection withheldItems } }
  myAccessLog(householdId: $h, limit: 150) { time userRole organisation action section purpose outcome emergency byYou }
  myWorkers(householdId: $h) { ref name role organisation phone email caseDirector }
  myRequests(householdId: $h) { kind ref personId status filedAt deadline route itemVersion text }
  consentChoices(householdId: $h) { purposes { purpose name description } partners { ref name kind } }
}`;

async function load() {
  const data = await graphql(PORTAL_QUERY, {h: state.dossier ? state.dossier.householdId : null});
  state.me = data.me;
  state.dossier = data.myDossier;
  state.workers = data.myWorkers;
  state.staff = Object.fromEntries(data.myWorkers.map((w) => [w.ref, w]));
  state.purposes = data.consentChoices.purposes;
  state.partners = data.consentChoices.partners;
  state.names = Object.fromEntries(sectionData("members").items.filter((m) => m.name).map((m) => [m.person_id, m.name]));
  collectItems();
  const who = document.getElementById("who");
  who.textContent = state.me.personId
    ? "U bent ingelogd als " + nameOf(state.me.personId) + "."
    : "U bent ingelogd als wettelijk vertegenwoordiger van " + state.me.represents.map(nameOf).join(", ") + ".";
  who.hidden = false;
  renderDossier();
  renderConsents();
  renderAccessLog(data.myAccessLog);
  renderRequests(data.myRequests);
  prepareConsentForm();
  prepareComplaintForm();
  for (const id of SECTIONS) show(id);
}

// An error goes beside what caused it; a lost login hides the dossier and says how to log in again.
function report(error, near) {
  if (error instanceof LoginNeeded) {
    for (const id of SECTIONS) show(id, false);
    show("login-needed");
    feedback(document.getElementById("login-title"), error.message, "error");
    return;
  }
  const text = error.message || "Er ging iets mis. Probeer het later opnieuw.";
  feedback(near || document.getElementById("dossier-title"), text, "error");
}

state.reload = load;
state.report = report;

wireConsentForm();
wireComplaintForms();
wireDownload(report);

document.getElementById("logout").addEventListener("click", () => {
  logOut();
  for (const id of SECTIONS) show(id, false);
  document.getElementById("who").hidden = true;
  show("logged-out");
  document.getElementById("logged-out-title").focus();
});

if (!loggedIn()) show("login-needed");
else load().catch((error) => report(error));
