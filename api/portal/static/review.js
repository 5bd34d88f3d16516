// The review workspace for the complaint commission and the ombudsman: GraphQL `reviewWorkspace` (the
// complaint, the day in its scope, the dossier's released history) and `verificationBundle`, checked in
// the page against the published keys (bundle-verifier.js). Every new request clears what was shown.
"use strict";

const REVIEW_TOKEN_KEY = "wijkdossier-review-token";
const REVIEWER_NAME_KEY = "wijkdossier-review-name";
let reviewToken = sessionStorage.getItem(REVIEW_TOKEN_KEY);
let demoComplaints = [];
let shown = null;  // what the workspace shows now: {workspace, verdict}

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

class PageError extends Error {
  constructor(message, field) { super(message); this.field = field || null; }
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
    throw new PageError(text);
  }
  const body = await response.json();
  if (body.errors && body.errors.length) {
    const first = body.errors[0];
    throw new PageError(first.message, first.extensions && first.extensions.field);
  }
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
  wrapper.tabIndex = 0;
  wrapper.setAttribute("role", "region");
  wrapper.setAttribute("aria-label", table.caption ? table.caption.textContent : "tabel");
  wrapper.append(table);
  return wrapper;
}

function lines(texts) {
  const box = node("div", null, "content");
  for (const text of texts) box.append(node("p", text));
  return box;
}

// ------------------------------------------------------------------ clearing and errors

function clearWorkspace() {
  shown = null;
  for (const id of ["complaint-facts", "day-note", "state", "verification", "history"]) {
    document.getElementById(id).replaceChildren();
  }
  for (const [input, slot] of [["complaint", "complaint-error"], ["as-of", "as-of-error"]]) {
    document.getElementById(input).removeAttribute("aria-invalid");
    document.getElementById(slot).textContent = "";
  }
}

function fieldError(field, text) {
  const [input, slot] = field === "onDate" ? ["as-of", "as-of-error"] : ["complaint", "complaint-error"];
  document.getElementById(input).setAttribute("aria-invalid", "true");
  document.getElementById(slot).textContent = text;
  document.getElementById(input).focus();
}

// ------------------------------------------------------------------ the workspace

async function review(complaintId, day) {
  const {reviewWorkspace: workspace} = await ask(`query($c: String!, $d: String) {
    reviewWorkspace(complaintId: $c, onDate: $d) }`, {c: complaintId, d: day || null});
  shown = {workspace, verdict: null};
  showComplaint(workspace);
  showDay(workspace);
  showState(workspace);
  showVerification(workspace);
  showHistory(workspace);
}

function showComplaint(w) {
  const c = w.complaint;
  const names = w.names;
  const filed = (w.course || []).find((e) => e.type === "ComplaintFiled");
  const filer = filed && filed.by ? actorText(names, filed.by) : "";
  const extendedText = c.extended ? " (eenmaal verlengd met vier weken)" : "";
  document.getElementById("complaint-facts").replaceChildren(node("h3", "De klacht"), facts([
    ["Klager", personName(names, c.complainant_person_id)], ["Ingediend door", filer],
    ["Over", personName(names, c.about_worker_id) + " (medewerker)"], ["Wat de klager zegt", c.description],
    ["Waar de klacht nu staat", word("stage", c.stage)],
    ["Route tot nu toe", (c.routes_taken || []).map((r) => word("stage", r)).join(" → ")],
    ["Ingediend op", formatDate(c.filed_at, true)], ["Uiterste beslisdatum", formatDate(c.deadline) + extendedText],
    ["Reikwijdte", (w.scope.from ? "van " + formatDate(w.scope.from) : "vanaf het begin van het dossier") +
      " tot en met " + formatDate(w.scope.until)]]), courseTable(w));
}

function courseTable(w) {
  const list = node("ol", null, "plain");
  for (const e of w.course || []) {
    const item = node("li");
    item.append(node("strong", word("event", e.type)), document.createTextNode(" — " + formatDate(e.occurred_at, true) +
      (e.by ? ", " + actorText(w.names, e.by) : "")));
    const content = contentLines(e, w.names).filter((t) => !t.startsWith("Omschrijving") && !t.startsWith("Klager"));
    if (content.length) item.append(lines(content));
    list.append(item);
  }
  const box = node("div");
  box.append(node("h4", "Het verloop van de klacht"), list);
  return box;
}

function showDay(w) {
  const box = document.getElementById("day-note");
  const heading = node("h3", "Het dossier zoals het was op " + formatDate(w.day.shown));
  heading.id = "shown-day";
  box.replaceChildren(heading);
  if (w.day.moved) box.append(node("p", w.day.moved, "note"));
  const extra = [];
  if (w.outside_scope) extra.push(w.outside_scope + " stukken vallen buiten de reikwijdte van de klacht en worden niet getoond.");
  if (w.left_out) extra.push(w.left_out.count + " stukken over andere leden zijn weggelaten: " + w.left_out.reason);
  for (const text of extra) box.append(node("p", text, "help"));
}

function showState(w) {
  const state = stateAsOf(w.events || []);
  const o = w.overview || {};
  const box = document.getElementById("state");
  box.replaceChildren(node("h4", "Stand van zaken op die dag"), facts([
    ["Fase", word("phase", o.phase)], ["Team", o.team ? "wijkteam " + o.team : ""],
    ["Casusregisseur", o.case_director ? personName(w.names, o.case_director) : "geen"],
    ["Procesregisseur", o.process_director ? personName(w.names, o.process_director) : ""]]));
  box.append(node("h4", state.plan ? "Plan van aanpak (versie " + state.planVersion + ")" : "Plan van aanpak"));
  if (state.plan) {
    box.append(lines(planLines(state.plan, w.names)));
    box.append(node("p", state.agreed.length ? "Akkoord gegeven door: " + state.agreed.map((p) => personName(w.names, p)).join(", ")
      : "Nog niet akkoord gegeven.", "help"));
  } else {
    box.append(node("p", "Op die dag was er nog geen plan van aanpak.", "empty"));
  }
  box.append(node("h4", "Zelfredzaamheid (ZRM)"));
  const people = Object.keys(state.zrm);
  if (!people.length) box.append(node("p", "Op die dag was de zelfredzaamheid nog niet bekeken.", "empty"));
  for (const person of people) {
    const entry = state.zrm[person];
    box.append(lines([personName(w.names, person) + " (" + formatDate(entry.at) + "): " + Object.entries(entry.scores)
      .map(([domain, score]) => word("zrm", domain) + " " + score).join("; ")]));
  }
  box.append(node("h4", "Besluiten"));
  if (!state.decisions.length) box.append(node("p", "Op die dag was er nog geen besluit genomen.", "empty"));
  for (const {item, request} of state.decisions) {
    const about = request ? (request.provision || word("referral", request.kind)) + ": " : "";
    box.append(lines([formatDate(item.occurred_at) + " — " + word("event", item.type) + " — " + about +
      contentLines(item, w.names).join("; ") + " (" + actorText(w.names, item.by) + ")"]));
  }
}

function showHistory(w) {
  const events = w.events || [];
  const late = events.filter(isLate).length;
  const table = node("table");
  table.append(node("caption", "Wat er is vastgelegd, oud naar nieuw (" + events.length + " stukken)"));
  const head = node("thead");
  const headRow = node("tr");
  for (const title of ["Nr.", "Gebeurd op", "Vastgelegd op", "Wat", "Door", "Reden"]) {
    const th = node("th", title); th.scope = "col"; headRow.append(th);
  }
  head.append(headRow);
  const body = node("tbody");
  for (const e of events) {
    const row = node("tr");
    if (isLate(e)) row.className = "late-row";
    const withheld = e.type === "withheld" || e.withheld;
    row.append(node("td", String(e.version)), node("td", formatDate(e.occurred_at, true)));
    const recorded = node("td", formatDate(e.recorded_at, true));
    if (isLate(e)) recorded.append(node("span", lateText(e), "late"));
    const what = node("td");
    what.append(node("strong", withheld ? "Afgeschermd" : word("event", e.type)), lines(contentLines(e, w.names)));
    row.append(recorded, what, node("td", actorText(w.names, e.by)), node("td", (e.by && e.by.reason) || ""));
    body.append(row);
  }
  table.append(head, body);
  const box = document.getElementById("history");
  box.replaceChildren(node("h4", "Tijdlijn"));
  box.append(node("p", late ? late + (late === 1 ? " stuk is" : " stukken zijn") + " laat vastgelegd: meer dan een dag " +
    "nadat het gebeurde. Die zijn gemarkeerd." : "Alles is vastgelegd binnen een dag nadat het gebeurde.",
    late ? "note" : "help"));
  box.append(scrollable(table));
}

// ------------------------------------------------------------------ verification

function showVerification(w) {
  const box = document.getElementById("verification");
  const heading = node("h4", "Is de geschiedenis volledig?");
  const explain = node("p", "Verifieer controleert in deze pagina de hashketens, het Merkle-bewijs en de handtekening van " +
    "het controlepunt, met de sleutels die de gemeente publiceert (niet met sleutels uit het pakket zelf).", "help");
  const button = node("button", "Verifieer");
  button.type = "button";
  button.id = "verify";
  const result = node("div");
  result.id = "verdict";
  result.setAttribute("aria-live", "polite");
  const row = node("p", null, "actions-row no-print");
  row.append(button);
  box.replaceChildren(heading, explain, row, result);
  button.addEventListener("click", () => verifyNow(w, result, button));
}

async function verifyNow(w, result, button) {
  const asked = shown;
  button.disabled = true;
  result.replaceChildren(node("p", "Bezig met controleren…"));
  try {
    const outcome = await fetchAndVerify(w.complaint.household_id, ask, w.events);
    if (shown !== asked) return;  // another request replaced the workspace meanwhile
    asked.verdict = outcome;
    result.replaceChildren(verdictBox(outcome));
  } catch (error) {
    if (shown !== asked) return;
    result.replaceChildren(verdictBox({ok: false, title: "Niet gecontroleerd", lines: [error.message]}));
  } finally {
    button.disabled = false;
  }
}

function verdictBox(outcome) {
  const box = node("div", null, "verdict " + (outcome.ok ? "good" : "bad"));
  box.setAttribute("role", "status");
  box.append(node("h4", outcome.title));
  for (const text of outcome.lines || []) box.append(node("p", text));
  return box;
}

// ------------------------------------------------------------------ login and start

function showLogin() {
  document.getElementById("review").hidden = true;
  document.getElementById("review-login").hidden = false;
  clearWorkspace();
}

function showReview(role) {
  document.getElementById("review-login").hidden = true;
  document.getElementById("review").hidden = false;
  const name = sessionStorage.getItem(REVIEWER_NAME_KEY);
  document.getElementById("reviewer-name").textContent = name ? "Ingelogd: " + name : "";
  const mine = demoComplaints.find((c) => c.role === role) || demoComplaints[0];
  const input = document.getElementById("complaint");
  if (mine && (!input.value || role)) input.value = mine.complaint_id;
}

async function start() {
  const people = await fetch("/portal/demo-people").catch(() => null);
  const demo = people && people.ok ? await people.json() : null;
  if (demo) {
    document.getElementById("demo-review-login").hidden = false;
    demoComplaints = demo.complaints || [];
    const options = document.getElementById("complaints");
    for (const c of demoComplaints) {
      const option = node("option", c.label); option.value = c.complaint_id; options.append(option);
    }
    const list = document.getElementById("demo-reviewers");
    for (const r of demo.reviewers || []) list.append(node("li", r.text));
  }
  if (!reviewToken) { showLogin(); return; }
  showReview(sessionStorage.getItem("wijkdossier-review-role"));
}

for (const button of document.querySelectorAll("#demo-review-login button")) {
  button.addEventListener("click", async () => {
    const response = await fetch("/portal/demo-review-login", {method: "POST",
      headers: {"Content-Type": "application/json"}, body: JSON.stringify({role: button.dataset.role})});
    const body = await response.json();
    if (!response.ok) { tell(body.error ? body.error.message : "Inloggen lukte niet.", "error"); return; }
    reviewToken = body.token;
    sessionStorage.setItem(REVIEW_TOKEN_KEY, reviewToken);
    sessionStorage.setItem(REVIEWER_NAME_KEY, body.name ? body.name + " (" + word("role", button.dataset.role) + ")" : "");
    sessionStorage.setItem("wijkdossier-review-role", button.dataset.role);
    showReview(button.dataset.role);
    tell("U bent ingelogd als " + (body.name || word("role", button.dataset.role)) + ".", "success");
  });
}

document.getElementById("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  reviewToken = event.target.token.value.trim();
  sessionStorage.setItem(REVIEW_TOKEN_KEY, reviewToken);
  sessionStorage.removeItem(REVIEWER_NAME_KEY);
  showReview(null);
});

document.getElementById("review-form").addEventListener("submit", (event) => {
  event.preventDefault();
  clearWorkspace();
  const complaint = event.target.complaint.value.trim();
  const dateInput = event.target.asOf;
  if (!complaint) {
    fieldError("complaintId", "Klacht: vul het klachtnummer in of kies een klacht uit de lijst.");
    tell("Er is niets getoond: kies eerst een klacht.", "error");
    return;
  }
  if (dateInput.validity && dateInput.validity.badInput) {
    fieldError("onDate", "Datum: dit is geen geldige datum. Kies een dag met de kalender (dag, maand, jaar).");
    tell("Er is niets getoond: de datum klopt niet.", "error");
    return;
  }
  tell("Bezig met ophalen…");
  review(complaint, dateInput.value)
    .then(() => tell("Klaar. Deze inzage is gelogd.", "success"))
    .catch((error) => {
      clearWorkspace();
      if (error.field === "onDate" || error.field === "complaintId") fieldError(error.field, error.message);
      tell("Er is niets getoond: " + error.message, "error");
    });
});

document.getElementById("review-logout").addEventListener("click", () => {
  sessionStorage.removeItem(REVIEW_TOKEN_KEY);
  sessionStorage.removeItem(REVIEWER_NAME_KEY);
  reviewToken = null;
  showLogin();
});

start().catch((error) => tell(error.message, "error"));
