// The review workspace's words: what each event says, in plain Dutch, with names instead of ids.
// Shared by the review page and its printable report.
"use strict";

const LATE_AFTER_HOURS = 24;  // recorded more than a day after it happened: the reviewer must see it

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
  from_person_id: "Afgeschermd voor", due_on: "Uiterlijk", action_id: "Actie",
};
const SKIP_FIELDS = new Set(["originator_topic", "household_id", "zrm_version", "team", "subject", "item_version"]);
const ID_FIELDS = new Set(["worker_id", "new_worker_id", "person_id", "about_worker_id", "complainant_person_id",
  "from_person_id", "ombudsman_id", "decided_by", "previous_worker_id"]);

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
  let text = personName(names, by.actor_id) + " (" + roleText + ")";
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

function valueText(names, key, value) {
  if (value === null || value === undefined || value === "") return "";
  if (typeof value === "boolean") return value ? "ja" : "nee";
  if (ID_FIELDS.has(key) && typeof value === "string") return personName(names, value);
  if (key === "with_person_ids" && Array.isArray(value)) return value.map((p) => personName(names, p)).join(", ");
  if (key === "kind") return word("contact", word("referral", value));
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
  if (item.type === "ZrmAssessed") {
    return [personName(names, data.person_id) + ": " + Object.entries(data.scores || {})
      .map(([domain, score]) => word("zrm", domain) + " " + score + " (" + word("zrmLevel", score) + ")").join("; ")];
  }
  if (item.type === "ParticipationAssessed") {
    return [personName(names, data.person_id) + ": trede " + data.level + " (" + word("ladder", data.level) + ")"];
  }
  if (item.type === "PlanVersionAdopted") return planLines(data.plan || {}, names);
  const lines = [];
  for (const [key, value] of Object.entries(data)) {
    if (SKIP_FIELDS.has(key) || (item.type === "MemberAdded" && key === "person_id")) continue;
    const text = valueText(names, key, value);
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
    if (item.type === "PlanVersionAdopted") { state.plan = data.plan || {}; state.planVersion += 1; state.agreed = []; }
    if (item.type === "PlanAgreed") state.agreed.push(data.person_id);
    if (item.type === "ZrmAssessed") state.zrm[data.person_id] = {scores: data.scores || {}, at: item.occurred_at};
    if (item.type === "ReferralRequested") requests[data.referral_id] = data;
    if (["ReferralDecided", "WorkerChangeDecided", "MandateRefusalRecorded", "CorrectionDecided"].includes(item.type)) {
      state.decisions.push({item, request: requests[data.referral_id] || null});
    }
  }
  return state;
}
