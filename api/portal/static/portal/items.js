// Each item of the dossier carries its own reactions and correction requests, right beside it,
// with the two buttons to add one. An item is referred to by the dossier's item number; where one
// recorded step fills two sections (an evaluation also records new ZRM scores), the step is one
// item, shown with the evaluation, so a reaction can never land on the other half.
import {RESULT, mutate} from "./api.js";
import {el, feedback} from "./dom.js";
import {actFor, actedBy, isWithheld, nameOf, persons, sectionData, state} from "./state.js";
import {formatDate, word} from "./words.js";

// Which section shows the reactions when one item number appears in several.
const HOME_ORDER = ["evaluation", "plan", "referrals", "child_safety", "contacts", "signals", "zrm", "participation"];

function when(item) {
  return item.evaluated_at || item.adopted_at || item.assessed_at || item.decided_at || item.requested_at ||
    item.received_at || item.at || "";
}

export function itemLabel(section, item) {
  const moment = when(item);
  const time = section === "contacts" ? formatDate(moment, true) : formatDate(moment);
  const whose = item.person_id && (section === "zrm" || section === "participation") ? " over " + nameOf(item.person_id) : "";
  return word("item", section) + whose + (time ? " van " + time : "");
}

export function collectItems() {
  state.items = new Map();
  for (const section of HOME_ORDER) {
    for (const item of sectionData(section).items) {
      if (isWithheld(item) || !Number.isInteger(item.version) || state.items.has(item.version)) continue;
      state.items.set(item.version, {section, item, label: itemLabel(section, item)});
    }
  }
}

function reactionsAbout(version) {
  const part = sectionData("statements");
  return part.items.filter((s) => !isWithheld(s) && s.item_version === version);
}

const CORRECTION_STATUS = {
  requested: "het wijkteam bekijkt uw verzoek nog",
  accepted: "toegekend: het stuk is gecorrigeerd, de oorspronkelijke tekst blijft zichtbaar",
  refused: "afgewezen: het stuk blijft zoals het was",
};

export function correctionStatus(status) { return CORRECTION_STATUS[status] || "het wijkteam bekijkt uw verzoek nog"; }

function reactionLine(s) {
  if (s.kind === "correction") {
    return el("li", {class: "reaction correction"},
      el("p", {class: "meta", text: "Verzoek om correctie " + actedBy(actFor(null, s.correction_id), s.person_id) + ", " +
        formatDate(s.requested_at)}),
      el("p", {class: "statement-text", text: s.correction || ""}),
      el("p", {}, el("strong", {text: "Status: "}), correctionStatus(s.status)));
  }
  return el("li", {class: "reaction"},
    el("p", {class: "meta", text: "Reactie " + actedBy(actFor(s.version), s.person_id) + ", " + formatDate(s.added_at, true)}),
    el("p", {class: "statement-text", text: s.text || ""}));
}

// The marks and tools beside one item (an empty fragment when the item is another item's half).
export function itemTools(section, item) {
  const version = item.version;
  const home = state.items.get(version);
  if (!home) return "";
  if (home.section !== section) {
    return el("p", {class: "meta", text: "Dit hoort bij: " + home.label + ". Reageren kan daar."});
  }
  const about = reactionsAbout(version);
  const accepted = about.some((s) => s.kind === "correction" && s.status === "accepted");
  const box = el("div", {class: "item-tools", "data-item": String(version)});
  if (accepted) box.append(el("p", {class: "corrected"}, el("strong", {text: "Gecorrigeerd. "}),
    "Op verzoek is dit stuk gecorrigeerd. Wat er eerst stond, blijft hierboven staan."));
  if (about.length) box.append(el("ul", {class: "reactions", "aria-label": "Reacties op " + home.label}, about.map(reactionLine)));
  if (state.readOnly) return box;
  const buttons = el("p", {class: "buttons"},
    el("button", {type: "button", class: "secondary small", "aria-label": "Reageer op " + home.label,
      onclick: () => openForm(box, home, "statement")}, "Reageer"),
    " ",
    el("button", {type: "button", class: "secondary small", "aria-label": "Vraag om correctie van " + home.label,
      onclick: () => openForm(box, home, "correction")}, "Vraag om correctie"));
  box.append(buttons);
  return box;
}

const FORMS = {
  statement: {title: "Uw reactie", help: "Bent u het er niet mee eens, of wilt u iets toevoegen? Uw reactie komt bij dit " +
    "stuk te staan. Niets wordt weggehaald.", submit: "Reactie opslaan", done: "Uw reactie is opgeslagen. U ziet haar bij het stuk.",
    mutation: `mutation($h: String!, $p: String!, $v: Int!, $t: String!) {
      addStatement(householdId: $h, personId: $p, itemVersion: $v, text: $t) { ${RESULT} } }`},
  correction: {title: "Wat klopt er niet, en wat moet er staan?", help: "Het wijkteam beslist over uw verzoek. " +
    "Wat er nu staat, blijft zichtbaar; bij het stuk ziet u hoe het met uw verzoek staat.",
    submit: "Verzoek om correctie versturen", done: "Uw verzoek om correctie is ontvangen. Bij het stuk ziet u de status.",
    mutation: `mutation($h: String!, $p: String!, $v: Int!, $t: String!) {
      requestCorrection(householdId: $h, personId: $p, itemVersion: $v, correction: $t) { ${RESULT} } }`},
};

let formCount = 0;

function personField(prefix) {
  const choices = persons();
  if (choices.length < 2) return "";
  const id = prefix + "-person";
  return el("div", {class: "field"}, el("label", {for: id, text: "Namens wie?"}),
    el("select", {id, name: "person"}, choices.map((p) => el("option", {value: p, text: nameOf(p)}))));
}

function openForm(box, home, kind) {
  const existing = box.querySelector("form");
  if (existing) existing.remove();
  const spec = FORMS[kind];
  const id = "item-form-" + (++formCount);
  const form = el("form", {class: "panel inline-form", "aria-label": spec.submit + ": " + home.label},
    personField(id),
    el("div", {class: "field"},
      el("label", {for: id + "-text", text: spec.title}),
      el("p", {class: "help", id: id + "-help", text: spec.help}),
      el("textarea", {id: id + "-text", name: "text", rows: "4", required: true, maxlength: "4000",
        "aria-describedby": id + "-help"})),
    el("button", {type: "submit", text: spec.submit}), " ",
    el("button", {type: "button", class: "secondary", text: "Annuleren", onclick: () => {
      form.remove();
      box.querySelector("button").focus();
    }}));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = form.text.value.trim();
    if (!text) { feedback(form, "Schrijf eerst wat u wilt zeggen.", "error"); return; }
    try {
      await mutate(spec.mutation, {h: state.dossier.householdId, p: form.person ? form.person.value : persons()[0],
        v: home.item.version, t: text});
      await state.reload();
      const fresh = document.querySelector(`.item-tools[data-item="${home.item.version}"]`);
      feedback(fresh.querySelector(".buttons"), spec.done, "success");
    } catch (error) { state.report(error, form); }
  });
  box.append(form);
  form.querySelector("textarea").focus();
}
