// The printable review report: the same workspace read (and logged) as the review page, for the day in the
// address, verified in the page against the published keys, signed off with the reviewer's name and time.
"use strict";

const reportToken = sessionStorage.getItem("wijkdossier-review-token");

function say(text, kind = "info") {
  const box = document.getElementById("message");
  box.className = "message " + kind;
  box.textContent = text;
}

async function askReport(query, variables = {}) {
  const response = await fetch("/graphql", {method: "POST",
    headers: {"Content-Type": "application/json", "Authorization": "Bearer " + reportToken},
    body: JSON.stringify({query, variables})});
  const body = await response.json().catch(() => ({}));
  if (!response.ok && !body.errors) throw new Error("U bent niet (meer) ingelogd. Log opnieuw in op de toetsingspagina.");
  if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
  return body.data;
}

async function buildReport() {
  const params = new URLSearchParams(window.location.search);
  const complaint = params.get("klacht");
  if (!reportToken) throw new Error("U bent niet ingelogd. Log eerst in op de toetsingspagina.");
  if (!complaint) throw new Error("Klacht: er staat geen klacht in het adres. Open het verslag vanaf de toetsingspagina.");
  say("Bezig met het verslag…");
  const {reviewWorkspace: w} = await askReport(`query($c: String!, $d: Date) { reviewWorkspace(complaintId: $c,
    onDate: $d) }`, {c: complaint, d: params.get("datum") || null});
  const outcome = await fetchAndVerify(w.complaint.household_id, askReport, w.events);
  const checkpoint = outcome.checkpoint || {};
  const report = document.getElementById("report");
  const day = node("h2", "Het dossier zoals het was op " + formatDate(w.day.shown));
  const parts = [complaintParts(w), day];
  if (w.day.moved) parts.push(node("p", w.day.moved, "note"));
  const verification = node("section");
  verification.setAttribute("aria-labelledby", "verification-title");
  const title = node("h3", "Controle van de volledigheid");
  title.id = "verification-title";
  verification.append(title, verdictBox(outcome), facts([
    ["Controlepunt", checkpoint.sequence], ["Ondertekend op", formatDate(checkpoint.created_at, true)],
    ["Sleutel", checkpoint.key_id], ["Gecontroleerd tegen", "de sleutels op /.well-known/wijkdossier-keys"]]));
  const reviewer = w.reviewer || {};
  const signOff = node("section");
  signOff.setAttribute("aria-labelledby", "sign-off-title");
  const signTitle = node("h3", "Opgesteld door");
  signTitle.id = "sign-off-title";
  signOff.append(signTitle, facts([
    ["Naam", reviewer.name || "onbekend (ingelogd met een token)"], ["Rol", word("role", reviewer.role)],
    ["Organisatie", reviewer.organisation], ["Ingezien op", formatDate(w.read_at, true)],
    ["Afgedrukt op", formatDate(new Date().toISOString(), true)]]));
  parts.push(stateParts(w), verification, historyParts(w), signOff);
  report.replaceChildren(...parts);
  say("Het verslag is klaar. Deze inzage is gelogd.", "success");
}

document.getElementById("print").addEventListener("click", () => window.print());
buildReport().catch((error) => {
  document.getElementById("report").replaceChildren();
  say("Er is geen verslag gemaakt: " + error.message, "error");
});
