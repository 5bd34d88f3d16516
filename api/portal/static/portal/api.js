// The portal's one way to the server: GraphQL, with the login kept for this browser tab only.
const LOGIN_KEY = "wijkdossier-token";

export class LoginNeeded extends Error {}

export function loggedIn() { return Boolean(sessionStorage.getItem(LOGIN_KEY)); }

const PERSPECTIVES_KEY = "wijkdossier-perspectives";

export function logOut() {
  sessionStorage.removeItem(LOGIN_KEY);
  sessionStorage.removeItem(PERSPECTIVES_KEY);
}

// The ways this person may look at a dossier (themself; as parent of their child): each its own login.
export function perspectives() {
  try {
    const list = JSON.parse(sessionStorage.getItem(PERSPECTIVES_KEY) || "[]");
    const active = sessionStorage.getItem(LOGIN_KEY);
    return list.map((p) => ({key: p.key, label: p.label, name: p.name, represented: p.represented,
      relation: p.relation, active: p.token === active}));
  } catch (ignored) { return []; }
}

export function usePerspective(key) {
  const list = JSON.parse(sessionStorage.getItem(PERSPECTIVES_KEY) || "[]");
  const chosen = list.find((p) => p.key === key);
  if (chosen) sessionStorage.setItem(LOGIN_KEY, chosen.token);
}

export async function graphql(query, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: {"Content-Type": "application/json", "Authorization": "Bearer " + sessionStorage.getItem(LOGIN_KEY)},
    body: JSON.stringify({query, variables}),
  });
  if (response.status === 401 || response.status === 403) {
    logOut();
    throw new LoginNeeded("U bent niet meer ingelogd. Log opnieuw in om verder te gaan.");
  }
  const body = await response.json();
  if (body.errors && body.errors.length) throw new Error(body.errors[0].message);
  return body.data;
}

export const RESULT = "__typename ... on Success { message version complaintId } ... on Error { code message field }";

// A mutation answers Success | Error; an Error is an expected refusal with a Dutch message.
export async function mutate(query, variables) {
  const data = await graphql(query, variables);
  const result = Object.values(data)[0];
  if (result.__typename === "Error") throw new Error(result.message);
  return result;
}
