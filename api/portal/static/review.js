// The review workspace for the complaint commission and the ombudsman: GraphQL `reviewWorkspace` (the
// complaint, the day in its scope, the dossier's released history) and `verificationBundle`, checked in
// the page against the published keys (bundle-verifier.js). Every new request clears what was shown.
"use strict";

const REVIEW_TOKEN_KEY = "wijkdossier-review-token";
const REVIEWER_NAME_KEY = "wijkdossier-review-name";
let reviewToken = sessionStorage.getItem(REVIEW_TOKEN_KEY);
let demoComplaints = [];
let shown = null;  // what the workspace shows now: {workspace, verdict}

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
    try { text = (await response.json()).detail || text; } catch (ignored) { /* not JSON */ }
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
  const {reviewWorkspace: workspace} = await ask(`query($c: String!, $d: Date) {
    reviewWorkspace(complaintId: $c, onDate: $d) }`, {c: complaintId, d: day || null});
  shown = {workspace, verdict: null};
  showComplaint(workspace);
  showDay(workspace);
  showState(workspace);
  showVerification(workspace);
  showHistory(workspace);
}

function showComplaint(w) { document.getElementById("complaint-facts").replaceChildren(complaintParts(w)); }

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

function showState(w) { document.getElementById("state").replaceChildren(stateParts(w)); }

function showHistory(w) { document.getElementById("history").replaceChildren(historyParts(w)); }

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
  const report = node("a", "Verslag om te printen");
  report.href = "/portal/review/report?klacht=" + encodeURIComponent(w.complaint.complaint_id) +
    "&datum=" + encodeURIComponent(w.day.shown);
  const row = node("p", null, "actions-row no-print");
  row.append(button, report);
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
    // The same bundle to check again outside the browser (wijkdossier verify-bundle --keys …).
    const download = node("a", "Bewijspakket downloaden (JSON), om zelf na te rekenen");
    download.href = URL.createObjectURL(new Blob([JSON.stringify(outcome.bundle, null, 1)], {type: "application/json"}));
    download.download = "bewijspakket-" + w.complaint.complaint_id + ".json";
    const after = node("p", null, "no-print");
    after.append(download);
    result.replaceChildren(verdictBox(outcome), after);
  } catch (error) {
    if (shown !== asked) return;
    result.replaceChildren(verdictBox({ok: false, title: "Niet gecontroleerd", lines: [error.message]}));
  } finally {
    button.disabled = false;
  }
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
    if (!response.ok) { tell(body.detail || "Inloggen lukte niet.", "error"); return; }
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
