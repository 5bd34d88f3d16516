// Complaint, another worker (keuzevrijheid), and "Mijn klachten en verzoeken" with the status of each.
import {RESULT, mutate} from "./api.js";
import {el, feedback} from "./dom.js";
import {actFor, actedBy, nameOf, persons, state} from "./state.js";
import {formatDate, word} from "./words.js";

const STAGE = {filed: "ontvangen; de klachtenfunctionaris neemt contact met u op",
  intake: "u bent in gesprek over uw klacht (klachtopvang)", mediation: "bemiddeling loopt",
  commission: "de klachtencommissie behandelt uw klacht", advised: "de commissie heeft advies gegeven; de gemeente beslist nu",
  decided: "er is een besluit op uw klacht", closed: "afgesloten", ombudsman: "de sociale ombudsman kijkt ernaar"};

function describe(request) {
  const about = request.itemVersion ? state.items.get(request.itemVersion) : null;
  if (request.kind === "complaint") {
    return [el("p", {}, el("strong", {text: "Klacht"}), ", ingediend op " + formatDate(request.filedAt) +
        (request.route ? ", via " + word("route", request.route) : "")),
      el("p", {text: "Status: " + (STAGE[request.status] || "in behandeling") + "."}),
      ["decided", "closed"].includes(request.status) ? "" :
        el("p", {text: "U krijgt uiterlijk " + formatDate(request.deadline) + " een besluit."})];
  }
  const title = word("requestKind", request.kind);
  return [el("p", {}, el("strong", {text: title}), " " + actedBy(actFor(null, request.ref), request.personId) + ", op " +
      formatDate(request.filedAt) +
      (about ? ", over: " + about.label : "")),
    request.text ? el("p", {class: "statement-text", text: request.text}) : "",
    el("p", {text: "Status: " + word("requestStatus", request.status) + "."})];
}

export function renderRequests(requests) {
  const box = document.getElementById("request-list");
  box.replaceChildren(...requests.map((r) => el("li", {class: "card"}, describe(r))));
  document.getElementById("request-empty").hidden = requests.length > 0;
}

export function prepareComplaintForm() {
  const select = document.getElementById("complaint-worker");
  const chosen = select.value;
  select.replaceChildren(el("option", {value: "", text: "Kies een medewerker"}),
    ...state.workers.map((w) => el("option", {value: w.ref,
      text: w.name + " (" + word("roleTitle", w.role) + (w.caseDirector ? ", uw casusregisseur" : "") + ")"})));
  if (chosen) select.value = chosen;
  for (const [field, selectId] of [["complaint-person-field", "complaint-person"], ["worker-person-field", "worker-person"]]) {
    const choices = persons();
    document.getElementById(selectId).replaceChildren(...choices.map((p) => el("option", {value: p, text: nameOf(p)})));
    document.getElementById(field).hidden = choices.length < 2;
  }
}

function showSubject(form) {
  const outcome = form.querySelector("input[name=subject]:checked")?.value === "DECISION_OUTCOME";
  document.getElementById("complaint-outcome").hidden = !outcome;
  document.getElementById("complaint-conduct").hidden = outcome;
}

export function wireComplaintForms() {
  const form = document.getElementById("complaint-form");
  form.querySelectorAll("input[name=subject]").forEach((r) => r.addEventListener("change", () => showSubject(form)));
  showSubject(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const subject = form.querySelector("input[name=subject]:checked");
    const route = form.querySelector("input[name=route]:checked");
    if (!subject) { feedback(form, "Kies eerst waar uw klacht over gaat.", "error"); return; }
    if (subject.value === "DECISION_OUTCOME") {
      feedback(form, "Over de uitkomst van een besluit maakt u bezwaar; zie de uitleg hierboven.", "error");
      return;
    }
    if (!form.worker.value) { feedback(form, "Kies over welke medewerker uw klacht gaat.", "error"); return; }
    if (!form.description.value.trim()) { feedback(form, "Schrijf op wat er is gebeurd.", "error"); return; }
    if (!route) { feedback(form, "Kies hoe u uw klacht behandeld wilt zien.", "error"); return; }
    try {
      await mutate(`mutation($h: String!, $p: String!, $w: String!, $d: String!, $r: ComplaintRouteChoice!) {
        fileComplaint(householdId: $h, personId: $p, aboutWorkerId: $w, description: $d, subject: CONDUCT, route: $r) {
          ${RESULT} } }`,
      {h: state.dossier.householdId, p: form.person.value || persons()[0], w: form.worker.value,
        d: form.description.value.trim(), r: route.value});
      form.reset();
      showSubject(form);
      await state.reload();
      feedback(form, "Uw klacht is ontvangen. De klachtenfunctionaris neemt snel contact met u op. " +
        "U ziet uw klacht bij Mijn klachten en verzoeken.");
    } catch (error) { state.report(error, form); }
  });

  const other = document.getElementById("worker-form");
  other.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!other.motivation.value.trim()) { feedback(other, "Schrijf op waarom u een andere medewerker wilt.", "error"); return; }
    try {
      await mutate(`mutation($h: String!, $p: String!, $m: String!) {
        requestOtherWorker(householdId: $h, personId: $p, motivation: $m) { ${RESULT} } }`,
      {h: state.dossier.householdId, p: other.person.value || persons()[0], m: other.motivation.value.trim()});
      other.reset();
      await state.reload();
      feedback(other, "Uw verzoek is ontvangen. De teamleider beslist en laat het u weten. " +
        "U ziet het bij Mijn klachten en verzoeken.");
    } catch (error) { state.report(error, other); }
  });
}
