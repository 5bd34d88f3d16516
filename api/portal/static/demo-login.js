// Demo login: stands in for DigiD. Picks a made-up person of a scenario household and gets a demo token.
"use strict";

const message = document.getElementById("message");

async function logIn(body) {
  const response = await fetch("/portal/demo-login", {method: "POST",
    headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  const answer = await response.json();
  if (!response.ok) { message.className = "message error"; message.textContent = answer.detail || "Inloggen lukte niet."; return; }
  sessionStorage.setItem("wijkdossier-token", answer.token);
  sessionStorage.removeItem("wijkdossier-perspectives");
  location.href = "/portal";
}

async function listPeople() {
  const box = document.getElementById("people");
  const response = await fetch("/portal/demo-people");
  if (!response.ok) { box.textContent = "De lijst kon niet worden geladen. Log in met een persoonsnummer."; return; }
  const {households} = await response.json();
  box.replaceChildren();
  if (!households.length) {
    box.textContent = "Er zijn nog geen demohuishoudens. Laad ze eerst met: make demo (of: wijkdossier demo).";
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

// A demo person gets every way they can look (themself, and as parent of a minor), so the portal can switch.
async function logInWithPerspectives(chosen) {
  const response = await fetch("/portal/demo-perspectives", {method: "POST",
    headers: {"Content-Type": "application/json"}, body: JSON.stringify({person_id: chosen.person_id})});
  const answer = await response.json();
  if (!response.ok) { message.className = "message error"; message.textContent = answer.detail || "Inloggen lukte niet."; return; }
  const key = chosen.role === "client" ? "self" : "represents:" + chosen.represents;
  const active = answer.perspectives.find((p) => p.key === key) || answer.perspectives[0];
  sessionStorage.setItem("wijkdossier-perspectives", JSON.stringify(answer.perspectives));
  sessionStorage.setItem("wijkdossier-token", active.token);
  location.href = "/portal";
}

document.getElementById("pick").addEventListener("submit", (event) => {
  event.preventDefault();
  const chosen = event.target.querySelector("input[name=login]:checked");
  if (!chosen) { message.className = "message error"; message.textContent = "Kies eerst een persoon."; return; }
  logInWithPerspectives(JSON.parse(chosen.value)).catch(() => {
    message.textContent = "Inloggen lukte niet. Probeer het opnieuw.";
  });
});

document.getElementById("manual").addEventListener("submit", (event) => {
  event.preventDefault();
  logIn(Object.fromEntries(new FormData(event.target))).catch(() => {
    message.textContent = "Inloggen lukte niet. Probeer het opnieuw.";
  });
});

listPeople().catch(() => { document.getElementById("people").textContent = "De lijst kon niet worden geladen."; });
