// "Mijn gegevens": a file for other programs (JSON) and a readable copy to print or keep as PDF.
import {graphql} from "./api.js";
import {el, feedback} from "./dom.js";
import {WORDS} from "./words.js";

export const EXPORT_QUERY = `mutation { exportMyData { __typename ... on ExportedData { householdId data }
  ... on Error { code message } } }`;

export function wireDownload(report) {
  const button = document.getElementById("export");
  button.addEventListener("click", async () => {
    try {
      const result = (await graphql(EXPORT_QUERY)).exportMyData;
      if (result.__typename === "Error") { feedback(button, result.message, "error"); return; }
      // The data keeps the system's own (English) field names, so other programs can read it; the word list
      // says in Dutch what each part is. The readable copy (/portal/kopie) is the version for people.
      const copy = {toelichting: "Kopie van uw wijkdossier, zoals u het mag zien. De namen van de velden zijn die " +
          "van het systeem; de woordenlijst zegt wat elk deel is. Een leesbare kopie maakt u met de knop Leesbare kopie.",
        gemaakt_op: new Date().toISOString(), huishouden: result.householdId,
        woordenlijst: {onderdelen: WORDS.section, fasen: WORDS.phase, zelfredzaamheid: WORDS.zrm}, gegevens: result.data};
      const link = el("a", {href: URL.createObjectURL(new Blob([JSON.stringify(copy, null, 2)], {type: "application/json"})),
        download: "mijn-wijkdossier.json"});
      document.body.append(link);
      link.click();
      link.remove();
      feedback(button, "Uw gegevens zijn gedownload (bestand mijn-wijkdossier.json).");
    } catch (error) { report(error, button); }
  });
}
