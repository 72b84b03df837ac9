import { describe, expect, it } from "vitest";

import en from "@/i18n/messages/en";

import {
  type CardState,
  type DonationValues,
  amountProblem,
  compareDecimal,
  donationProblems,
  fieldProblem,
  normaliseAmount,
} from "./validation";

const texts = { ...en.give, cardLoadFailed: en.donate.cardLoadFailed };
const usd = { decimals: 2, minimum: "5.00", maximum: "100000.00" };
const jpy = { decimals: 0, minimum: "500", maximum: "10000000" };
const money = (amount: string) => `$${amount}`;
const emptyCard: CardState = { loaded: true, failed: false, empty: true, complete: false };

function values(overrides: Partial<DonationValues> = {}): DonationValues {
  return {
    amount: "",
    tribute: false,
    tributeName: "",
    notifyEmail: "",
    signedIn: false,
    givenName: "",
    email: "",
    card: emptyCard,
    ...overrides,
  };
}

describe("amountProblem", () => {
  it.each([
    ["", texts.amountRequired],
    ["abc", texts.amountInvalid],
    ["-5", texts.amountInvalid],
    ["1e3", texts.amountInvalid],
    ["12.505", "Use at most 2 digits after the decimal point."],
    ["4.99", "Give at least $5.00."],
    ["100000.01", "Give at most $100000.00 online; for a larger gift, please contact us."],
  ])("refuses %j", (typed, expected) => {
    expect(amountProblem(typed, usd, texts, money)).toBe(expected);
  });

  it.each(["5", "5.00", "12,50", " 25 ", "100000"])("accepts %j", (typed) => {
    expect(amountProblem(typed, usd, texts, money)).toBeNull();
  });

  it("asks for a whole amount in a currency without decimals, and checks its own minimum", () => {
    expect(amountProblem("500.5", jpy, texts, money)).toBe(texts.amountWhole);
    expect(amountProblem("499", jpy, texts, money)).toBe("Give at least $500.");
    expect(amountProblem("500", jpy, texts, money)).toBeNull();
  });
});

describe("compareDecimal", () => {
  it("compares exactly, whatever the number of decimals", () => {
    expect(compareDecimal("4.99", "5.00")).toBe(-1);
    expect(compareDecimal("5", "5.00")).toBe(0);
    expect(compareDecimal("10.1", "9.99")).toBe(1);
    expect(compareDecimal("0.30", "0.3")).toBe(0);
    expect(compareDecimal("007", "7")).toBe(0);
  });

  it("normalises what donors type", () => {
    expect(normaliseAmount(" 12,50 ")).toBe("12.50");
  });
});

describe("donationProblems", () => {
  it("finds every problem of an empty signed-out form at once, in the form's order", () => {
    expect(donationProblems(values(), usd, texts, money)).toEqual({
      amount: [texts.amountRequired],
      "donor.givenName": [texts.givenNameRequired],
      "donor.email": [texts.emailRequired],
      paymentMethod: [texts.cardRequired],
    });
  });

  it("asks a signed-in donor for no name or email", () => {
    expect(donationProblems(values({ signedIn: true, amount: "25" }), usd, texts, money)).toEqual({
      paymentMethod: [texts.cardRequired],
    });
  });

  it("checks the tribute only when there is one", () => {
    const tribute = values({ amount: "25", givenName: "Ploy", email: "ploy@example.org", card: { ...emptyCard, empty: false, complete: true } });
    expect(donationProblems(tribute, usd, texts, money)).toEqual({});
    expect(donationProblems({ ...tribute, tribute: true, notifyEmail: "not-an-address" }, usd, texts, money)).toEqual({
      "tribute.name": [texts.tributeNameRequired],
      "tribute.notifyEmail": [texts.notifyEmailInvalid],
    });
  });

  it("leaves out the fields a wallet brings", () => {
    expect(donationProblems(values({ amount: "25" }), usd, texts, money, ["paymentMethod", "donor.givenName", "donor.email"])).toEqual({});
  });

  it.each(["name", "name@", "@example.org", "name@example", "a b@example.org"])("refuses the email address %j", (email) => {
    expect(fieldProblem("donor.email", values({ email }), usd, texts, money)).toBe(texts.emailInvalid);
  });
});

describe("the card's problem, known without asking Stripe", () => {
  it.each<[string, CardState, string | null]>([
    ["still loading", { loaded: false, failed: false, empty: true, complete: null }, texts.cardLoading],
    ["failed to load", { loaded: false, failed: true, empty: true, complete: null }, en.donate.cardLoadFailed],
    ["empty", emptyCard, texts.cardRequired],
    ["incomplete", { loaded: true, failed: false, empty: false, complete: false }, texts.cardIncomplete],
    ["refused by Stripe.js", { loaded: true, failed: false, empty: false, complete: false, error: "Your card number is invalid." }, "Your card number is invalid."],
    ["complete", { loaded: true, failed: false, empty: false, complete: true }, null],
    ["typed into a Stripe.js that does not say", { loaded: true, failed: false, empty: false, complete: null }, null],
  ])("%s", (_, card, expected) => {
    expect(fieldProblem("paymentMethod", values({ card }), usd, texts, money)).toBe(expected);
  });
});
