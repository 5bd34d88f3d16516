// What the portal knows after loading: who is logged in, their dossier, and the names to show.
export const state = {
  me: null,
  dossier: null,
  names: {},       // person id -> name, from the members the reader may see
  items: new Map(), // item reference (the dossier's item number) -> {section, item, label}
  staff: {},        // worker reference -> {name, role, organisation, phone, email}
  workers: [],
  partners: [],
  purposes: [],
  readOnly: false,
  myName: "",       // the logged-in person's own name, where the login says it
  acts: [],         // who did what on whose behalf (version or reference -> actor, on behalf of)  // the printable copy: the same words, without buttons
  reload: async () => {},
  report: () => {},
};

export function persons() {
  const me = state.me;
  return me.personId ? [me.personId] : me.represents;
}

export function isMe(personId) { return Boolean(state.me && personId && personId === state.me.userId); }

// A person as the reader knows them: "u" for the reader themself, else the name they may see.
export function nameOf(personId) {
  if (isMe(personId) && !state.me.personId) return state.myName ? "u (" + state.myName + ")" : "u";
  return state.names[personId] || "een lid van uw huishouden";
}

// Who did an act, and for whom: "u", "Bilal van Wallaert", or "door u namens Bilal van Wallaert".
export function actedBy(act, personId) {
  if (!act || !act.actor || act.actor === personId) return "van " + nameOf(personId);
  const actor = isMe(act.actor) ? (state.myName ? "u (" + state.myName + ")" : "u") : nameOf(act.actor);
  return "door " + actor + " namens " + nameOf(personId);
}

export function actFor(version, ref) {
  return state.acts.find((a) => (ref && a.ref === ref) || (!ref && version && a.version === version));
}

// A section arrives as a list of items, as an object of lists (consents, statements, evaluation),
// or as one `{status: "withheld"}` marker. This gives every section one shape.
const NESTED_KINDS = {consents: "consent", legal_duties: "legal_duty", statements: "statement",
  corrections: "correction", evaluations: "evaluation", confidences: "confidence"};

export function sectionData(name) {
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
      if (Array.isArray(value)) {
        items.push(...value.map((item) => (item && item.kind) ? item : {...item, kind: NESTED_KINDS[key] || key}));
      }
    }
  }
  return {section: name, items, withheldSection: Boolean(part.withheldSection), reason: "", raw};
}

export function isWithheld(item) { return Boolean(item && (item.withheld === true || item.status === "withheld")); }
export function isNotShown(item) { return Boolean(item && item.status === "not_shown"); }
