// The portal's one way to the server: GraphQL, with the login kept for this browser tab only.
const LOGIN_KEY = "wijkdossier-token";

export class LoginNeeded extends Error {}

export function loggedIn() { return Boolean(sessionStorage.getItem(LOGIN_KEY)); }

export function logOut() { sessionStorage.removeItem(LOGIN_KEY); }

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
