// "Mijn toestemmingen": which organisation may use which parts of the dossier, for what, until when;
// a new consent chosen from Dutch lists (never typed as a code), and revoking one.
import {RESULT, mutate} from "./api.js";
import {el, feedback} from "./dom.js";
import {partnerName} from "./people.js";
import {actFor, actedBy, isWithheld, nameOf, persons, sectionData, state} from "./state.js";
import {withheldNote} from "./dossier.js";
import {SHAREABLE_SECTIONS, formatDate, word} from "./words.js";

const ID_LIKE = /^[a-z]+(-[a-z0-9]+)+$/;

function organisation(ref) {
  const known = state.partners.find((p) => p.ref === ref);
  if (known) return known.name;
  return ID_LIKE.test(ref || "") ? partnerName(ref) : (ref || "een andere organisatie");
}

function purposeName(code) {
  const known = state.purposes.find((p) => p.purpose === code.toUpperCase());
  return known ? known.name : word("purpose", code);
}

function card(c) {
  const shared = [...(c.sections || []).map((s) => word("section", s)), ...(c.zrm_domains || []).map((z) => word("zrm", z))];
  const partner = organisation(c.partner);
  if (c.kind === "legal_duty") {
    return el("li", {class: "card"}, el("p", {}, el("strong", {text: "Wettelijke plicht: " + partner})),
      el("p", {text: "Wij moeten dit delen omdat de wet het zegt: " + (c.legal_basis || "") + "."}),
      shared.length ? el("p", {text: "Wat: " + shared.join(", ")}) : "",
      el("p", {class: "meta", text: "Dit is geen toestemming, dus u kunt het niet intrekken."}));
  }
  const active = !c.revoked_at;
  const box = el("li", {class: "card consent"},
    el("p", {}, el("strong", {text: partner}), " mag gegevens van " + nameOf(c.person_id) + " gebruiken."),
    el("p", {text: "Waarvoor: " + purposeName(c.purpose || "")}),
    el("p", {text: "Welke gegevens: " + (shared.join(", ") || "geen")}),
    el("p", {text: active ? "Geldig tot en met " + formatDate(c.valid_until) + "." : "Ingetrokken op " + formatDate(c.revoked_at) + "."}),
    el("p", {class: "meta", text: "Gegeven " + actedBy(actFor(null, c.consent_id), c.person_id) + "."}));
  if (active) {
    const ask = el("button", {type: "button", class: "secondary", "aria-label": "Toestemming voor " + partner + " intrekken",
      onclick: () => confirmRevoke(box, ask, c, partner)}, "Intrekken");
    box.append(el("p", {class: "buttons"}, ask));
  }
  return box;
}

function confirmRevoke(box, ask, consent, partner) {
  const question = el("div", {class: "confirm", role: "group", "aria-label": "Intrekken bevestigen"},
    el("p", {text: "Wilt u de toestemming voor " + partner + " intrekken? Dat geldt meteen."}));
  const yes = el("button", {type: "button", text: "Ja, intrekken", onclick: () => revoke(consent, partner, question)});
  const no = el("button", {type: "button", class: "secondary", text: "Nee, laten staan", onclick: () => {
    question.remove();
    ask.focus();
  }});
  question.append(el("p", {class: "buttons"}, yes, " ", no));
  box.append(question);
  yes.focus();
}

async function revoke(consent, partner, question) {
  try {
    await mutate(`mutation($h: String!, $c: String!, $p: String) {
      revokeConsent(householdId: $h, consentId: $c, personId: $p) { ${RESULT} } }`,
      {h: state.dossier.householdId, c: consent.consent_id, p: consent.person_id});
    await state.reload();
    feedback(document.getElementById("consent-list"), "De toestemming is ingetrokken. Wij delen niets meer met " + partner + ".");
  } catch (error) { state.report(error, question); }
}

export function renderConsents() {
  const part = sectionData("consents");
  const box = document.getElementById("consent-list");
  box.replaceChildren();
  if (part.withheldSection) box.append(el("li", {}, withheldNote(null, part.reason)));
  const shown = part.items.filter((c) => c.kind !== "confidence");
  for (const c of shown) box.append(isWithheld(c) ? el("li", {}, withheldNote(c, c.reason)) : card(c));
  document.getElementById("consent-empty").hidden = shown.length > 0 || part.withheldSection;
}

export function prepareConsentForm() {
  const form = document.getElementById("consent-form");
  const choices = persons();
  const personSelect = form.querySelector("#consent-person");
  personSelect.replaceChildren(...choices.map((p) => el("option", {value: p, text: nameOf(p)})));
  document.getElementById("consent-person-field").hidden = choices.length < 2;
  const partners = form.querySelector("#consent-partner");
  if (partners.options.length <= 1) {
    partners.append(...state.partners.map((p) => el("option", {value: p.ref, text: p.name})));
  }
  const purposes = document.getElementById("consent-purposes");
  if (!purposes.children.length) {
    purposes.append(...state.purposes.map((p, index) => el("label", {class: "check"},
      el("input", {type: "radio", name: "purpose", value: p.purpose, required: index === 0 ? true : null,
        "aria-describedby": "purpose-help-" + index}),
      el("span", {}, el("span", {class: "choice-name", text: p.name}),
        el("span", {class: "help block", id: "purpose-help-" + index, text: p.description})))));
  }
  const checks = document.getElementById("consent-sections");
  if (!checks.children.length) {
    checks.append(...SHAREABLE_SECTIONS.map((s) => el("label", {class: "check"},
      el("input", {type: "checkbox", name: "sections", value: s.toUpperCase()}), " " + word("section", s))));
  }
  const until = form.querySelector("#consent-until");
  const today = new Date().toISOString().slice(0, 10);
  until.min = today;
  if (!until.value) {
    const inAYear = new Date();
    inAYear.setFullYear(inAYear.getFullYear() + 1);
    until.value = inAYear.toISOString().slice(0, 10);
  }
}

export function wireConsentForm() {
  const form = document.getElementById("consent-form");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const sections = [...form.querySelectorAll("input[name=sections]:checked")].map((box) => box.value);
    const purpose = form.querySelector("input[name=purpose]:checked");
    if (!form.partner.value) { feedback(form, "Kies met welke organisatie wij mogen delen.", "error"); return; }
    if (!purpose) { feedback(form, "Kies waarvoor de organisatie uw gegevens mag gebruiken.", "error"); return; }
    if (!sections.length) { feedback(form, "Kies minstens één deel van uw dossier om te delen.", "error"); return; }
    if (!form.until.value) { feedback(form, "Kies tot en met welke datum de toestemming geldt.", "error"); return; }
    const partner = form.partner.options[form.partner.selectedIndex].text;
    try {
      await mutate(`mutation($h: String!, $p: String!, $consent: ConsentInput!) {
        grantConsent(householdId: $h, personId: $p, consent: $consent) { ${RESULT} } }`,
      {h: state.dossier.householdId, p: form.person.value || persons()[0],
        consent: {partner: form.partner.value, purpose: purpose.value, sections: sections, validUntil: form.until.value}});
      form.reset();
      await state.reload();
      feedback(form, "Uw toestemming is opgeslagen. " + partner + " staat nu in de lijst hierboven.");
    } catch (error) { state.report(error, form); }
  });
}
