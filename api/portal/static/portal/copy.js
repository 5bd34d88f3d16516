// The readable copy of one's own data (the same export as the JSON file), laid out for printing.
import {graphql} from "./api.js";
import {el} from "./dom.js";
import {renderConsents} from "./consents.js";
import {renderDossier} from "./dossier.js";
import {EXPORT_QUERY} from "./download.js";
import {collectItems} from "./items.js";
import {sectionData, state} from "./state.js";
import {formatDate, withCodes} from "./words.js";

const STAGE = {filed: "ontvangen", intake: "klachtopvang", mediation: "bemiddeling", commission: "bij de klachtencommissie",
  advised: "advies gegeven", decided: "besloten", closed: "afgesloten", ombudsman: "bij de sociale ombudsman"};

async function build() {
  const [exported, extra] = await Promise.all([graphql(EXPORT_QUERY),
    graphql(`query($h: String) { myWorkers(householdId: $h) { ref name role organisation phone email caseDirector }
      consentChoices(householdId: $h) { purposes { purpose name description } partners { ref name kind } } }`)]);
  const result = exported.exportMyData;
  if (result.__typename === "Error") throw new Error(result.message);
  const dossier = result.data.dossier;
  state.readOnly = true;
  state.dossier = {householdId: result.householdId, phase: dossier.overview.phase, team: dossier.overview.team,
    caseDirector: dossier.overview.case_director,
    sections: Object.entries(dossier).filter(([name]) => !["overview", "left_out"].includes(name))
      .map(([section, items]) => ({section, items, withheldSection: Boolean(items && items.status === "withheld")}))};
  state.workers = extra.myWorkers.map((w) => withCodes(w, "role"));
  state.staff = Object.fromEntries(state.workers.map((w) => [w.ref, w]));
  state.purposes = extra.consentChoices.purposes;
  state.partners = extra.consentChoices.partners;
  state.names = Object.fromEntries(sectionData("members").items.filter((m) => m.name).map((m) => [m.person_id, m.name]));
  collectItems();
  renderDossier();
  renderConsents();
  const complaints = result.data.complaints || [];
  document.getElementById("complaint-list").replaceChildren(...(complaints.length ? complaints.map((c) => el("li", {},
    "Klacht van " + formatDate(c.filed_at) + ": " + (STAGE[c.stage] || "in behandeling") + ".")) :
    [el("li", {text: "Geen klachten."})]));
  document.getElementById("made").textContent = "Gemaakt op " + formatDate(result.data.exported_at, true) + ".";
  document.getElementById("mijn-dossier").hidden = false;
}

document.getElementById("print").addEventListener("click", () => window.print());
build().catch((error) => {
  const box = document.getElementById("problem");
  box.textContent = (error && error.message) || "De kopie kon niet worden gemaakt. Log opnieuw in en probeer het nog eens.";
  box.hidden = false;
});
