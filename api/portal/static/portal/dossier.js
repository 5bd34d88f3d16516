// "Mijn dossier": every section in plain sentences, each item with its reactions beside it.
import {el, list} from "./dom.js";
import {itemTools} from "./items.js";
import {isMe, isNotShown, isWithheld, nameOf, sectionData, state} from "./state.js";
import {staffLine, staffName} from "./people.js";
import {renderZrm} from "./zrm-chart.js";
import {formatDate, word} from "./words.js";

const WITHHELD_WHY = "Dit stuk is afgeschermd om een kind te beschermen. Het staat wel in uw dossier. " +
  "Wilt u weten waarom het is afgeschermd? Vraag het uw casusregisseur.";
const WITHHELD_SECTION_WHY = "Dit deel van uw dossier is afgeschermd om een kind te beschermen. " +
  "Wilt u weten waarom? Vraag het uw casusregisseur.";

export function withheldNote(item, reason) {
  const when = item && (item.recorded_at || item.at);
  return el("div", {class: "withheld", role: "note"},
    el("p", {class: "withheld-title"}, el("strong", {text: "Afgeschermd"}), when ? " (" + formatDate(when) + ")" : ""),
    el("p", {text: reason || (item ? WITHHELD_WHY : WITHHELD_SECTION_WHY)}),
    reason ? el("p", {text: "Wilt u weten waarom? Vraag het uw casusregisseur."}) : "");
}

const withheldItem = (item) => withheldNote(item, item.reason);
const withheldPart = (part) => withheldNote(null, part.reason);

// "uw dossier" when it is the reader's own; "het dossier" when they look at their child's.
const own = (mine, theirs) => (state.me && !state.me.personId ? theirs : mine);

function renderOverview() {
  const d = state.dossier;
  const facts = document.getElementById("overview");
  facts.replaceChildren();
  const add = (term, value) => { if (value) facts.append(el("dt", {text: term}), el("dd", {}, value)); };
  add(own("Waar staat uw dossier", "Waar staat het dossier"), word("phase", d.phase));
  add(own("Uw wijkteam", "Het wijkteam"), "Wijkteam " + (d.team ? d.team.charAt(0).toUpperCase() + d.team.slice(1) : ""));
  add(own("Uw casusregisseur", "De casusregisseur"), d.caseDirector ? staffLine(d.caseDirector)
    : (d.phase === "closed" ? "geen meer: uw dossier is afgesloten" : "nog niet bekend"));
}

function renderMembers() {
  const part = sectionData("members");
  const box = document.getElementById("household");
  box.replaceChildren(el("h3", {text: word("section", "members")}));
  if (part.withheldSection) { box.append(withheldPart(part)); return; }
  box.append(el("ul", {class: "plain"}, part.items.map((m) => isWithheld(m) ? el("li", {}, withheldItem(m)) :
    isNotShown(m) && isMe(m.person_id) ? el("li", {class: "not-shown"}, "U zelf (" + word("relation", m.relation) + "). " +
      "Uw eigen gegevens ziet u als u naar uw eigen dossier kijkt.") :
    isNotShown(m) ? el("li", {class: "not-shown"}, "Een " + word("relation", m.relation) + " in uw huishouden. " + (m.reason || "")) :
    el("li", {}, el("strong", {text: m.name}), " — " + word("relation", m.relation) +
      (m.date_of_birth ? ", geboren op " + formatDate(m.date_of_birth) : "")))));
}

export function goalTexts() {
  const texts = {};
  for (const version of sectionData("plan").items) {
    for (const goal of ((version.plan || {}).goals || [])) texts[goal.goal_id] = goal.text;
  }
  return texts;
}

function owner(action) {
  if (action.owner_kind === "professional") return action.owner_name ? staffName(action.owner_name) : "een medewerker";
  return action.owner_name ? action.owner_name + " (" + word("owner", action.owner_kind) + ")" : word("owner", action.owner_kind);
}

function contactBy(id) {
  if (!id) return "";
  if (state.names[id]) return ", " + state.names[id] + " nam zelf contact op";
  return ", met " + staffName(id);
}

function renderPlan() {
  const part = sectionData("plan");
  const box = document.getElementById("plan");
  box.replaceChildren(el("h3", {text: own("Mijn plan van aanpak", "Het plan van aanpak")}));
  if (part.withheldSection) { box.append(withheldPart(part)); return; }
  const versions = part.items.filter((p) => !isWithheld(p)).sort((a, b) => b.plan_version - a.plan_version);
  part.items.filter((p) => isWithheld(p)).forEach((p) => box.append(withheldItem(p)));
  if (!versions.length) { box.append(el("p", {text: "Er is nog geen plan. Dat maakt u samen met uw casusregisseur."})); return; }
  const current = versions[0];
  const plan = current.plan || {};
  const agreed = (current.agreed_by || []).length
    ? "Ingestemd door: " + current.agreed_by.map(nameOf).join(", ") + "."
    : "Nog niet ingestemd.";
  box.append(el("p", {class: "meta", text: "Versie " + current.plan_version + ", vastgesteld op " +
    formatDate(current.adopted_at) + ". " + agreed}));
  if ((plan.problems || []).length) box.append(el("h4", {text: "Wat is er aan de hand"}), list(plan.problems));
  const goals = plan.goals || [];
  box.append(el("h4", {text: own("Mijn doelen", "De doelen")}), el("ul", {class: "goals"}, goals.map((g) => el("li", {},
    el("span", {class: "goal", text: g.text}),
    (g.member_ids || []).length ? el("span", {class: "meta", text: " (voor " + g.member_ids.map(nameOf).join(", ") + ")"}) : ""))));
  if ((plan.results || []).length) box.append(el("h4", {text: "Wat er dan anders is"}), list(plan.results));
  if ((plan.solutions || []).length) box.append(el("h4", {text: "Hoe we dat aanpakken"}), list(plan.solutions));
  const actions = plan.actions || [];
  if (actions.length) {
    const goalText = Object.fromEntries(goals.map((g) => [g.goal_id, g.text]));
    // A list, not a table: at phone width every action stays readable without sideways scrolling.
    box.append(el("h4", {text: "Wie doet wat"}), el("ul", {class: "cards actions"}, actions.map((a) => el("li", {class: "card"},
      el("p", {}, el("strong", {text: a.description})),
      el("p", {text: "Wie: " + owner(a)}),
      a.due_on ? el("p", {text: "Klaar op: " + formatDate(a.due_on)}) : "",
      goalText[a.goal_id] ? el("p", {class: "meta", text: "Bij het doel: " + goalText[a.goal_id]}) : ""))));
  }
  box.append(itemTools("plan", current));
  if (versions.length > 1) {
    box.append(el("details", {}, el("summary", {text: "Eerdere versies van uw plan (" + (versions.length - 1) + ")"}),
      el("ul", {}, versions.slice(1).map((v) => el("li", {},
        "Versie " + v.plan_version + " van " + formatDate(v.adopted_at) + ": doelen: " +
        ((v.plan || {}).goals || []).map((g) => g.text).join("; "), itemTools("plan", v))))));
  }
}

function renderAssessments() {
  const box = document.getElementById("assessments");
  box.replaceChildren(el("h3", {text: own("Hoe het met u gaat", "Hoe het gaat")}));
  const zrm = sectionData("zrm");
  box.append(el("h4", {text: word("section", "zrm")}));
  if (zrm.withheldSection) box.append(withheldPart(zrm));
  zrm.items.filter(isWithheld).forEach((a) => box.append(withheldItem(a)));
  const shown = zrm.items.filter((a) => !isWithheld(a));
  if (shown.length) box.append(renderZrm(shown, (a) => itemTools("zrm", a)));
  else if (!zrm.withheldSection) box.append(el("p", {text: "Nog niet ingevuld."}));
  const ladder = sectionData("participation");
  box.append(el("h4", {text: word("section", "participation")}));
  if (ladder.withheldSection) box.append(withheldPart(ladder));
  box.append(el("ul", {class: "plain"}, ladder.items.map((entry) => isWithheld(entry) ? el("li", {}, withheldItem(entry)) :
    el("li", {}, nameOf(entry.person_id) + ", " + formatDate(entry.assessed_at) + ": trede " + entry.level + " van 6 — " +
      word("ladder", entry.level), itemTools("participation", entry)))));
  if (!ladder.items.length && !ladder.withheldSection) box.append(el("p", {text: "Nog niet ingevuld."}));
}

const OBJECTION = "Bent u het niet eens met dit besluit? Dan kunt u bezwaar maken. Dat doet u binnen zes weken na de " +
  "datum van de besluitbrief. Schrijf een brief of gebruik het formulier op de website van de gemeente, aan het college " +
  "van burgemeester en wethouders. Zet erin: uw naam en adres, de datum, over welk besluit het gaat, waarom u het er " +
  "niet mee eens is, en uw handtekening. Bezwaar maken is gratis. Komt u er met het besluit op uw bezwaar niet uit, " +
  "dan kunt u in beroep gaan bij de rechtbank. Uw casusregisseur helpt u als u dat wilt.";

function objectionInfo(referral) {
  if (referral.status !== "refused") return "";
  return el("div", {class: "objection", role: "note"},
    el("p", {}, el("strong", {text: "Bezwaar maken tegen dit besluit"})),
    el("p", {text: OBJECTION}),
    referral.decided_at ? el("p", {text: "Het besluit is van " + formatDate(referral.decided_at) +
      ". Uw bezwaar moet binnen zijn vóór " + formatDate(sixWeeksAfter(referral.decided_at)) + "."}) : "");
}

function sixWeeksAfter(text) {
  const day = new Date(text);
  day.setDate(day.getDate() + 42);
  return day.toISOString();
}

// The remaining sections, each item as one plain sentence.
const DESCRIBE = {
  signals: (s) => "Aangemeld op " + formatDate(s.received_at) + (s.reporter === "afgeschermd"
    ? " (wie het meldde, laten wij niet zien)" : s.reporter || s.source ? " door " + (s.reporter || word("source", s.source)) : "") +
    (s.description ? ": " + s.description : ""),
  contacts: (c) => formatDate(c.at, true) + ": " + word("contact", c.kind) + " — " + word("contactOutcome", c.outcome) +
    contactBy(c.by),
  child_safety: (c) => formatDate(c.assessed_at || c.at) + ": stap " + (c.meldcode_step || "?") + " van de meldcode — " +
    word("childSafety", c.outcome) + (c.summary ? ". " + c.summary : ""),
  referrals: (r) => (r.provision || word("referral", r.kind)) + " — " + word("referral", r.kind) + ", " +
    word("status", r.status) + (r.decided_at ? " op " + formatDate(r.decided_at) : ""),
  evaluation: (e) => {
    const goals = goalTexts();
    return "Evaluatie op " + formatDate(e.evaluated_at) + ". " + Object.entries(e.goal_outcomes || {})
      .map(([goal, outcome]) => "Doel „" + (goals[goal] || "een doel uit uw plan") + "”: " + word("goal", outcome) + ".").join(" ");
  },
};

function renderOtherSections() {
  const box = document.getElementById("other-sections");
  box.replaceChildren();
  for (const name of Object.keys(DESCRIBE)) {
    const part = sectionData(name);
    const items = part.items.filter((item) => item.kind !== "monitoring");
    if (!items.length && !part.withheldSection) continue;
    box.append(el("h3", {text: word("section", name)}));
    if (part.withheldSection) { box.append(withheldPart(part)); continue; }
    box.append(el("ul", {class: "plain"}, items.map((item) => el("li", {},
      isWithheld(item) ? withheldItem(item) : [DESCRIBE[name](item), name === "referrals" ? objectionInfo(item) : "",
        item.version ? itemTools(name, item) : ""]))));
  }
}

export function renderDossier() {
  renderOverview();
  renderMembers();
  renderPlan();
  renderAssessments();
  renderOtherSections();
}
