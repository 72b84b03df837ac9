import { describe, expect, it } from "vitest";

import { cookieValue } from "./csrf";
import { GraphQLErrors, outcomeOf, problemsFrom, resultOf } from "./graphql";

describe("problemsFrom", () => {
  it("files field errors by field and keeps the rest for the form", () => {
    const problems = problemsFrom([
      { field: "primaryPhone", code: "invalid", message: "Enter a valid phone number." },
      { field: "primaryAddress.postalCode", code: "invalid", message: "Bad postcode." },
      { field: "primaryPhone", code: "other", message: "Second message." },
      { field: null, code: "invalid_credentials", message: "Wrong email or password." },
    ]);
    expect(problems.fields).toEqual({
      primaryPhone: ["Enter a valid phone number.", "Second message."],
      "primaryAddress.postalCode": ["Bad postcode."],
    });
    expect(problems.form).toEqual(["Wrong email or password."]);
  });
});

describe("outcomeOf", () => {
  type Payload = { __typename: "Viewer"; signedIn: boolean } | { __typename: "OperationInfo"; messages: { field: string | null; code: string | null; message: string }[] };

  it("passes the success type through", () => {
    const payload = { __typename: "Viewer", signedIn: true } as Payload;
    expect(outcomeOf(payload, "Viewer")).toEqual({ ok: true, value: payload });
  });

  it("turns OperationInfo into problems and codes", () => {
    const payload = {
      __typename: "OperationInfo",
      messages: [{ field: "email", code: "unverified", message: "Confirm first." }],
    } as Payload;
    expect(outcomeOf(payload, "Viewer")).toEqual({
      ok: false,
      problems: { fields: { email: ["Confirm first."] }, form: [] },
      codes: ["unverified"],
    });
  });
});

describe("resultOf", () => {
  it("throws top-level GraphQL errors", () => {
    expect(() => resultOf({ errors: [{ message: "No." }] })).toThrow(GraphQLErrors);
    expect(resultOf({ data: { ok: true } })).toEqual({ ok: true });
  });
});

describe("cookieValue", () => {
  it("finds Django's CSRF cookie among others", () => {
    expect(cookieValue("locale=th; csrftoken=abc%3D; sessionid=x", "csrftoken")).toBe("abc=");
    expect(cookieValue("locale=th", "csrftoken")).toBeNull();
  });
});
