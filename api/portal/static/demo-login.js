// Demo login: stands in for DigiD. Picks a made-up person of a scenario household and gets a demo token.
"use strict";

const message = document.getElementById("message");

async function logIn(body) {
  const response = await fetch("/portal/demo-login", {method: "POST",
    headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  const answer = await response.json();
  if (!response.ok) { message.className = "message error"; message.textContent = answer.detail || "Inloggen lukte niet."; return; }
  sessionStorage.setItem("wijkdossier-token", answer.token);
  location.href = "/portal";
}

async function listPeople() {
  const box = document.getElementById("people");
  const response = await fetch("/portal/demo-people");
  if (!response.ok) { box.textContent = "De lijst kon niet worden geladen. Log in met een persoonsnummer."; return; }
  const {households} = await response.json();
  box.replaceChildren();
  if (!households.length) {
    box.textContent = "Er zijn nog geen demohuishoudens. Laad ze eerst met: wijkdossier demo load.";
    return;
  }
  let first = true;
  for (const household of households) {
    const group = document.createElement("div");
    group.className = "choice-group";
    const title = document.createElement("p");
    title.className = "choice-title";
    title.textContent = household.title;
    group.append(title);
    for (const login of household.logins) {
      const label = document.createElement("label");
      label.className = "check";
      const input = document.createElement("input");
      Object.assign(input, {type: "radio", name: "login", required: true, checked: first,
        value: JSON.stringify({person_id: login.person_id, role: login.role, represents: login.represents})});
      first = false;
      label.append(input, " " + login.label);
      group.append(label);
    }
    box.append(group);
  }
}

document.getElementById("pick").addEventListener("submit", (event) => {
  event.preventDefault();
  const chosen = event.target.querySelector("input[name=login]:checked");
  if (!chosen) { message.className = "message error"; message.textContent = "Kies eerst een persoon."; return; }
  logIn(JSON.parse(chosen.value)).catch(() => { message.textContent = "Inloggen lukte niet. Probeer het opnieuw."; });
});

document.getElementById("manual").addEventListener("submit", (event) => {
  event.preventDefault();
  logIn(Object.fromEntries(new FormData(event.target))).catch(() => {
    message.textContent = "Inloggen lukte niet. Probeer het opnieuw.";
  });
});

listPeople().catch(() => { document.getElementById("people").textContent = "De lijst kon niet worden geladen."; });
