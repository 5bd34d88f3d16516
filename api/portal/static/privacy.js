// The privacy officer's console: REST under /api/v1 (access-log search, who looked, emergency review,
// signals, the register, exports). Every call is decided and logged by the privacy layer.
"use strict";

const TOKEN_KEY = "wijkdossier-privacy-token";
let token = sessionStorage.getItem(TOKEN_KEY);
let currentPage = 1;
let lastFilters = {};

// Words for the officer (labels.js speaks to the client: "uzelf", "uw reacties").
const OFFICER_WORDS = {
  role: {client: "inwoner", legal_representative: "wettelijk vertegenwoordiger",
    front_desk_volunteer: "gastvrouw of gastheer", social_worker: "sociaal werker", case_director: "casusregisseur",
    process_director: "procesregisseur", municipal_consultant: "consulent", administrative_officer: "administratief medewerker",
    team_lead: "teamleider", complaint_officer: "klachtenfunctionaris", complaint_commission: "klachtencommissie",
    ombudsman: "sociale ombudsman", privacy_officer: "functionaris gegevensbescherming", partner: "partnerorganisatie",
    system: "systeem", onbekend: "onbekende rol"},
  section: {statements: "reacties van inwoners", access_log: "toegangslog", caseload: "caseload",
    figures: "stuurcijfers", verification: "controlegegevens", members: "leden van het huishouden"},
  conclusion: {justified: "terecht", unjustified: "niet terecht", follow_up: "navragen"},
  signal: {outside_caseload: "Veel huishoudens buiten de eigen caseload", off_hours: "Ver buiten kantoortijd",
    denial_burst: "Veel weigeringen kort na elkaar", after_reassignment: "Toegang na het overdragen"},
  basis: {"dpv:PublicInterest": "algemeen belang (publieke taak)", "dpv:LegalObligation": "wettelijke plicht",
    "dpv:Consent": "toestemming van de inwoner", "dpv:VitalInterest": "vitaal belang (noodsituatie)",
    "dpv:Contract": "overeenkomst", "dpv:LegitimateInterest": "gerechtvaardigd belang",
    "dpv:OfficialAuthorityOfController": "openbaar gezag"},
  category: {"pd:Name": "naam", "pd:BirthDate": "geboortedatum", "pd:Family": "gezin en relaties",
    "pd:Health": "gezondheid", "pd:Financial": "geldzaken", "pd:Criminal": "justitiële gegevens",
    "pd:Contact": "contactgegevens", "pd:Identifying": "gegevens die iemand herkenbaar maken"},
  after: {dossier_closed: "na het sluiten van het dossier", decision_taken: "na het besluit",
    reporting_period_end: "na de rapportageperiode", complaint_closed: "na het afsluiten van de klacht",
    logged: "na het vastleggen"},
};

function say(kind, code) {
  if (code === null || code === undefined || code === "") return "";
  // One line may name several sections ("zrm participation"): each in words.
  if (kind === "section" && String(code).includes(" ")) return String(code).split(" ").map((s) => say(kind, s)).join(" en ");
  const own = OFFICER_WORDS[kind] || {};
  if (Object.prototype.hasOwnProperty.call(own, code)) return own[code];
  return word(kind, code);
}

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

async function call(path, options = {}) {
  const response = await fetch(path, {...options,
    headers: {"Authorization": "Bearer " + token, ...(options.body ? {"Content-Type": "application/json"} : {})}});
  if (response.status === 401) { logOut(); throw new Error("U bent niet (meer) ingelogd. Log opnieuw in."); }
  if (!response.ok) {
    let text = "Dat lukte niet. Probeer het opnieuw.";
    try { text = (await response.json()).detail || text; } catch (ignored) { /* not JSON */ }
    throw new Error(text);
  }
  return response;
}

async function getJson(path) { return (await call(path)).json(); }

function retention(period, after) {
  const match = /^P(\d+)([YMD])$/.exec(period || "");
  const unit = match ? {Y: "jaar", M: "maanden", D: "dagen"}[match[2]] : "";
  const span = match ? match[1] + " " + (match[1] === "1" && unit === "maanden" ? "maand" : unit) : period;
  return span + " " + say("after", after);
}

// ---------- names: never numbers where the system knows the person ----------
function staffName(names, id) { return (names.staff && names.staff[id]) || "onbekend (" + id + ")"; }
function personName(names, id) { return (names.persons && names.persons[id]) || "inwoner zonder bekende naam"; }
function householdName(names, id) { return (names.households && names.households[id]) || "onbekend huishouden"; }

function whoCell(line, names) {
  const cell = node("td");
  cell.append(node("span", staffName(names, line.user_id)));
  cell.append(node("span", say("role", line.user_role) + ", " + line.organisation, "explain"));
  if (line.on_behalf_of) cell.append(node("span", "namens " + staffName(names, line.on_behalf_of), "explain"));
  return cell;
}

function aboutCell(line, names) {
  const cell = node("td");
  if (line.person_id) {
    const button = node("button", personName(names, line.person_id), "link person-link");
    button.type = "button";
    button.setAttribute("aria-label", "Wie keek naar " + personName(names, line.person_id));
    button.addEventListener("click", () => showPerson(line.person_id));
    cell.append(button);
  }
  if (line.household_id) cell.append(node("span", householdName(names, line.household_id), "explain"));
  if (!line.person_id && !line.household_id) cell.textContent = "niemand in het bijzonder";
  return cell;
}

// ---------- zoeken ----------
function filtersFromForm() {
  const form = new FormData(document.getElementById("search-form"));
  const filters = {};
  for (const [key, value] of form.entries()) {
    if (!value) continue;
    filters[key] = (key === "since" || key === "until") ? new Date(value).toISOString() : value;
  }
  return filters;
}

async function search(page = 1) {
  lastFilters = filtersFromForm();
  const params = new URLSearchParams({...lastFilters, page: String(page), size: "25"});
  const result = await getJson("/api/v1/access-log/lines?" + params);
  currentPage = result.page;
  const body = document.querySelector("#lines tbody");
  body.replaceChildren();
  for (const line of result.lines) {
    const row = node("tr");
    row.append(node("td", formatDate(line.time, true)), whoCell(line, result.names));
    const what = node("td", say("section", line.section) + " — " + say("action", line.action));
    if (line.emergency) { what.append(" "); what.append(node("span", "noodtoegang", "tag")); }
    row.append(what, aboutCell(line, result.names));
    row.append(node("td", line.activity));
    const outcome = node("td", line.outcome === "permit" ? "toegestaan" : "geweigerd");
    outcome.append(node("span", line.why_decided, "explain"));
    row.append(outcome);
    body.append(row);
  }
  document.getElementById("search-summary").textContent = result.total === 0
    ? "Geen regels gevonden." : `${result.total} regels gevonden. Pagina ${result.page} van ${result.pages}.`;
  document.getElementById("previous").disabled = result.page <= 1;
  document.getElementById("next").disabled = result.page >= result.pages;
}

// ---------- wie keek naar iemand ----------
async function showPerson(personId) {
  const result = await getJson("/api/v1/access-log/people/" + encodeURIComponent(personId));
  document.getElementById("p-person").value = result.name || "";  // the name, never the number
  const box = document.getElementById("person-result");
  const title = "Wie keek naar " + (result.name || "deze inwoner");
  box.replaceChildren(node("h3", title));
  if (!result.lines.length) { box.append(node("p", "Er staat niets over deze inwoner in de log.")); }
  const list = node("ul", null, "plain");
  for (const line of result.lines) {
    const item = node("li", line.sentence);
    item.append(node("span", " (" + staffName(result.names, line.user_id) + ")", "meta"));
    list.append(item);
  }
  box.append(list);
  document.getElementById("persoon").scrollIntoView();
  box.querySelector("h3").tabIndex = -1;
  box.querySelector("h3").focus();
}

// ---------- noodtoegang ----------
function reviewForm(caseLine) {
  const form = node("form", null, "review-form");
  const id = caseLine.entry_id;
  const group = node("fieldset");
  group.append(node("legend", "Was deze noodtoegang terecht?"));
  for (const [value, label] of Object.entries(OFFICER_WORDS.conclusion)) {
    const wrapper = node("label", null, "check");
    const input = node("input");
    Object.assign(input, {type: "radio", name: "conclusion", value, required: true, id: `c-${value}-${id}`});
    wrapper.append(input, " " + label);
    group.append(wrapper);
  }
  const field = node("div", null, "field");
  const label = node("label", "Uw bevinding");
  label.htmlFor = "finding-" + id;
  const text = node("textarea");
  Object.assign(text, {id: "finding-" + id, name: "finding", rows: 3, required: true, maxLength: 4000});
  field.append(label, text);
  const button = node("button", "Toetsing vastleggen");
  button.type = "submit";
  form.append(group, field, button);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      await call(`/api/v1/access-log/emergency/${id}/review`, {method: "POST",
        body: JSON.stringify({conclusion: data.get("conclusion"), finding: data.get("finding")})});
      tell("Uw toetsing is vastgelegd.", "success");
      await loadQueue();
    } catch (error) { tell(error.message, "error"); }
  });
  return form;
}

async function loadQueue() {
  const result = await getJson("/api/v1/access-log/emergency");
  document.getElementById("queue-summary").textContent =
    `${result.open} nog te toetsen, ${result.reviewed} getoetst.`;
  const list = document.getElementById("queue");
  list.replaceChildren();
  for (const c of result.cases) {
    const item = node("li", null, "card " + (c.review ? "case-done" : "case-open"));
    item.append(node("h3", `${staffName(result.names, c.user_id)} (${say("role", c.user_role)}) — ` +
      householdName(result.names, c.household_id)));
    const facts = node("dl", null, "facts");
    for (const [term, value] of [["Wanneer", formatDate(c.time, true)],
      ["Wat", say("section", c.section) + " — " + say("action", c.action)],
      ["Reden van de medewerker", c.reason || "geen reden gegeven"]]) {
      facts.append(node("dt", term), node("dd", value));
    }
    item.append(facts);
    if (c.review) {
      const done = node("p");
      done.append(node("strong", "Getoetst: " + say("conclusion", c.review.conclusion) + ". "));
      done.append(`Door ${staffName(result.names, c.review.reviewer_id)} op ${formatDate(c.review.reviewed_at, true)}.`);
      item.append(done, node("p", c.review.finding, "finding"));
    } else {
      item.append(reviewForm(c));
    }
    list.append(item);
  }
  if (!result.cases.length) list.append(node("li", "Er is geen noodtoegang geweest.", "empty"));
}

// ---------- signalen ----------
function signalText(s, names) {
  const who = `${staffName(names, s.user_id)} (${say("role", s.user_role)}, ${s.organisation})`;
  const span = `van ${formatDate(s.first, true)} tot ${formatDate(s.last, true)}`;
  if (s.kind === "outside_caseload") return `${who} kwam bij ${s.households.length} huishoudens buiten de eigen caseload, ${span}.`;
  if (s.kind === "off_hours") return `${who} las ${s.count} keer gegevens 's nachts, ${span}.`;
  if (s.kind === "denial_burst") return `${who} werd ${s.count} keer kort na elkaar geweigerd, ${span}.`;
  return `${who} probeerde ${s.count} keer een dossier waaraan hij of zij niet meer is toegewezen, ${span}.`;
}

async function loadSignals() {
  const days = document.getElementById("s-days").value;
  const result = await getJson("/api/v1/access-log/signals?days=" + encodeURIComponent(days));
  document.getElementById("signal-summary").textContent = result.signals.length
    ? `${result.signals.length} signalen in ${result.lines_checked} regels.`
    : `Geen signalen in ${result.lines_checked} regels.`;
  const list = document.getElementById("signal-list");
  list.replaceChildren();
  for (const s of result.signals) {
    const item = node("li", null, "card");
    item.append(node("h3", say("signal", s.kind)), node("p", signalText(s, result.names)));
    if (s.households.length) {
      const households = node("p", "Huishoudens: " + s.households.map((h) => householdName(result.names, h)).join("; "), "meta");
      item.append(households);
    }
    const look = node("button", "Bekijk de regels van deze gebruiker", "secondary small");
    look.type = "button";
    look.addEventListener("click", () => {
      document.getElementById("search-form").reset();
      document.getElementById("f-user").value = s.user_id;
      search(1).then(() => document.getElementById("zoeken").scrollIntoView()).catch((e) => tell(e.message, "error"));
    });
    item.append(look);
    list.append(item);
  }
}

// ---------- register ----------
async function loadRegister() {
  const result = await getJson("/api/v1/processing-register");
  const box = document.getElementById("register-list");
  box.replaceChildren();
  const purposes = document.getElementById("f-purpose");
  for (const version of result.versions) {
    if (!version.in_force) continue;
    box.append(node("p", `Versie ${version.version}, geldig vanaf ${formatDate(version.valid_from)}.`, "meta"));
    for (const a of version.activities) {
      const card = node("article", null, "card activity");
      card.append(node("h3", a.name));
      const facts = node("dl", null, "facts");
      for (const [term, value] of [["Wat", a.description], ["Grondslag", say("basis", a.legal_basis)],
        ["Wet", a.legal_reference], ["Gegevens", a.data_categories.map((c) => say("category", c)).join(", ") || "geen persoonsgegevens"],
        ["Bewaren", retention(a.retention_period, a.retention_after)],
        ["Onderdelen van het dossier", a.sections.map((s) => say("section", s)).join(", ")]]) {
        if (value) facts.append(node("dt", term), node("dd", value));
      }
      card.append(facts);
      box.append(card);
      const option = node("option", a.name);
      option.value = a.purpose;
      purposes.append(option);
    }
  }
}

// ---------- exporteren ----------
async function download(path, filename) {
  const params = new URLSearchParams();
  const filters = filtersFromForm();
  for (const key of ["person", "user", "organisation", "since", "until", "emergency"]) {
    if (filters[key]) params.set(key, filters[key]);
  }
  const response = await call(path + (params.toString() ? "?" + params : ""));
  const blob = await response.blob();
  const link = node("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  tell("Het bestand is gedownload. De export is gelogd.", "success");
}

// ---------- in- en uitloggen ----------
const SECTIONS = ["menu", "zoeken", "persoon", "noodtoegang", "signalen", "register", "exporteren"];

function logOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  token = null;
  for (const id of SECTIONS) document.getElementById(id).hidden = true;
  document.getElementById("who").hidden = true;
  document.getElementById("login").hidden = false;
}

async function showConsole() {
  document.getElementById("login").hidden = true;
  for (const id of SECTIONS) document.getElementById(id).hidden = false;
  await loadRegister();
  await Promise.all([search(1), loadQueue(), loadSignals()]);
}

async function start() {
  const demo = await fetch("/portal/demo-people").catch(() => null);
  if (demo && demo.ok) document.getElementById("demo-login").hidden = false;
  if (!token) { logOut(); return; }
  await showConsole();
}

document.getElementById("demo-login-button").addEventListener("click", async () => {
  const response = await fetch("/portal/demo-privacy-login", {method: "POST"});
  const body = await response.json();
  if (!response.ok) { tell(body.detail || "Inloggen lukte niet.", "error"); return; }
  token = body.token;
  sessionStorage.setItem(TOKEN_KEY, token);
  const who = document.getElementById("who");
  who.textContent = "Ingelogd als " + body.name + ", functionaris gegevensbescherming.";
  who.hidden = false;
  await showConsole().catch((error) => tell(error.message, "error"));
  tell("U bent ingelogd.", "success");
});

document.getElementById("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  token = event.target.token.value.trim();
  sessionStorage.setItem(TOKEN_KEY, token);
  showConsole().catch((error) => tell(error.message, "error"));
});

document.getElementById("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  search(1).catch((error) => tell(error.message, "error"));
});
document.getElementById("previous").addEventListener("click", () => search(currentPage - 1).catch((e) => tell(e.message, "error")));
document.getElementById("next").addEventListener("click", () => search(currentPage + 1).catch((e) => tell(e.message, "error")));
// The officer types a name (or a number): one match opens that person's list, several are offered to choose.
async function findPerson(typed) {
  const choices = document.getElementById("person-choices");
  choices.replaceChildren();
  document.getElementById("person-result").replaceChildren();
  const found = await getJson("/api/v1/access-log/people?" + new URLSearchParams({name: typed}));
  if (found.people.length === 1) return showPerson(found.people[0].person_id);
  if (!found.people.length) {
    choices.append(node("p", "Niemand met die naam of dat nummer staat in de toegangslog. Controleer de spelling."));
    return;
  }
  choices.append(node("h3", `${found.people.length}${found.more ? " of meer" : ""} mensen gevonden. Kies wie u bedoelt:`));
  const list = node("ul", null, "choices");
  for (const person of found.people) {
    const households = person.households.map((h) => householdName(found.names, h)).join(", ");
    const button = node("button", person.name + (households ? " — " + households : ""), "link person-link");
    button.type = "button";
    button.addEventListener("click", () => {
      choices.replaceChildren();
      showPerson(person.person_id).catch((error) => tell(error.message, "error"));
    });
    const item = node("li");
    item.append(button);
    list.append(item);
  }
  choices.append(list);
  if (found.more) choices.append(node("p", "Er zijn er meer: typ meer van de naam.", "explain"));
}
document.getElementById("person-form").addEventListener("submit", (event) => {
  event.preventDefault();
  findPerson(event.target.person.value.trim()).catch((error) => tell(error.message, "error"));
});
document.getElementById("signal-form").addEventListener("submit", (event) => {
  event.preventDefault();
  loadSignals().catch((error) => tell(error.message, "error"));
});
document.getElementById("export-csv").addEventListener("click", () =>
  download("/api/v1/access-log/export.csv", "toegangslog.csv").catch((error) => tell(error.message, "error")));
document.getElementById("export-fhir").addEventListener("click", () =>
  download("/api/v1/access-log/export.fhir.json", "toegangslog-fhir.json").catch((error) => tell(error.message, "error")));
document.getElementById("logout").addEventListener("click", logOut);

start().catch((error) => tell(error.message, "error"));
