/**
 * The browser's GraphQL client: a fetch to /graphql/ on this origin (proxied to Django), with the session cookie
 * and Django's CSRF token. Small on purpose: the forms need a POST and typed results, not a cache.
 */
import { CSRF_COOKIE, cookieValue } from "./csrf";
import { type Document, type GraphQLBody, NetworkError, resultOf } from "./graphql";

const ENDPOINT = "/graphql/";

async function csrfToken(): Promise<string> {
  let token = cookieValue(document.cookie, CSRF_COOKIE);
  if (!token) {
    // Django sets the cookie on any answer from /graphql/ (ensure_csrf_cookie).
    await send(`${ENDPOINT}?query=${encodeURIComponent("{ ok }")}`, { method: "GET" });
    token = cookieValue(document.cookie, CSRF_COOKIE);
  }
  if (!token) throw new NetworkError("No CSRF cookie from the API.");
  return token;
}

async function send(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      credentials: "same-origin",
      headers: { Accept: "application/json", ...init.headers },
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : "The network request failed.");
  }
  if (!response.ok) throw new NetworkError(`The API answered ${response.status}.`, response.status);
  return response;
}

/** Run an operation from the browser (queries and mutations alike, as a POST). */
export async function request<TResult, TVariables>(
  document: Document<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] | [TVariables] : [TVariables]
): Promise<TResult> {
  const token = await csrfToken();
  const response = await send(ENDPOINT, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": token },
    body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
  });
  let body: GraphQLBody<TResult>;
  try {
    body = (await response.json()) as GraphQLBody<TResult>;
  } catch {
    throw new NetworkError("The API's answer was not JSON.");
  }
  return resultOf(body);
}
