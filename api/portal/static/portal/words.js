// Plain Dutch words for the code names the API returns, from the point of view of the person reading.
// A code without a word is never shown as it is: `word` answers a neutral Dutch phrase instead.
export const WORDS = {
  ...WORD_TABLES,  // word-tables.js, loaded by the page before its modules
  owner: {client: "uit uw huishouden", network_member: "iemand uit uw omgeving", volunteer: "een vrijwilliger",
    professional: "een medewerker"},
  // What someone's work is, said of a named person ("Kim de Smit, casusregisseur bij wijkteam Noord").
  roleTitle: {social_worker: "sociaal werker", case_director: "casusregisseur", process_director: "procesregisseur",
    municipal_consultant: "consulent van de gemeente", administrative_officer: "administratief medewerker",
    team_lead: "teamleider", front_desk_volunteer: "gastvrouw of gastheer", complaint_officer: "klachtenfunctionaris",
    partner: "medewerker"},
  // How one item is called when a reaction or request is about it.
  item: {evaluation: "Evaluatie", plan: "Plan van aanpak", referrals: "Aanvraag voor hulp of een voorziening",
    child_safety: "Stap in de meldcode", contacts: "Contact", signals: "Aanmelding", zrm: "Zelfredzaamheid (ZRM)",
    participation: "Participatieladder"},
  route: {intake: "een gesprek (klachtopvang)", mediation: "bemiddeling", commission: "de klachtencommissie"},
  requestKind: {complaint: "Klacht", correction: "Verzoek om correctie", worker_change: "Verzoek om een andere medewerker"},
  requestStatus: {requested: "ontvangen, er is nog geen besluit", granted: "toegekend", refused: "afgewezen",
    accepted: "toegekend: het stuk is gecorrigeerd"},
};

// The sections a client may choose to share with a partner (consent form).
export const SHAREABLE_SECTIONS = ["zrm", "participation", "plan", "referrals", "evaluation", "contacts"];

const FALLBACK = {role: "een medewerker", section: "een deel van uw dossier", purpose: "een ander doel"};

// GraphQL answers codes as enum names (CASE_DIRECTOR, PERMIT); the word tables, like the rest of the
// portal, use the codes themselves (case_director, permit).
export function fromEnum(value) { return typeof value === "string" ? value.toLowerCase() : value; }

// A worker, the login or an access-log line with its enum fields as codes.
export function withCodes(record, ...fields) {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, fields.includes(k) ? fromEnum(v) : v]));
}

export function word(kind, code) {
  if (code === null || code === undefined || code === "") return "";
  const words = WORDS[kind] || {};
  if (Object.prototype.hasOwnProperty.call(words, code)) return words[code];
  return FALLBACK[kind] || "onbekend";
}

// Dates as people write them here: dd-mm-jjjj, in Dutch time.
const DAY = new Intl.DateTimeFormat("nl-NL", {day: "2-digit", month: "2-digit", year: "numeric",
  timeZone: "Europe/Amsterdam"});
const TIME = new Intl.DateTimeFormat("nl-NL", {hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam"});

export function formatDate(text, withTime = false) {
  if (!text) return "";
  const value = new Date(text);
  if (Number.isNaN(value.getTime())) return "";
  const day = DAY.format(value);
  return withTime ? day + " om " + TIME.format(value) : day;
}

// The calendar day (dd-mm-jjjj) a moment falls on in Dutch time, to group by.
export function dayOf(text) { return formatDate(text); }
