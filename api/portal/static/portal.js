// The client portal. Everything comes from the GraphQL portal API, which lets the privacy layer decide
// what this person may see and logs every read. Each part of the page is its own module.
import {LoginNeeded, graphql, logOut, loggedIn, perspectives, usePerspective} from "./portal/api.js";
import {el, feedback, show} from "./portal/dom.js";
import {renderAccessLog} from "./portal/access.js";
import {prepareConsentForm, renderConsents, wireConsentForm} from "./portal/consents.js";
import {renderDossier} from "./portal/dossier.js";
import {wireDownload} from "./portal/download.js";
import {collectItems} from "./portal/items.js";
import {prepareComplaintForm, renderRequests, wireComplaintForms} from "./portal/requests.js";
import {nameOf, sectionData, state} from "./portal/state.js";
import {withCodes} from "./portal/words.js";

const SECTIONS = ["menu", "mijn-dossier", "bekeken", "toestemmingen", "klacht", "verzoeken", "downloaden"];

const PORTAL_QUERY = `query($h: String) {
  me { userId role personId represents householdIds }
  myDossier(householdId: $h) { householdId phase team caseDirector version acts
    sections { section items withheldSection withheldItems } }
  myAccessLog(householdId: $h, limit: 150) { time userRole organisation action section purpose outcome emergency byYou bySubject }
  myWorkers(householdId: $h) { ref name role organisation phone email caseDirector }
  myRequests(householdId: $h) { kind ref personId status filedAt deadline route itemVersion text }
  consentChoices(householdId: $h) { purposes { purpose name description } partners { ref name kind } }
}`;

async function load() {
  const data = await graphql(PORTAL_QUERY, {h: state.dossier ? state.dossier.householdId : null});
  state.me = withCodes(data.me, "role");
  state.dossier = data.myDossier;
  state.acts = data.myDossier.acts || [];
  const views = perspectives();
  const current = views.find((p) => p.active);
  state.myName = current ? current.name : "";
  state.workers = data.myWorkers.map((w) => withCodes(w, "role"));
  state.staff = Object.fromEntries(state.workers.map((w) => [w.ref, w]));
  state.purposes = data.consentChoices.purposes;
  state.partners = data.consentChoices.partners;
  state.names = Object.fromEntries(sectionData("members").items.filter((m) => m.name).map((m) => [m.person_id, m.name]));
  collectItems();
  if (!state.myName && state.me.personId) state.myName = state.names[state.me.personId] || "";
  renderPerspective(views, current);
  renderDossier();
  renderConsents();
  renderAccessLog(data.myAccessLog.map((line) => withCodes(line, "userRole", "outcome")));
  renderRequests(data.myRequests);
  prepareConsentForm();
  prepareComplaintForm();
  for (const id of SECTIONS) show(id);
}

const HEADINGS = {"dossier-title": ["Mijn dossier", (n) => "Dossier van " + n],
  "bekeken-title": ["Wie heeft mijn dossier bekeken", (n) => "Wie heeft het dossier van " + n + " bekeken"],
  "toestemmingen-title": ["Mijn toestemmingen", (n) => "Toestemmingen voor " + n]};

// Everything said from the logged-in person's point of view: "mijn dossier", or the dossier of their child.
function renderPerspective(views, current) {
  const represented = state.me.personId ? null : state.me.represents.map(nameOf).join(", ");
  const who = document.getElementById("who");
  const me = state.myName ? "U bent ingelogd als " + state.myName + "." : "U bent ingelogd.";
  who.textContent = represented ? me + " U kijkt als " + (current && current.relation ? current.relation : "vertegenwoordiger") +
    " naar het dossier van " + represented + "." : me;
  who.hidden = false;
  document.getElementById("intro").textContent = represented
    ? "Hier ziet u wat het wijkteam over " + represented + " heeft opgeschreven, en wie dat dossier heeft bekeken."
    : "Hier ziet u wat het wijkteam over u heeft opgeschreven. U ziet ook wie uw dossier heeft bekeken.";
  for (const [id, [mine, theirs]] of Object.entries(HEADINGS)) {
    document.getElementById(id).textContent = represented ? theirs(represented) : mine;
  }
  const box = document.getElementById("perspective-choices");
  box.replaceChildren(...views.map((view) => el("label", {class: "check"},
    el("input", {type: "radio", name: "perspective", value: view.key, checked: view.active ? true : null,
      onchange: () => switchTo(view)}),
    " " + (view.key === "self" ? "Ik (" + view.name + ")"
      : (view.relation === "ouder" ? "Mijn kind (" : "Degene voor wie ik zorg (") + view.represented + ")"))));
  show("perspective", views.length > 1);
}

async function switchTo(view) {
  usePerspective(view.key);
  state.dossier = null;
  try {
    await load();
    feedback(document.getElementById("perspective"), view.key === "self" ? "U kijkt nu naar uw eigen dossier."
      : "U kijkt nu naar het dossier van " + view.represented + ".");
  } catch (error) { report(error); }
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
