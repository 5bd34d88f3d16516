// The ZRM over time: per person one chart, a row per domain on the scale 1 to 5, the first
// assessment as an open circle, the latest as a filled one, the ones in between as small dots.
// Beside it the same in words, for screen readers and for anyone who prefers text.
import {el, svg} from "./dom.js";
import {nameOf} from "./state.js";
import {formatDate, word} from "./words.js";

const LABEL_WIDTH = 150;
const SCALE_WIDTH = 190;
const ROW = 26;
const TOP = 30;
let chartCount = 0;

function x(level) { return LABEL_WIDTH + (level - 1) * (SCALE_WIDTH / 4); }

function chartFor(person, assessments) {
  const id = "zrm-chart-" + (++chartCount);
  const domains = [...new Set(assessments.flatMap((a) => Object.keys(a.scores || {})))];
  const first = assessments[0];
  const latest = assessments[assessments.length - 1];
  const height = TOP + domains.length * ROW + 10;
  const title = "Zelfredzaamheid van " + nameOf(person) + ": eerste keer " + formatDate(first.assessed_at) +
    (assessments.length > 1 ? ", laatste keer " + formatDate(latest.assessed_at) : "");
  const parts = [svg("title", {id: id + "-title", text: title})];
  for (let level = 1; level <= 5; level += 1) {
    parts.push(svg("line", {x1: x(level), x2: x(level), y1: TOP - 8, y2: height - 6, stroke: "#c4c9cf"}),
      svg("text", {x: x(level), y: 16, "text-anchor": "middle", "font-size": 13, fill: "#1a1a1a", text: String(level)}));
  }
  domains.forEach((domain, row) => {
    const y = TOP + row * ROW + ROW / 2;
    const scores = assessments.map((a) => (a.scores || {})[domain]).filter((s) => Number.isInteger(s));
    parts.push(svg("text", {x: 0, y: y + 4, "font-size": 13, fill: "#1a1a1a", text: word("zrm", domain)}));
    if (!scores.length) return;
    const start = scores[0];
    const end = scores[scores.length - 1];
    parts.push(svg("line", {x1: x(start), x2: x(end), y1: y, y2: y, stroke: "#00477a", "stroke-width": 3}));
    scores.slice(1, -1).forEach((s) => parts.push(svg("circle", {cx: x(s), cy: y, r: 3, fill: "#4a4a4a"})));
    parts.push(svg("circle", {cx: x(start), cy: y, r: 7, fill: "#ffffff", stroke: "#00477a", "stroke-width": 2.5}));
    if (scores.length > 1) parts.push(svg("circle", {cx: x(end), cy: y, r: 6, fill: "#00477a"}));
  });
  return svg("svg", {viewBox: `0 0 ${LABEL_WIDTH + SCALE_WIDTH + 12} ${height}`, class: "zrm-chart", role: "img",
    "aria-labelledby": id + "-title", focusable: "false"}, parts);
}

function inWords(assessments) {
  const domains = [...new Set(assessments.flatMap((a) => Object.keys(a.scores || {})))];
  return el("ul", {class: "plain"}, domains.map((domain) => {
    const scores = assessments.map((a) => [a.assessed_at, (a.scores || {})[domain]]).filter(([, s]) => Number.isInteger(s));
    const steps = scores.map(([at, s]) => formatDate(at) + ": " + s + " (" + word("zrmLevel", s) + ")");
    return el("li", {}, el("strong", {text: word("zrm", domain) + ": "}), steps.join("; daarna "));
  }));
}

export function renderZrm(assessments, tools) {
  const box = el("div", {class: "zrm"});
  box.append(el("p", {class: "help", text: "Per onderwerp een cijfer van 1 tot 5. 1 betekent: er zijn acute problemen. " +
    "5 betekent: dit lukt helemaal zelf. Open rondje: de eerste keer. Dicht rondje: de laatste keer. Kleine stip: de keren ertussen."}));
  const byPerson = new Map();
  for (const a of [...assessments].sort((p, q) => (p.assessed_at < q.assessed_at ? -1 : 1))) {
    if (!byPerson.has(a.person_id)) byPerson.set(a.person_id, []);
    byPerson.get(a.person_id).push(a);
  }
  for (const [person, list] of byPerson) {
    box.append(el("figure", {class: "zrm-figure"}, chartFor(person, list),
      el("figcaption", {}, el("details", {}, el("summary", {text: "De cijfers van " + nameOf(person) + " in woorden"}),
        inWords(list)))));
    box.append(el("ul", {class: "plain"}, list.map((a) => el("li", {},
      "Ingevuld op " + formatDate(a.assessed_at) + " over " + nameOf(a.person_id), tools(a)))));
  }
  return box;
}
