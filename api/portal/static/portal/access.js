// "Wie heeft mijn dossier bekeken": what others did first, each as one sentence; your own visits
// folded into one line per day (otherwise every visit would push the others out of sight).
import {el} from "./dom.js";
import {nameOf, state} from "./state.js";
import {WORDS, dayOf, formatDate, word} from "./words.js";

const ORGANISATIONS = {"klachtencommissie-sociaal-domein": "de klachtencommissie sociaal domein",
  "wijkteam": "het wijkteam", "gemeente": "de gemeente"};
const ID_LIKE = /^[a-z]+(-[a-z0-9]+)+$/;
// What was looked at, as it reads in a sentence ("heeft het plan van aanpak bekeken").
const PHRASE = {overview: "het overzicht van het dossier", members: "de gegevens van het huishouden",
  signals: "de aanmelding", contacts: "de gesprekken en contacten", zrm: "de zelfredzaamheid (ZRM)",
  participation: "de participatieladder", child_safety: "de veiligheid van kinderen", plan: "het plan van aanpak",
  referrals: "de hulp en voorzieningen", evaluation: "de evaluatie", consents: "de toestemmingen",
  statements: "de reacties", history: "het hele dossier", complaints: "de klachten en verzoeken",
  access_log: "wie het dossier bekeek", decision_data: "de gegevens voor een besluit"};

// One look may have covered several sections ("zrm participation"): each named, joined by "en".
function phrase(sections) {
  const parts = String(sections || "").split(" ").filter(Boolean).map((s) => PHRASE[s] || "een deel van het dossier");
  return parts.length ? [...new Set(parts)].join(" en ") : "een deel van het dossier";
}

function who(line) {
  if (line.byYou) return "u zelf";
  if (line.bySubject) return state.me.represents.length === 1 ? nameOf(state.me.represents[0]) + " zelf" : "degene die u vertegenwoordigt";
  if (line.userRole === "partner") return line.organisation && !ID_LIKE.test(line.organisation) ? line.organisation : "een partnerorganisatie";
  if (line.userRole === "complaint_commission") return "de klachtencommissie";
  if (line.userRole === "ombudsman") return "de sociale ombudsman";
  if (line.userRole === "privacy_officer") return "de functionaris gegevensbescherming van de gemeente";
  const role = line.userRole === "client" ? "een lid van uw huishouden"
    : line.userRole === "legal_representative" ? "een wettelijk vertegenwoordiger" : "een " + word("role", line.userRole);
  const org = ORGANISATIONS[line.organisation] || (ID_LIKE.test(line.organisation) ? "" : line.organisation);
  return role + (org && !["een lid van uw huishouden"].includes(role) ? " van " + org : "");
}

function sentence(line) {
  const what = phrase(line.section);
  const did = WORDS.action[line.action] || line.action;  // the server already says it in Dutch ("bekeken")
  const why = word("purpose", line.purpose);
  const base = line.outcome === "permit"
    ? who(line) + " heeft " + what + " " + did + "."
    : who(line) + " wilde " + what + " bekijken, maar kreeg geen toegang.";
  return base.charAt(0).toUpperCase() + base.slice(1) + (line.outcome === "permit" ? " Waarom: " + why + "." : "") +
    (line.emergency ? " Dit was noodtoegang; die wordt achteraf gecontroleerd." : "");
}

export function renderAccessLog(lines) {
  const sorted = [...lines].sort((a, b) => (a.time < b.time ? 1 : -1));
  const others = sorted.filter((l) => !l.byYou);
  const own = sorted.filter((l) => l.byYou);
  const list = document.getElementById("access-others");
  list.replaceChildren(...others.map((line) => el("li", {class: "card" + (line.emergency ? " emergency" : "")},
    el("p", {class: "meta", text: formatDate(line.time, true)}), el("p", {text: sentence(line)}))));
  document.getElementById("access-others-empty").hidden = others.length > 0;
  const days = new Map();
  for (const line of own) {
    const day = dayOf(line.time);
    if (!days.has(day)) days.set(day, {count: 0, parts: new Set()});
    days.get(day).count += 1;
    days.get(day).parts.add(phrase(line.section));
  }
  document.getElementById("access-own").replaceChildren(...[...days].map(([day, d]) => el("li", {},
    el("strong", {text: day + ": "}), "u heeft zelf " + d.count + " keer" +
      " in uw dossier gekeken (" + [...d.parts].join(", ") + ").")));
  document.getElementById("access-own-empty").hidden = own.length > 0;
}
