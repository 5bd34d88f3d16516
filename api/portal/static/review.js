// Review page for the complaint commission and the ombudsman: GraphQL `complaint`, `dossierHistory`
// (time travel, limited to the complaint's scope by the privacy layer) and `verificationBundle`.
"use strict";

const REVIEW_TOKEN_KEY = "wijkdossier-review-token";
let reviewToken = sessionStorage.getItem(REVIEW_TOKEN_KEY);

function node(tag, text, className) {
  const element = document.createElement(tag);
  if (text !== undefined && text !== null) element.textContent = text;
  if (className) element.className = className;
  return element;
}

function tell(text, kind = "info") {
  const box = document.getElementById("message");
  box.className = "message " + kind;
  box.textContent = text;
}

async function ask(query, variables = {}) {
  const response = await fetch("/graphql", {method: "POST",
    headers: {"Content-Type": "application/json", "Authorization": "Bearer " + reviewToken},
    body: JSON.stringify({query, variables})});
  if (response.status === 401 || response.status === 403) {
    sessionStorage.removeItem(REVIEW_TOKEN_KEY);
    let text = "U bent niet (meer) ingelogd.";
    try { text = (await response.json()).error.message || text; } catch (ignored) { /* not JSON */ }
    showLogin();
    throw new Error(text);
  }
  const body = await response.json();
  if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
  return body.data;
}

function facts(pairs) {
  const list = node("dl", null, "facts");
  for (const [term, value] of pairs) {
    if (value === null || value === undefined || value === "") continue;
    list.append(node("dt", term), node("dd", String(value)));
  }
  return list;
}

function scrollable(table) {
  const wrapper = node("div", null, "table-scroll");
  wrapper.append(table);
  return wrapper;
}

async function review(complaintId, day) {
  const {complaint} = await ask(`query($id: String!) { complaint(id: $id) { complaintId householdId stage route
    aboutWorkerId filedAt deadline scopeFrom scopeUntil } }`, {id: complaintId});
  const box = document.getElementById("complaint-facts");
  box.replaceChildren(node("h3", "De klacht"), facts([
    ["Fase", word("stage", complaint.stage)], ["Route", word("stage", complaint.route)], ["Over medewerker", complaint.aboutWorkerId],
    ["Ingediend op", formatDate(complaint.filedAt, true)], ["Uiterste beslisdatum", formatDate(complaint.deadline)],
    ["Reikwijdte vanaf", formatDate(complaint.scopeFrom)], ["Reikwijdte tot en met", formatDate(complaint.scopeUntil)]]));
  const asOf = day ? new Date(day + "T23:59:59").toISOString() : (complaint.filedAt || new Date().toISOString());
  const {dossierHistory: history} = await ask(`query($h: String!, $at: DateTime!, $c: String) {
    dossierHistory(householdId: $h, asOf: $at, complaintId: $c) { householdId asOf overview events } }`,
    {h: complaint.householdId, at: asOf, c: complaint.complaintId});
  const events = history.events || [];
  const overview = history.overview || {};
  const target = document.getElementById("history");
  const table = node("table");
  table.append(node("caption", "Wat er is vastgelegd, oud naar nieuw (" + events.length + ")"));
  const head = node("thead");
  const headRow = node("tr");
  for (const title of ["Nr.", "Vastgelegd op", "Wat", "Door (rol)", "Reden"]) {
    const th = node("th", title); th.scope = "col"; headRow.append(th);
  }
  head.append(headRow);
  const body = node("tbody");
  for (const e of events) {
    const row = node("tr");
    const by = e.by || {};
    const withheld = e.withheld || e.status === "withheld";
    for (const value of [e.version, formatDate(e.recorded_at, true), withheld ? "Afgeschermd" : word("event", e.type),
      by.actor_id ? by.actor_id + " (" + word("role", by.actor_role || by.role) + ")" : "", by.reason || ""]) {
      row.append(node("td", value === undefined ? "" : String(value)));
    }
    body.append(row);
  }
  table.append(head, body);
  target.replaceChildren(node("h3", "Het dossier zoals het was op " + formatDate(history.asOf, true)),
    facts([["Fase", word("phase", overview.phase)], ["Team", overview.team], ["Casusregisseur", overview.case_director],
      ["Procesregisseur", overview.process_director]]),
    scrollable(table));
  await verification(complaint.householdId);
}

async function verification(householdId) {
  const box = document.getElementById("verification");
  box.replaceChildren(node("h3", "Is de geschiedenis volledig?"));
  try {
    const {verificationBundle: bundle} = await ask(`query($h: String!) { verificationBundle(householdId: $h) }`,
      {h: householdId});
    const checkpoint = bundle.checkpoint || {};
    const streams = bundle.streams || [];
    box.append(facts([["Bewijspakket", "ontvangen"], ["Ondertekend controlepunt", checkpoint.sequence],
      ["Sleutel", checkpoint.key_id], ["Aantal reeksen", streams.length]]));
    box.append(node("p", "Controleer het pakket zelf met: wijkdossier verify-bundle (met de publieke sleutels van " +
      "/.well-known/wijkdossier-keys). Zo ziet u of er iets is weggehaald of veranderd."));
    const link = node("a", "Bewijspakket downloaden (JSON)");
    link.href = URL.createObjectURL(new Blob([JSON.stringify(bundle, null, 2)], {type: "application/json"}));
    link.download = "bewijspakket-" + householdId + ".json";
    box.append(node("p")); box.lastChild.append(link);
  } catch (error) {
    box.append(node("p", "Het bewijspakket is niet beschikbaar: " + error.message));
  }
}

function showLogin() {
  document.getElementById("review").hidden = true;
  document.getElementById("review-login").hidden = false;
}

async function start() {
  const people = await fetch("/portal/demo-people").catch(() => null);
  const demo = people && people.ok ? await people.json() : null;
  if (demo) {
    document.getElementById("demo-review-login").hidden = false;
    const options = document.getElementById("complaints");
    for (const c of demo.complaints) {
      const option = node("option", c.label); option.value = c.complaint_id; options.append(option);
    }
    if (demo.complaints.length) document.getElementById("complaint").value = demo.complaints[0].complaint_id;
  }
  if (!reviewToken) { showLogin(); return; }
  document.getElementById("review").hidden = false;
}

for (const button of document.querySelectorAll("#demo-review-login button")) {
  button.addEventListener("click", async () => {
    const response = await fetch("/portal/demo-review-login", {method: "POST",
      headers: {"Content-Type": "application/json"}, body: JSON.stringify({role: button.dataset.role})});
    const body = await response.json();
    if (!response.ok) { tell(body.error.message, "error"); return; }
    reviewToken = body.token;
    sessionStorage.setItem(REVIEW_TOKEN_KEY, reviewToken);
    document.getElementById("review-login").hidden = true;
    document.getElementById("review").hidden = false;
    tell("U bent ingelogd als " + word("role", button.dataset.role) + ".", "success");
  });
}

document.getElementById("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  reviewToken = event.target.token.value.trim();
  sessionStorage.setItem(REVIEW_TOKEN_KEY, reviewToken);
  document.getElementById("review-login").hidden = true;
  document.getElementById("review").hidden = false;
});

document.getElementById("review-form").addEventListener("submit", (event) => {
  event.preventDefault();
  tell("Bezig met ophalen…");
  review(event.target.complaint.value.trim(), event.target.asOf.value)
    .then(() => tell("Klaar. Deze inzage is gelogd.", "success"))
    .catch((error) => tell(error.message, "error"));
});

document.getElementById("review-logout").addEventListener("click", () => {
  sessionStorage.removeItem(REVIEW_TOKEN_KEY);
  reviewToken = null;
  showLogin();
});

start().catch((error) => tell(error.message, "error"));
