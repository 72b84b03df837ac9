/**
 * GraphQL from server components: straight to Django (DJANGO_URL), as a GET (queries only: no CSRF token needed),
 * carrying the visitor's session cookie so `me` and `viewer` answer for them.
 */
import { cookies } from "next/headers";

import { type Document, type GraphQLBody, NetworkError, resultOf } from "./graphql";

export function djangoUrl(): string {
  return (process.env.DJANGO_URL ?? "http://127.0.0.1:8000").replace(/\/$/, "");
}

export async function serverQuery<TResult, TVariables>(
  document: Document<TResult, TVariables>,
  variables?: TVariables,
): Promise<TResult> {
  const params = new URLSearchParams({ query: document.toString() });
  if (variables) params.set("variables", JSON.stringify(variables));
  const cookieHeader = (await cookies())
    .getAll()
    .map(({ name, value }) => `${name}=${encodeURIComponent(value)}`)
    .join("; ");
  let response: Response;
  try {
    response = await fetch(`${djangoUrl()}/graphql/?${params}`, {
      headers: { Accept: "application/json", ...(cookieHeader ? { Cookie: cookieHeader } : {}) },
      cache: "no-store",
    });
  } catch (error) {
    throw new NetworkError(error instanceof Error ? error.message : "The API could not be reached.");
  }
  if (!response.ok) throw new NetworkError(`The API answered ${response.status}.`, response.status);
  return resultOf((await response.json()) as GraphQLBody<TResult>);
}
