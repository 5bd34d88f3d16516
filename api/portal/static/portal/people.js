// The people who work on the dossier, by name, with how to reach them.
import {el} from "./dom.js";
import {state} from "./state.js";
import {word} from "./words.js";

export function staffName(id) {
  const person = state.staff[id];
  return person ? person.name : "een medewerker van het wijkteam";
}

// Name, what they do, and phone and e-mail as links (a phone link dials on a phone).
export function staffLine(id) {
  const person = state.staff[id];
  if (!person) return "een medewerker van het wijkteam";
  return el("span", {class: "person"}, el("strong", {text: person.name}),
    ", " + word("roleTitle", person.role) + (person.organisation ? " bij " + person.organisation : ""),
    person.phone ? [el("br"), "Telefoon: ", el("a", {href: "tel:" + person.phone.replace(/[^+\d]/g, ""), text: person.phone})] : "",
    person.email ? [el("br"), "E-mail: ", el("a", {href: "mailto:" + person.email, text: person.email})] : "");
}

export function partnerName(id) {
  const partner = state.partners.find((p) => p.ref === id);
  return partner ? partner.name : "een andere organisatie";
}
