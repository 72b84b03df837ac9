/**
 * The donate form's checks, made in the browser before anything is sent to Stripe or the API: every field at once,
 * with the same bounds the server enforces (`donationOptions.currencies`: each currency's minimum, maximum and
 * decimals). The server checks again; these only spare the donor a round trip and a card tokenisation.
 */
import type { Messages } from "@/i18n/messages";

/** The fields checked here, keyed as the API's field errors are (so one map holds both). */
export const DONATION_FIELDS = [
  "amount",
  "tribute.name",
  "tribute.notifyEmail",
  "donor.givenName",
  "donor.email",
  "paymentMethod",
] as const;
export type DonationField = (typeof DONATION_FIELDS)[number];
export type FieldErrors = Partial<Record<DonationField, string[]>>;

export type AmountBounds = { decimals: number; minimum: string; maximum: string };

/** What the card Element last told us: nothing yet (empty), complete or not, or its own error message. */
export type CardState = { loaded: boolean; failed: boolean; empty: boolean; complete: boolean | null; error?: string };

export type DonationValues = {
  amount: string;
  tribute: boolean;
  tributeName: string;
  notifyEmail: string;
  signedIn: boolean;
  givenName: string;
  email: string;
  card: CardState;
};

export type ValidationTexts = Messages["give"] & Pick<Messages["donate"], "cardLoadFailed">;

// The address's shape only (something@domain.tld): the server and the mail system judge the rest.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const NUMBER = /^\d+(\.\d+)?$/;

/** A typed amount in the API's form ("12.50"): spaces dropped, a decimal comma read as a point. */
export function normaliseAmount(typed: string): string {
  return typed.replace(/\s/g, "").replace(",", ".");
}

/** Compare two non-negative decimal strings exactly (no floating point): -1, 0 or 1. */
export function compareDecimal(a: string, b: string): number {
  const [aWhole = "0", aFraction = ""] = a.split(".");
  const [bWhole = "0", bFraction = ""] = b.split(".");
  const width = Math.max(aFraction.length, bFraction.length);
  const left = BigInt((aWhole.replace(/^0+(?=\d)/, "") || "0") + aFraction.padEnd(width, "0"));
  const right = BigInt((bWhole.replace(/^0+(?=\d)/, "") || "0") + bFraction.padEnd(width, "0"));
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The problem with an amount, if any: missing, not a number, too many decimals, below the minimum, above the maximum. */
export function amountProblem(
  typed: string,
  bounds: AmountBounds | undefined,
  texts: ValidationTexts,
  money: (amount: string) => string,
): string | null {
  const amount = normaliseAmount(typed);
  if (!amount) return texts.amountRequired;
  if (!NUMBER.test(amount)) return texts.amountInvalid;
  if (!bounds) return null;
  const decimals = amount.split(".")[1]?.length ?? 0;
  if (decimals > bounds.decimals) {
    return bounds.decimals === 0 ? texts.amountWhole : texts.amountDecimals.replace("{count}", String(bounds.decimals));
  }
  if (compareDecimal(amount, bounds.minimum) < 0) return texts.amountMinimum.replace("{minimum}", money(bounds.minimum));
  if (compareDecimal(amount, bounds.maximum) > 0) return texts.amountMaximum.replace("{maximum}", money(bounds.maximum));
  return null;
}

/** The card's problem, if any, known without asking Stripe to tokenise it. */
export function cardProblem(card: CardState, texts: ValidationTexts): string | null {
  if (card.failed) return texts.cardLoadFailed;
  if (!card.loaded) return texts.cardLoading;
  if (card.error) return card.error;
  if (card.empty) return texts.cardRequired;
  if (card.complete === false) return texts.cardIncomplete;
  return null; // complete, or a Stripe.js that does not say (localstripe's): tokenising it will tell
}

/** One field's problem (for checking it as the donor leaves it). */
export function fieldProblem(
  field: DonationField,
  values: DonationValues,
  bounds: AmountBounds | undefined,
  texts: ValidationTexts,
  money: (amount: string) => string,
): string | null {
  switch (field) {
    case "amount":
      return amountProblem(values.amount, bounds, texts, money);
    case "tribute.name":
      return values.tribute && !values.tributeName.trim() ? texts.tributeNameRequired : null;
    case "tribute.notifyEmail": {
      const email = values.notifyEmail.trim();
      return values.tribute && email && !EMAIL.test(email) ? texts.notifyEmailInvalid : null;
    }
    case "donor.givenName":
      return !values.signedIn && !values.givenName.trim() ? texts.givenNameRequired : null;
    case "donor.email": {
      if (values.signedIn) return null;
      const email = values.email.trim();
      if (!email) return texts.emailRequired;
      return EMAIL.test(email) ? null : texts.emailInvalid;
    }
    case "paymentMethod":
      return cardProblem(values.card, texts);
  }
}

/** Every field's problem at once, in the form's order; `skip` leaves fields out (a wallet brings its own card). */
export function donationProblems(
  values: DonationValues,
  bounds: AmountBounds | undefined,
  texts: ValidationTexts,
  money: (amount: string) => string,
  skip: readonly DonationField[] = [],
): FieldErrors {
  const problems: FieldErrors = {};
  for (const field of DONATION_FIELDS) {
    if (skip.includes(field)) continue;
    const problem = fieldProblem(field, values, bounds, texts, money);
    if (problem) problems[field] = [problem];
  }
  return problems;
}
