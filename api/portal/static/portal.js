// The portal page: asks GraphQL for what the privacy layer lets this person see.
const token = sessionStorage.getItem("wijkdossier-token");
const show = (id) => document.getElementById(id).hidden = false;
const say = (text) => document.getElementById("message").textContent = text;

async function graphql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: {"Content-Type": "application/json", "Authorization": "Bearer " + token},
    body: JSON.stringify({query, variables}),
  });
  if (response.status === 401 || response.status === 403) { sessionStorage.removeItem("wijkdossier-token"); show("login-needed"); throw new Error("login"); }
  const body = await response.json();
  if (body.errors) { say(body.errors[0].message); throw new Error("graphql"); }
  return body.data;
}

const LABELS = {members: "Gezin", signals: "Aanmelding", contacts: "Contacten", zrm: "Zelfredzaamheid",
  participation: "Participatie", child_safety: "Veiligheid kinderen", plan: "Plan van aanpak", referrals: "Verwijzingen",
  evaluation: "Evaluatie", consents: "Toestemmingen", statements: "Uw zienswijzen"};

async function load() {
  if (!token) { show("login-needed"); return; }
  const data = await graphql(`{ myDossier { householdId phase team sections { section items withheldSection withheldItems } }
    myAccessLog { time userRole organisation section purpose outcome } }`);
  show("dossier");
  document.getElementById("phase").textContent = "Fase: " + data.myDossier.phase + " — team " + data.myDossier.team;
  const container = document.getElementById("sections");
  for (const part of data.myDossier.sections) {
    const block = document.createElement("details");
    const title = document.createElement("summary");
    title.textContent = (LABELS[part.section] || part.section) + " (" + part.items.length + ")";
    block.appendChild(title);
    if (part.withheldSection) { const p = document.createElement("p"); p.className = "withheld"; p.textContent = "Dit onderdeel wordt voor u achtergehouden, ter bescherming van een kind."; block.appendChild(p); }
    for (const item of part.items) {
      const pre = document.createElement("pre");
      if (item.withheld) { pre.className = "withheld"; pre.textContent = "Achtergehouden stuk (nummer " + item.version + ")"; }
      else pre.textContent = JSON.stringify(item, null, 2);
      block.appendChild(pre);
    }
    container.appendChild(block);
  }
  const rows = document.querySelector("#access tbody");
  for (const line of data.myAccessLog) {
    const row = rows.insertRow();
    for (const value of [line.time, line.userRole, line.organisation, line.section, line.purpose, line.outcome]) row.insertCell().textContent = value;
  }
}

document.getElementById("export").addEventListener("click", async () => {
  const data = await graphql(`mutation { exportMyData { __typename ... on ExportedData { householdId data } ... on Error { message } } }`);
  const result = data.exportMyData;
  if (result.__typename === "Error") { say(result.message); return; }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([JSON.stringify(result.data, null, 2)], {type: "application/json"}));
  link.download = "mijn-wijkdossier.json";
  link.click();
});
document.getElementById("logout").addEventListener("click", () => { sessionStorage.removeItem("wijkdossier-token"); location.reload(); });
load().catch(() => {});
