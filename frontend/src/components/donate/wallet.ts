/**
 * Apple Pay and Google Pay through Stripe's Payment Request Button (Stripe.js `paymentRequest`): what to ask the
 * browser for, whether to offer it, and one payment made with the PaymentMethod the wallet gives. The button is
 * shown only where Stripe.js says the browser has one of these wallets ready; the card form stays for everyone.
 * localstripe's fake Stripe.js has no `paymentRequest`, so the browser tests pay by card and these are unit-tested.
 */
import type { Outcome } from "@/lib/graphql";
import type { StripeInstance } from "@/lib/stripe";

import type { StartedPayment } from "./cardPayment";

/** The wallets offered: a browser-saved card and Link would only repeat the card form below. */
export const OFFERED_WALLETS = ["applePay", "googlePay"] as const;
const DISABLED_WALLETS = ["link", "browserCard"];

export type PaymentRequestItem = { amount: number; label: string };
export type PaymentRequestOptions = {
  country: string;
  currency: string;
  total: PaymentRequestItem;
  requestPayerName: boolean;
  requestPayerEmail: boolean;
  disableWallets: string[];
};

export type WalletPaymentEvent = {
  paymentMethod: { id: string };
  payerName?: string;
  payerEmail?: string;
  walletName?: string;
  complete(status: "success" | "fail"): void;
};

export type PaymentRequest = {
  canMakePayment(): Promise<Record<string, boolean> | null>;
  update(options: { currency?: string; total?: PaymentRequestItem }): void;
  isShowing?(): boolean;
  on(event: "paymentmethod", handler: (event: WalletPaymentEvent) => void): void;
  on(event: "cancel", handler: () => void): void;
};

/**
 * A decimal amount in major units ("12.50") as the integer of minor units Stripe wants (1250), by the currency's
 * number of decimals (0 for JPY, 3 for BHD), without floating point. Null for something that is not an amount.
 */
export function toMinorUnits(amount: string, decimals: number): number | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return null;
  const [, whole = "0", fraction = ""] = match;
  if (fraction.length > decimals) return null;
  const minor = Number(whole + fraction.padEnd(decimals, "0"));
  return Number.isSafeInteger(minor) ? minor : null;
}

export type WalletGift = {
  amount: string; // major units, before any covered fee
  fee?: string | null; // the covered fee (coverFeesAmount), when the donor covers it
  currency: string;
  decimals: number;
  country: string;
  label: string; // what the wallet's sheet says the payment is for
  askPayer: boolean; // signed out: the wallet gives the donor's name and email for the receipt
};

/** The options for `stripe.paymentRequest`, or null when the amount cannot be paid (not a valid amount). */
export function paymentRequestOptions(gift: WalletGift): PaymentRequestOptions | null {
  const gifted = toMinorUnits(gift.amount, gift.decimals);
  const fee = gift.fee ? toMinorUnits(gift.fee, gift.decimals) : 0;
  if (gifted === null || gifted <= 0 || fee === null) return null;
  const amount = gifted + fee;
  return {
    country: gift.country.toUpperCase(),
    currency: gift.currency.toLowerCase(),
    total: { amount, label: gift.label },
    requestPayerName: gift.askPayer,
    requestPayerEmail: gift.askPayer,
    disableWallets: [...DISABLED_WALLETS],
  };
}

/** Whether to show the wallet button: Stripe.js can make payment requests and says Apple Pay or Google Pay is ready. */
export function walletOffered(result: Record<string, boolean> | null | undefined): boolean {
  return Boolean(result && OFFERED_WALLETS.some((wallet) => result[wallet]));
}

/** Whether this Stripe.js has Payment Request at all (Stripe's has; localstripe's fake has not). */
export function canRequestPayment(stripe: StripeInstance): stripe is StripeInstance & {
  paymentRequest(options: PaymentRequestOptions): PaymentRequest;
} {
  return typeof (stripe as { paymentRequest?: unknown }).paymentRequest === "function";
}

/** The donor the wallet names (signed out): its payer's name split into given and family names, and email. */
export function walletDonor(event: Pick<WalletPaymentEvent, "payerName" | "payerEmail">) {
  const [givenName = "", ...rest] = (event.payerName ?? "").trim().split(/\s+/);
  return { givenName, familyName: rest.join(" "), email: (event.payerEmail ?? "").trim() };
}

export type WalletTexts = { authenticationFailed: string };

/**
 * One payment with the wallet's PaymentMethod: the form's start mutation charges it; the wallet's sheet is told
 * the outcome (it closes on success and shows a failure); a bank that asks for authentication is answered with
 * Stripe.js's `confirmCardPayment`, as with a card.
 */
export function walletPaymentAttempt<TStarted extends StartedPayment>(
  event: WalletPaymentEvent,
  stripe: StripeInstance,
  start: (paymentMethodId: string) => Promise<Outcome<TStarted>>,
  texts: WalletTexts,
): () => Promise<Outcome<TStarted>> {
  let told = false;
  const tell = (status: "success" | "fail") => {
    if (!told) event.complete(status);
    told = true;
  };
  return async () => {
    let outcome: Outcome<TStarted>;
    try {
      outcome = await start(event.paymentMethod.id);
    } catch (error) {
      tell("fail");
      throw error;
    }
    tell(outcome.ok ? "success" : "fail");
    if (!outcome.ok || outcome.value.status !== "REQUIRES_ACTION") return outcome;
    const confirmed = await stripe.confirmCardPayment(outcome.value.clientSecret ?? "");
    if (confirmed.error || confirmed.paymentIntent?.status !== "succeeded") {
      return { ok: false, problems: { fields: {}, form: [texts.authenticationFailed] }, codes: [] };
    }
    return { ok: true, value: { ...outcome.value, status: "PROCESSING" } };
  };
}
