// The client portal: everything comes from the GraphQL portal API, which lets the privacy layer decide
// what this person may see and logs every read. Text from the dossier is always set with textContent.
"use strict";

const TOKEN_KEY = "wijkdossier-token";
const WITHHELD_WHY = "Dit stuk is afgeschermd om een kind te beschermen. Het staat wel in uw dossier. " +
  "Wilt u weten waarom het is afgeschermd? Vraag het uw casusregisseur.";
const WITHHELD_SECTION_WHY = "Dit deel van uw dossier is afgeschermd om een kind te beschermen. " +
  "Wilt u weten waarom? Vraag het uw casusregisseur.";

const state = {token: sessionStorage.getItem(TOKEN_KEY), me: null, dossier: null, names: {}, items: []};

// ---------- small helpers ----------

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === "") continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function say(text, kind = "info") {
  const box = document.getElementById("message");
  box.className = "message " + kind;
  box.textContent = text;
}

function show(id) { document.getElementById(id).hidden = false; }

class LoginNeeded extends Error {}

async function graphql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: {"Content-Type": "application/json", "Authorization": "Bearer " + state.token},
    body: JSON.stringify({query, variables}),
  });
  if (response.status === 401 || response.status === 403) {
    sessionStorage.removeItem(TOKEN_KEY);
    let text = "U bent niet (meer) ingelogd.";
    try { text = (await response.json()).detail || text; } catch (ignored) { /* body was not JSON */ }
    throw new LoginNeeded(text);
  }
  const body = await response.json();
  if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
  return body.data;
}

// A mutation answers Success | Error; an Error is an expected refusal with a Dutch message.
async function mutate(query, variables) {
  const data = await graphql(query, variables);
  const result = Object.values(data)[0];
  if (result.__typename === "Error") throw new Error(result.message);
  return result;
}

const RESULT = "__typename ... on Success { message version } ... on Error { code message field }";

function persons() {
  const me = state.me;
  return me.personId ? [me.personId] : me.represents;
}

function nameOf(personId) { return state.names[personId] || "een lid van uw huishouden"; }

function itemLabel(section, item) {
  const when = item.assessed_at || item.adopted_at || item.evaluated_at || item.added_at || item.at;
  return word("section", section) + (when ? ", " + formatDate(when) : "") + " (stuk " + item.version + ")";
}

function withheldNote(version, reason) {
  return el("div", {class: "withheld", role: "note"},
    el("p", {class: "withheld-title"}, el("strong", {text: "Afgeschermd"}), version ? " (stuk " + version + ")" : ""),
    el("p", {text: reason || (version ? WITHHELD_WHY : WITHHELD_SECTION_WHY)}),
    reason ? el("p", {text: "Wilt u weten waarom? Vraag het uw casusregisseur."}) : "");
}

function withheldItem(item) { return withheldNote(item.version, item.reason); }
function withheldPart(part) { return withheldNote(null, part.reason); }

function reactButton(section, item) {
  return el("button", {type: "button", class: "secondary small",
    "aria-label": "Reageer op " + itemLabel(section, item),
    onclick: () => {
      document.getElementById("statement-item").value = String(item.version);
      location.hash = "#reactie";
      document.getElementById("statement-text").focus();
    }}, "Reageer op dit stuk");
}

function list(values) {
  return el("ul", {}, (values || []).map((value) => el("li", {text: value})));
}

// ---------- Mijn dossier ----------

// A section arrives as a list of items, as an object of lists (consents, statements, evaluation),
// or as one `{status: "withheld"}` marker. This gives every section one shape.
const NESTED_KINDS = {consents: "consent", legal_duties: "legal_duty", statements: "statement",
  corrections: "correction", evaluations: "evaluation"};

function sectionData(name) {
  const part = state.dossier.sections.find((s) => s.section === name);
  if (!part) return {section: name, items: [], withheldSection: false, reason: ""};
  const raw = part.items;
  if (raw && !Array.isArray(raw) && raw.status === "withheld") {
    return {section: name, items: [], withheldSection: true, reason: raw.reason || ""};
  }
  let items = [];
  if (Array.isArray(raw)) items = raw;
  else if (raw && typeof raw === "object") {
    for (const [key, value] of Object.entries(raw)) {
      if (Array.isArray(value)) items.push(...value.map((item) => (item && item.kind) ? item : {...item, kind: NESTED_KINDS[key] || key}));
    }
  }
  return {section: name, items, withheldSection: Boolean(part.withheldSection), reason: "", raw};
}

function isWithheld(item) { return Boolean(item && (item.withheld === true || item.status === "withheld")); }
function isNotShown(item) { return Boolean(item && item.status === "not_shown"); }

function renderOverview() {
  const d = state.dossier;
  const facts = document.getElementById("overview");
  facts.replaceChildren();
  const add = (term, value) => { if (value) facts.append(el("dt", {text: term}), el("dd", {text: value})); };
  add("Waar staat uw dossier", word("phase", d.phase));
  add("Uw wijkteam", d.team);
  add("Uw casusregisseur", d.caseDirector || (d.phase === "closed" ? "geen meer: uw dossier is afgesloten" : "nog niet bekend"));
}

function renderMembers() {
  const part = sectionData("members");
  const box = document.getElementById("household");
  box.replaceChildren(el("h3", {text: word("section", "members")}));
  if (part.withheldSection) { box.append(withheldPart(part)); return; }
  box.append(el("ul", {class: "plain"}, part.items.map((m) => isWithheld(m) ? el("li", {}, withheldItem(m)) :
    isNotShown(m) ? el("li", {class: "not-shown"}, "Een " + word("relation", m.relation) + " in uw huishouden. " + (m.reason || "")) :
    el("li", {}, el("strong", {text: m.name}), " — " + word("relation", m.relation) +
      (m.date_of_birth ? ", geboren op " + formatDate(m.date_of_birth) : "")))));
}

function renderPlan() {
  const part = sectionData("plan");
  const box = document.getElementById("plan");
  box.replaceChildren(el("h3", {text: "Mijn plan van aanpak"}));
  if (part.withheldSection) { box.append(withheldPart(part)); return; }
  const versions = part.items.filter((p) => !isWithheld(p)).sort((a, b) => b.plan_version - a.plan_version);
  part.items.filter((p) => isWithheld(p)).forEach((p) => box.append(withheldItem(p)));
  if (!versions.length) { box.append(el("p", {text: "Er is nog geen plan. Dat maakt u samen met uw casusregisseur."})); return; }
  const current = versions[0];
  const plan = current.plan || {};
  const agreed = (current.agreed_by || []).length
    ? "Ingestemd door: " + current.agreed_by.map(nameOf).join(", ") + "."
    : "Nog niet ingestemd.";
  box.append(el("p", {class: "meta"}, "Versie " + current.plan_version + ", vastgesteld op " +
    formatDate(current.adopted_at) + ". " + agreed + " ", reactButton("plan", current)));
  if ((plan.problems || []).length) box.append(el("h4", {text: "Wat is er aan de hand"}), list(plan.problems));
  const goals = plan.goals || [];
  box.append(el("h4", {text: "Mijn doelen"}), el("ul", {class: "goals"}, goals.map((g) => el("li", {},
    el("span", {class: "goal", text: g.text}),
    (g.member_ids || []).length ? el("span", {class: "meta", text: " (voor " + g.member_ids.map(nameOf).join(", ") + ")"}) : ""))));
  if ((plan.results || []).length) box.append(el("h4", {text: "Wat er dan anders is"}), list(plan.results));
  if ((plan.solutions || []).length) box.append(el("h4", {text: "Hoe we dat aanpakken"}), list(plan.solutions));
  const actions = plan.actions || [];
  if (actions.length) {
    const goalText = Object.fromEntries(goals.map((g) => [g.goal_id, g.text]));
    box.append(el("h4", {text: "Wie doet wat"}), el("div", {class: "table-scroll"}, el("table", {class: "actions"},
      el("caption", {text: "Acties in uw plan"}),
      el("thead", {}, el("tr", {}, ["Wat", "Wie doet het", "Klaar op", "Bij doel"].map((h) => el("th", {scope: "col", text: h})))),
      el("tbody", {}, actions.map((a) => el("tr", {},
        el("td", {text: a.description}),
        el("td", {text: a.owner_name ? a.owner_name + " (" + word("owner", a.owner_kind) + ")" : word("owner", a.owner_kind)}),
        el("td", {text: formatDate(a.due_on)}),
        el("td", {text: goalText[a.goal_id] || ""})))))));
  }
  if (versions.length > 1) {
    box.append(el("details", {}, el("summary", {text: "Eerdere versies van uw plan (" + (versions.length - 1) + ")"}),
      el("ul", {}, versions.slice(1).map((v) => el("li", {},
        "Versie " + v.plan_version + " van " + formatDate(v.adopted_at) + ": doelen: " +
        ((v.plan || {}).goals || []).map((g) => g.text).join("; "))))));
  }
}

function renderAssessments() {
  const box = document.getElementById("assessments");
  box.replaceChildren(el("h3", {text: "Hoe het met u gaat"}));
  const zrm = sectionData("zrm");
  box.append(el("h4", {text: word("section", "zrm")}));
  box.append(el("p", {class: "help", text: "Per onderwerp een cijfer van 1 tot 5. 1 betekent: er zijn acute problemen. " +
    "5 betekent: dit lukt u helemaal zelf."}));
  if (zrm.withheldSection) box.append(withheldPart(zrm));
  for (const a of zrm.items) {
    if (isWithheld(a)) { box.append(withheldItem(a)); continue; }
    box.append(el("div", {class: "table-scroll"}, el("table", {class: "zrm"},
      el("caption", {text: nameOf(a.person_id) + ", " + formatDate(a.assessed_at)}),
      el("thead", {}, el("tr", {}, el("th", {scope: "col", text: "Onderwerp"}), el("th", {scope: "col", text: "Cijfer"}),
        el("th", {scope: "col", text: "Betekenis"}))),
      el("tbody", {}, Object.entries(a.scores || {}).map(([domain, level]) => el("tr", {},
        el("th", {scope: "row", text: word("zrm", domain)}), el("td", {text: String(level)}),
        el("td", {text: word("zrmLevel", level)})))))), reactButton("zrm", a));
  }
  if (!zrm.items.length && !zrm.withheldSection) box.append(el("p", {text: "Nog niet ingevuld."}));
  const ladder = sectionData("participation");
  box.append(el("h4", {text: word("section", "participation")}));
  if (ladder.withheldSection) box.append(withheldPart(ladder));
  box.append(el("ul", {class: "plain"}, ladder.items.map((entry) => isWithheld(entry) ? el("li", {}, withheldItem(entry)) :
    el("li", {}, nameOf(entry.person_id) + ", " + formatDate(entry.assessed_at) + ": trede " + entry.level + " van 6 — " +
      word("ladder", entry.level) + " ", reactButton("participation", entry)))));
  if (!ladder.items.length && !ladder.withheldSection) box.append(el("p", {text: "Nog niet ingevuld."}));
}

// The remaining sections, each item as one plain sentence.
const DESCRIBE = {
  signals: (s) => "Aangemeld op " + formatDate(s.received_at) + (s.reporter === "afgeschermd"
    ? " (wie het meldde, laten wij niet zien)" : s.reporter || s.source ? " door " + (s.reporter || word("source", s.source)) : "") +
    (s.description ? ": " + s.description : ""),
  contacts: (c) => formatDate(c.at, true) + ": " + word("contact", c.kind) + " — " + word("contactOutcome", c.outcome) +
    (c.by ? " (" + c.by + ")" : ""),
  child_safety: (c) => formatDate(c.assessed_at || c.at) + ": stap " + (c.meldcode_step || "?") + " van de meldcode — " +
    word("childSafety", c.outcome) + (c.summary ? ". " + c.summary : ""),
  referrals: (r) => (r.provision || word("referral", r.kind)) + " — " + word("referral", r.kind) + ", " +
    word("status", r.status) + (r.decided_at ? " op " + formatDate(r.decided_at) : ""),
  evaluation: (e) => "Evaluatie op " + formatDate(e.evaluated_at) + ": " + Object.entries(e.goal_outcomes || {})
    .map(([goal, outcome]) => "doel " + goal + " " + word("goal", outcome)).join(", "),
};

function renderOtherSections() {
  const box = document.getElementById("other-sections");
  box.replaceChildren();
  for (const name of Object.keys(DESCRIBE)) {
    const part = sectionData(name);
    if (!part.items.length && !part.withheldSection) continue;
    box.append(el("h3", {text: word("section", name)}));
    if (part.withheldSection) { box.append(withheldPart(part)); continue; }
    box.append(el("ul", {class: "plain"}, part.items.map((item) => el("li", {},
      isWithheld(item) ? withheldItem(item) : DESCRIBE[name](item),
      !isWithheld(item) && item.version ? [" ", reactButton(name, item)] : []))));
  }
}

// ---------- Mijn reactie ----------

function renderStatements() {
  const part = sectionData("statements");
  const box = document.getElementById("statement-list");
  box.replaceChildren();
  if (part.withheldSection) { box.append(el("li", {}, withheldPart(part))); }
  for (const s of part.items) {
    if (isWithheld(s)) { box.append(el("li", {}, withheldItem(s))); continue; }
    const about = state.items.find((i) => i.item.version === s.item_version);
    const title = s.kind === "correction" ? "Verzoek om correctie" : "Uw reactie";
    box.append(el("li", {class: "card statement"},
      el("p", {class: "meta"}, title + " van " + nameOf(s.person_id) + " op " + formatDate(s.added_at || s.requested_at, true) +
        ", over " + (about ? itemLabel(about.section, about.item) : "stuk " + s.item_version)),
      el("p", {class: "statement-text", text: s.text || s.correction || ""})));
  }
  if (!part.items.length) box.append(el("li", {class: "empty", text: "U heeft nog geen reactie geschreven."}));
  const select = document.getElementById("statement-item");
  const chosen = select.value;
  select.replaceChildren(el("option", {value: "", text: "Kies een stuk"}),
    ...state.items.map(({section, item}) => el("option", {value: String(item.version), text: itemLabel(section, item)})));
  if (chosen) select.value = chosen;
}

function collectItems() {
  const items = [];
  for (const {section} of state.dossier.sections) {
    if (section === "statements" || section === "consents") continue;
    const part = sectionData(section);
    for (const item of part.items) {
      if (!isWithheld(item) && Number.isInteger(item.version)) items.push({section: part.section, item});
    }
  }
  items.sort((a, b) => a.item.version - b.item.version);
  return items;
}

document.getElementById("statement-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  try {
    await mutate(`mutation($h: String!, $p: String!, $v: Int!, $t: String!) {
      addStatement(householdId: $h, personId: $p, itemVersion: $v, text: $t) { ${RESULT} } }`,
      {h: state.dossier.householdId, p: form.person.value || persons()[0], v: Number(form.item.value), t: form.text.value});
    form.text.value = "";
    await load();
    say("Uw reactie is opgeslagen. U ziet haar hieronder.", "success");
    document.getElementById("reactie-title").scrollIntoView();
  } catch (error) { report(error); }
});

// ---------- Mijn toestemmingen ----------

function renderConsents() {
  const part = sectionData("consents");
  const box = document.getElementById("consent-list");
  box.replaceChildren();
  if (part.withheldSection) box.append(el("li", {}, withheldPart(part)));
  for (const c of part.items) {
    if (isWithheld(c)) { box.append(el("li", {}, withheldItem(c))); continue; }
    const shared = [...(c.sections || []).map((s) => word("section", s)), ...(c.zrm_domains || []).map((z) => word("zrm", z))];
    if (c.kind === "legal_duty") {
      box.append(el("li", {class: "card"}, el("p", {}, el("strong", {text: "Wettelijke plicht: " + c.partner})),
        el("p", {text: "Wij moeten dit delen omdat de wet het zegt: " + (c.legal_basis || "") + "."}),
        shared.length ? el("p", {text: "Wat: " + shared.join(", ")}) : "",
        el("p", {class: "meta", text: "Dit is geen toestemming, dus u kunt het niet intrekken."})));
      continue;
    }
    const active = !c.revoked_at;
    box.append(el("li", {class: "card"},
      el("p", {}, el("strong", {text: c.partner}), " mag gegevens van " + nameOf(c.person_id) + " gebruiken voor: " + c.purpose),
      el("p", {text: "Wat: " + shared.join(", ")}),
      el("p", {text: active ? "Geldig tot en met " + formatDate(c.valid_until) + "." :
        "Ingetrokken op " + formatDate(c.revoked_at) + "."}),
      active ? el("button", {type: "button", class: "secondary", "aria-label": "Toestemming voor " + c.partner + " intrekken",
        onclick: () => revoke(c)}, "Intrekken") : ""));
  }
  document.getElementById("consent-empty").hidden = part.items.length > 0 || part.withheldSection;
}

async function revoke(consent) {
  if (!window.confirm("Wilt u de toestemming voor " + consent.partner + " intrekken?")) return;
  try {
    await mutate(`mutation($h: String!, $c: String!) { revokeConsent(householdId: $h, consentId: $c) { ${RESULT} } }`,
      {h: state.dossier.householdId, c: consent.consent_id});
    await load();
    say("De toestemming is ingetrokken. Wij delen niets meer met " + consent.partner + ".", "success");
  } catch (error) { report(error); }
}

function prepareConsentForm() {
  const checks = document.getElementById("consent-sections");
  if (!checks.children.length) {
    checks.append(...SHAREABLE_SECTIONS.map((s) => el("label", {class: "check"},
      el("input", {type: "checkbox", name: "sections", value: s}), " " + word("section", s))));
  }
  const until = document.getElementById("consent-until");
  const today = new Date().toISOString().slice(0, 10);
  until.min = today;
  if (!until.value) {
    const inAYear = new Date(); inAYear.setFullYear(inAYear.getFullYear() + 1);
    until.value = inAYear.toISOString().slice(0, 10);
  }
}

document.getElementById("consent-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  const sections = [...form.querySelectorAll("input[name=sections]:checked")].map((box) => box.value);
  if (!sections.length) { say("Kies minstens één deel van uw dossier om te delen.", "error"); return; }
  try {
    await mutate(`mutation($h: String!, $p: String!, $partner: String!, $purpose: String!, $s: [String!]!, $u: String!) {
      grantConsent(householdId: $h, personId: $p, partner: $partner, purpose: $purpose, sections: $s, validUntil: $u) { ${RESULT} } }`,
      {h: state.dossier.householdId, p: form.person.value || persons()[0], partner: form.partner.value.trim(),
       purpose: form.purpose.value.trim(), s: sections, u: form.until.value});
    form.reset();
    await load();
    say("Uw toestemming is opgeslagen.", "success");
  } catch (error) { report(error); }
});

// ---------- Wie heeft mijn dossier bekeken ----------

function renderAccessLog(lines) {
  const body = document.querySelector("#access tbody");
  body.replaceChildren();
  const sorted = [...lines].sort((a, b) => (a.time < b.time ? 1 : -1));
  for (const line of sorted) {
    const who = word("role", line.userRole) + (line.organisation && line.organisation !== "wijkteam" ? " (" + line.organisation + ")" : "");
    body.append(el("tr", {},
      el("td", {text: formatDate(line.time, true)}),
      el("td", {text: who}),
      el("td", {text: word("section", line.section) + " — " + word("action", line.action)}),
      el("td", {text: (line.why || word("purpose", line.purpose)) + (line.emergency ? " (noodtoegang)" : "")}),
      el("td", {text: word("outcome", line.outcome)})));
  }
  document.getElementById("access-empty").hidden = lines.length > 0;
}

// ---------- Mijn gegevens downloaden ----------

document.getElementById("export").addEventListener("click", async () => {
  try {
    const data = await graphql(`mutation { exportMyData { __typename ... on ExportedData { householdId data }
      ... on Error { code message } } }`);
    const result = data.exportMyData;
    if (result.__typename === "Error") { say(result.message, "error"); return; }
    const copy = {toelichting: "Kopie van uw wijkdossier, zoals u het mag zien.", gemaakt_op: new Date().toISOString(),
      huishouden: result.householdId, gegevens: result.data};
    const link = el("a", {href: URL.createObjectURL(new Blob([JSON.stringify(copy, null, 2)], {type: "application/json"})),
      download: "mijn-wijkdossier.json"});
    document.body.append(link);
    link.click();
    link.remove();
    say("Uw gegevens zijn gedownload (bestand mijn-wijkdossier.json).", "success");
  } catch (error) { report(error); }
});

// ---------- loading ----------

const PORTAL_QUERY = `{
  me { userId role personId represents householdIds }
  myDossier { householdId phase team caseDirector version sections { section items withheldSection withheldItems } }
  myAccessLog { time userRole organisation action section purpose why outcome emergency }
}`;

function fillPersonChoice(fieldId, selectId) {
  const choices = persons();
  const select = document.getElementById(selectId);
  select.replaceChildren(...choices.map((p) => el("option", {value: p, text: nameOf(p)})));
  document.getElementById(fieldId).hidden = choices.length < 2;
}

async function load() {
  const data = await graphql(PORTAL_QUERY);
  state.me = data.me;
  state.dossier = data.myDossier;
  state.names = Object.fromEntries(sectionData("members").items.filter((m) => m.name).map((m) => [m.person_id, m.name]));
  state.items = collectItems();
  const who = document.getElementById("who");
  who.textContent = state.me.personId
    ? "U bent ingelogd als " + nameOf(state.me.personId) + "."
    : "U bent ingelogd als wettelijk vertegenwoordiger van " + state.me.represents.map(nameOf).join(", ") + ".";
  who.hidden = false;
  renderOverview();
  renderMembers();
  renderPlan();
  renderAssessments();
  renderOtherSections();
  renderStatements();
  renderConsents();
  renderAccessLog(data.myAccessLog);
  fillPersonChoice("statement-person-field", "statement-person");
  fillPersonChoice("consent-person-field", "consent-person");
  prepareConsentForm();
  for (const id of ["menu", "mijn-dossier", "bekeken", "toestemmingen", "reactie", "downloaden"]) show(id);
}

function report(error) {
  if (error instanceof LoginNeeded) {
    for (const id of ["menu", "mijn-dossier", "bekeken", "toestemmingen", "reactie", "downloaden"]) {
      document.getElementById(id).hidden = true;
    }
    show("login-needed");
    say(error.message, "error");
    return;
  }
  say(error.message || "Er ging iets mis. Probeer het later opnieuw.", "error");
}

document.getElementById("logout").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  location.href = "/portal";
});

if (!state.token) show("login-needed");
else load().catch(report);
