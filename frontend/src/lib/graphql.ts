/** What the browser and the server clients share: the document type, results and typed problems. */
import type { DocumentTypeDecoration } from "@graphql-typed-document-node/core";

export type Document<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & { toString(): string };

/** The API could not be reached or answered with something other than GraphQL (the user may retry). */
export class NetworkError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = "NetworkError";
  }
}

/** The API answered with top-level GraphQL errors (a bug in the request or a refused query). */
export class GraphQLErrors extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join("; "));
    this.name = "GraphQLErrors";
  }
}

export type GraphQLBody<TResult> = { data?: TResult | null; errors?: { message: string }[] };

export function resultOf<TResult>(body: GraphQLBody<TResult>): TResult {
  if (body.errors?.length) throw new GraphQLErrors(body.errors.map((error) => error.message));
  if (!body.data) throw new GraphQLErrors(["The API returned no data."]);
  return body.data;
}

export type ProblemMessage = { field?: string | null; code?: string | null; message: string };

/** An API mutation's typed problems, split into those about one input field and those about the whole form. */
export type Problems = { fields: Record<string, string[]>; form: string[] };

export const noProblems: Problems = { fields: {}, form: [] };

/**
 * The field errors of an `OperationInfo`, keyed by the field's input name. Nested fields come camelCased and
 * dotted (`primaryAddress.postalCode`) and are kept as they are; the form decides where to show them.
 */
export function problemsFrom(messages: readonly ProblemMessage[]): Problems {
  const problems: Problems = { fields: {}, form: [] };
  for (const { field, message } of messages) {
    if (field && field !== "__all__") {
      (problems.fields[field] ??= []).push(message);
    } else {
      problems.form.push(message);
    }
  }
  return problems;
}

/** Codes of the problems (for flows that react to one, such as `unverified`). */
export function problemCodes(messages: readonly ProblemMessage[]): string[] {
  return messages.map((message) => message.code ?? "").filter(Boolean);
}

export type Outcome<TSuccess> =
  | { ok: true; value: TSuccess }
  | { ok: false; problems: Problems; codes: string[] };

/** A mutation payload (`<Success> | OperationInfo`) as an outcome the forms can show. */
export function outcomeOf<TPayload extends { __typename: string }, TName extends TPayload["__typename"]>(
  payload: TPayload,
  successTypename: TName,
): Outcome<Extract<TPayload, { __typename: TName }>> {
  if (payload.__typename === successTypename) {
    return { ok: true, value: payload as Extract<TPayload, { __typename: TName }> };
  }
  const messages = (payload as unknown as { messages?: ProblemMessage[] }).messages ?? [];
  return { ok: false, problems: problemsFrom(messages), codes: problemCodes(messages) };
}
