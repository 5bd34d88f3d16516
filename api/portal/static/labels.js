// Plain Dutch words for the code names the API returns. Unknown codes are shown as they are.
const WORDS = {
  ...WORD_TABLES,  // word-tables.js, loaded before this file
  // Generated from the event classes (event-labels.js, loaded before this file).
  event: typeof EVENT_LABELS === "object" ? EVENT_LABELS : {},
  owner: {client: "u zelf", network_member: "iemand uit uw omgeving", volunteer: "een vrijwilliger",
    professional: "een medewerker"},
};

function word(kind, code) {
  if (code === null || code === undefined || code === "") return "";
  const words = WORDS[kind] || {};
  return Object.prototype.hasOwnProperty.call(words, code) ? words[code] : String(code);
}

const DAY = new Intl.DateTimeFormat("nl-NL", {day: "numeric", month: "long", year: "numeric"});
const MOMENT = new Intl.DateTimeFormat("nl-NL", {day: "numeric", month: "long", year: "numeric",
  hour: "2-digit", minute: "2-digit"});

function formatDate(text, withTime = false) {
  if (!text) return "";
  const value = new Date(text);
  if (Number.isNaN(value.getTime())) return String(text);
  return (withTime ? MOMENT : DAY).format(value);
}
