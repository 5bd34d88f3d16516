// The review workspace's words: what each event says, in plain Dutch, with names instead of ids.
// Shared by the review page and its printable report.
"use strict";

const LATE_AFTER_HOURS = 24;
const HISTORY_COLUMNS = ["Nr.", "Gebeurd op", "Vastgelegd op", "Wat", "Door", "Reden"];  // recorded more than a day after it happened: the reviewer must see it

const FIELD_WORDS = {
  source: "Bron", reporter: "Gemeld door", description: "Omschrijving", summary: "Samenvatting", name: "Naam",
  relation: "Relatie", date_of_birth: "Geboren", worker_id: "Medewerker", kind: "Soort", note: "Notitie",
  outcome: "Uitkomst", with_person_ids: "Met", person_id: "Over", level: "Niveau", provision: "Voorziening",
  motivation: "Motivering", decision: "Besluit", referral_id: "Aanvraag", plan_version: "Planversie",
  explanation: "Uitleg", granted: "Toegekend", new_worker_id: "Nieuwe medewerker", reason: "Reden",
  resolved: "Opgelost", route: "Route", advice: "Advies", well_founded: "Gegrond", notice: "Bericht",
  contact_kind: "Manier", commission_id: "Klachtencommissie", ombudsman_id: "Ombudsman", about_worker_id: "Over medewerker",
  complainant_person_id: "Klager", goal_outcomes: "Doelen", statement: "Reactie", text: "Tekst", section: "Onderdeel",
  meldcode_step: "Stap meldcode", status: "Stand", partner: "Partner", sections: "Onderdelen", purpose: "Doel",
  scope_from: "Reikwijdte vanaf", scope_until: "Reikwijdte tot en met", request_id: "Verzoek",
  from_person_id: "Afgeschermd voor", due_on: "Uiterlijk", previous_worker_id: "Vorige medewerker",
  decided_by: "Besloten door", from_worker_id: "Van medewerker", to_worker_id: "Naar medewerker",
  previous_case_director: "Vorige casusregisseur", case_director_id: "Casusregisseur",
};
// Internal numbers and codes a reviewer has no use for (the item itself is named by its kind and time).
const SKIP_FIELDS = new Set(["originator_topic", "household_id", "zrm_version", "team", "subject", "item_version",
  "referral_id", "request_id", "action_id", "goal_id", "withholding_id", "consent_id", "correction_id"]);

// What an event is and whom its attributes name, as its class says (EVENT_META, generated into
// event-labels.js from domain/event_meta.py): a new event needs no rule here.
const NO_META = {section: "overview", shows: null, staff: [], subjects: []};
function metaOf(item) { return (typeof EVENT_META === "object" && EVENT_META[item.type]) || NO_META; }
function shows(item) { return metaOf(item).shows; }
function idFields(item) { const meta = metaOf(item); return new Set([...meta.staff, ...meta.subjects]); }

function personName(names, id) {
  if (!id) return "";
  if (names.persons && names.persons[id]) {
    const relation = names.relations && names.relations[id];
    return names.persons[id] + (relation ? " (" + word("relation", relation) + ")" : "");
  }
  if (names.staff && names.staff[id]) return names.staff[id];
  if (id === "klachtencommissie-sociaal-domein") return "de klachtencommissie sociaal domein";
  return "iemand van wie de naam hier niet getoond wordt";
}

function actorText(names, by) {
  if (!by || !by.actor_id) return "";
  const role = word("role", by.actor_role || by.role);
  const roleText = role === "uzelf" ? "inwoner" : role;
  const name = (names.persons && names.persons[by.actor_id]) || personName(names, by.actor_id);
  let text = name + " (" + roleText + ")";
  if (by.on_behalf_of) text += ", namens " + personName(names, by.on_behalf_of);
  return text;
}

function isLate(item) {
  if (!item.recorded_at || !item.occurred_at) return false;
  return (new Date(item.recorded_at) - new Date(item.occurred_at)) > LATE_AFTER_HOURS * 3600 * 1000;
}

function lateText(item) {
  const days = Math.round((new Date(item.recorded_at) - new Date(item.occurred_at)) / 86400000);
  return days >= 1 ? "Laat vastgelegd: " + days + (days === 1 ? " dag" : " dagen") + " na het gebeuren"
    : "Laat vastgelegd: meer dan een dag na het gebeuren";
}

function valueText(names, key, value, ids) {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "boolean") return value ? "ja" : "nee";
  if (ids.has(key) && typeof value === "string") return personName(names, value);
  if (ids.has(key) && Array.isArray(value)) return value.map((p) => personName(names, p)).join(", ");
  if (key === "kind" || key === "contact_kind") return word("contact", word("referral", value));
  if (key === "source") return word("source", value);
  if (key === "relation") return word("relation", value);
  if (key === "outcome") return word("contactOutcome", value);
  if (key === "decision" || key === "status") return word("status", value);
  if (key === "route") return word("stage", value);
  if (key === "date_of_birth" || key === "due_on" || key === "scope_from" || key === "scope_until") return formatDate(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ");
  if (typeof value === "object") {
    return Object.entries(value).map(([k, v]) => word("goal", v) && typeof v !== "object" ? k + ": " + word("goal", v) : k).join(", ");
  }
  return String(value);
}

// The content of one released event as lines of text (the page puts them in a list).
function contentLines(item, names) {
  if (item.type === "withheld" || item.withheld) return ["Afgeschermd: " + (item.reason || "de inhoud mag u niet zien.")];
  const data = item.data || {};
  if (shows(item) === "zrm") {
    return [personName(names, data.person_id) + ": " + Object.entries(data.scores || {})
      .map(([domain, score]) => word("zrm", domain) + " " + score + " (" + word("zrmLevel", score) + ")").join("; ")];
  }
  if (shows(item) === "ladder") {
    return [personName(names, data.person_id) + ": trede " + data.level + " (" + word("ladder", data.level) + ")"];
  }
  if (shows(item) === "plan") return planLines(data.plan || {}, names);
  const lines = [];
  const ids = idFields(item);
  for (const [key, value] of Object.entries(data)) {
    if (SKIP_FIELDS.has(key) || (shows(item) === "member" && key === "person_id")) continue;  // the name says who
    const text = valueText(names, key, value, ids);
    if (text) lines.push((FIELD_WORDS[key] || key) + ": " + text);
  }
  return lines;
}

function planLines(plan, names) {
  const lines = [];
  for (const problem of plan.problems || []) lines.push("Probleem: " + problem);
  for (const goal of plan.goals || []) lines.push("Doel: " + goal.text);
  for (const result of plan.results || []) lines.push("Resultaat: " + result);
  for (const solution of plan.solutions || []) lines.push("Oplossing: " + solution);
  for (const action of plan.actions || []) {
    lines.push("Actie: " + action.description + " — " + (action.owner_name || word("owner", action.owner_kind)) +
      (action.due_on ? ", uiterlijk " + formatDate(action.due_on) : ""));
  }
  return lines;
}

// The plan, the ZRM and the decisions as they stood: folded from the released timeline items.
function stateAsOf(items) {
  const state = {plan: null, planVersion: 0, agreed: [], zrm: {}, decisions: []};
  const requests = {};
  for (const item of items) {
    const data = item.data || {};
    const kind = shows(item);
    if (kind === "plan") { state.plan = data.plan || {}; state.planVersion += 1; state.agreed = []; }
    if (kind === "plan_agreed") state.agreed.push(data.person_id);
    if (kind === "zrm") state.zrm[data.person_id] = {scores: data.scores || {}, at: item.occurred_at};
    if (kind === "request") requests[data.referral_id] = data;
    if (kind === "decision") {
      state.decisions.push({item, request: requests[data.referral_id] || null});
    }
  }
  return state;
}

// ------------------------------------------------------------------ building blocks (page and report)

function node(tag, text, className) {
  const element = document.createElement(tag);
  if (text !== undefined && text !== null) element.textContent = text;
  if (className) element.className = className;
  return element;
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

function stateParts(w) {
  const state = stateAsOf(w.events || []);
  const o = w.overview || {};
  const box = node("div");
  box.append(node("h4", "Stand van zaken op die dag"), facts([
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
  return box;
}

function historyParts(w) {
  const events = w.events || [];
  const late = events.filter(isLate).length;
  const table = node("table");
  table.append(node("caption", "Wat er is vastgelegd, oud naar nieuw (" + events.length + " stukken)"));
  const head = node("thead");
  const headRow = node("tr");
  for (const title of HISTORY_COLUMNS) {
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
    // At phone width each row becomes a card; the header names stand beside the values (review.css).
    row.querySelectorAll("td").forEach((cell, index) => { cell.dataset.label = HISTORY_COLUMNS[index]; });
    body.append(row);
  }
  table.append(head, body);
  const box = node("div");
  box.append(node("h4", "Tijdlijn"));
  box.append(node("p", late ? late + (late === 1 ? " stuk is" : " stukken zijn") + " laat vastgelegd: meer dan een dag " +
    "nadat het gebeurde. Die zijn gemarkeerd." : "Alles is vastgelegd binnen een dag nadat het gebeurde.",
    late ? "note" : "help"));
  box.append(scrollable(table));
  return box;
}

function complaintParts(w) {
  const c = w.complaint;
  const names = w.names;
  const filed = (w.course || []).find((e) => shows(e) === "complaint");
  const filer = filed && filed.by ? actorText(names, filed.by) : "";
  const extendedText = c.extended ? " (eenmaal verlengd met vier weken)" : "";
  const box = node("div");
  box.append(node("h3", "De klacht"), facts([
    ["Klager", personName(names, c.complainant_person_id)], ["Ingediend door", filer],
    ["Over", personName(names, c.about_worker_id) + " (medewerker)"], ["Wat de klager zegt", c.description],
    ["Waar de klacht nu staat", word("stage", c.stage)],
    ["Route tot nu toe", (c.routes_taken || []).map((r) => word("stage", r)).join(" → ")],
    ["Ingediend op", formatDate(c.filed_at, true)], ["Uiterste beslisdatum", formatDate(c.deadline) + extendedText],
    ["Reikwijdte", (w.scope.from ? "van " + formatDate(w.scope.from) : "vanaf het begin van het dossier") +
      " tot en met " + formatDate(w.scope.until)]]), courseTable(w));
  return box;
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

function verdictBox(outcome) {
  const box = node("div", null, "verdict " + (outcome.ok ? "good" : "bad"));
  box.setAttribute("role", "status");
  box.append(node("h4", outcome.title));
  for (const text of outcome.lines || []) box.append(node("p", text));
  return box;
}

