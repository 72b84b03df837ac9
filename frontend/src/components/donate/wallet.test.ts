import { describe, expect, it, vi } from "vitest";

import type { Outcome } from "@/lib/graphql";
import type { StripeInstance } from "@/lib/stripe";

import type { StartedPayment } from "./cardPayment";
import {
  type WalletPaymentEvent,
  canRequestPayment,
  paymentRequestOptions,
  toMinorUnits,
  walletDonor,
  walletOffered,
  walletPaymentAttempt,
} from "./wallet";

const gift = { amount: "50.00", currency: "USD", decimals: 2, country: "us", label: "Gift to Steward", askPayer: true };

describe("toMinorUnits", () => {
  it.each([
    ["12.50", 2, 1250],
    ["12.5", 2, 1250],
    ["12", 2, 1200],
    ["0.07", 2, 7],
    ["500", 0, 500],
    ["1.234", 3, 1234],
    ["19.99", 2, 1999], // 19.99 * 100 is 1998.9999999999998 in floating point
  ])("%s with %i decimals is %i", (amount, decimals, minor) => {
    expect(toMinorUnits(amount, decimals)).toBe(minor);
  });

  it.each([["12.505", 2], ["500.5", 0], ["", 2], ["abc", 2], ["-1", 2]])("refuses %j with %i decimals", (amount, decimals) => {
    expect(toMinorUnits(amount, decimals)).toBeNull();
  });
});

describe("paymentRequestOptions", () => {
  it("asks for the total in minor units, the currency in lower case, the account's country and the label", () => {
    expect(paymentRequestOptions(gift)).toEqual({
      country: "US",
      currency: "usd",
      total: { amount: 5000, label: "Gift to Steward" },
      requestPayerName: true,
      requestPayerEmail: true,
      disableWallets: ["link", "browserCard"],
    });
  });

  it("adds a covered fee exactly", () => {
    expect(paymentRequestOptions({ ...gift, amount: "19.99", fee: "0.89" })?.total.amount).toBe(2088);
  });

  it("uses the currency's own exponent (JPY has none)", () => {
    const yen = paymentRequestOptions({ ...gift, amount: "3000", currency: "JPY", decimals: 0, country: "JP" });
    expect(yen?.total.amount).toBe(3000);
    expect(yen?.currency).toBe("jpy");
  });

  it("does not ask signed-in donors for their name and email", () => {
    const options = paymentRequestOptions({ ...gift, askPayer: false });
    expect([options?.requestPayerName, options?.requestPayerEmail]).toEqual([false, false]);
  });

  it.each(["", "0", "0.00", "abc", "12.505"])("gives nothing for the amount %j", (amount) => {
    expect(paymentRequestOptions({ ...gift, amount })).toBeNull();
  });
});

describe("whether the wallet button is offered", () => {
  it.each([
    [null, false],
    [undefined, false],
    [{ applePay: false, googlePay: false, link: true }, false],
    [{ browserCard: true }, false],
    [{ applePay: true, googlePay: false }, true],
    [{ applePay: false, googlePay: true }, true],
  ])("canMakePayment %j → %s", (result, offered) => {
    expect(walletOffered(result)).toBe(offered);
  });

  it("needs a Stripe.js with Payment Request (localstripe's fake has none)", () => {
    expect(canRequestPayment({} as StripeInstance)).toBe(false);
    expect(canRequestPayment({ paymentRequest: vi.fn() } as unknown as StripeInstance)).toBe(true);
  });
});

describe("walletDonor", () => {
  it("splits the payer's name into given and family names", () => {
    expect(walletDonor({ payerName: " Ploy  Srisuk Na Ayutthaya ", payerEmail: "ploy@example.org " })).toEqual({
      givenName: "Ploy",
      familyName: "Srisuk Na Ayutthaya",
      email: "ploy@example.org",
    });
    expect(walletDonor({})).toEqual({ givenName: "", familyName: "", email: "" });
  });
});

type Started = StartedPayment & { gift: { id: string } };

function event(): WalletPaymentEvent {
  return { paymentMethod: { id: "pm_wallet" }, complete: vi.fn() };
}

function stripe(confirm = vi.fn()): StripeInstance {
  return { confirmCardPayment: confirm } as unknown as StripeInstance;
}

const started = (status: Started["status"], clientSecret: string | null = null): Outcome<Started> => ({
  ok: true,
  value: { status, clientSecret, gift: { id: "gift-1" } },
});
const texts = { authenticationFailed: "Your bank did not confirm the payment." };

describe("walletPaymentAttempt", () => {
  it("charges the wallet's PaymentMethod and closes the sheet with success", async () => {
    const wallet = event();
    const start = vi.fn(async () => started("SUCCEEDED"));
    const outcome = await walletPaymentAttempt(wallet, stripe(), start, texts)();
    expect(start).toHaveBeenCalledWith("pm_wallet");
    expect(wallet.complete).toHaveBeenCalledWith("success");
    expect(outcome).toEqual(started("SUCCEEDED"));
  });

  it("tells the sheet the payment failed when the API refuses it", async () => {
    const wallet = event();
    const refused: Outcome<Started> = { ok: false, problems: { fields: {}, form: ["Your card was declined."] }, codes: ["card_declined"] };
    const outcome = await walletPaymentAttempt(wallet, stripe(), vi.fn(async () => refused), texts)();
    expect(wallet.complete).toHaveBeenCalledWith("fail");
    expect(outcome).toBe(refused);
  });

  it("closes the sheet, then lets Stripe.js authenticate a payment that requires it", async () => {
    const wallet = event();
    const confirm = vi.fn(async () => ({ paymentIntent: { status: "succeeded" } }));
    const outcome = await walletPaymentAttempt(wallet, stripe(confirm), vi.fn(async () => started("REQUIRES_ACTION", "pi_1_secret_2")), texts)();
    expect(wallet.complete).toHaveBeenCalledWith("success");
    expect(confirm).toHaveBeenCalledWith("pi_1_secret_2");
    expect(outcome).toEqual({ ok: true, value: { status: "PROCESSING", clientSecret: "pi_1_secret_2", gift: { id: "gift-1" } } });
  });

  it("reports a failed authentication", async () => {
    const confirm = vi.fn(async () => ({ error: { message: "Declined" } }));
    const outcome = await walletPaymentAttempt(event(), stripe(confirm), vi.fn(async () => started("REQUIRES_ACTION", "s")), texts)();
    expect(outcome).toEqual({ ok: false, problems: { fields: {}, form: [texts.authenticationFailed] }, codes: [] });
  });

  it("tells the sheet once, and sends the same PaymentMethod when a network failure is retried", async () => {
    const wallet = event();
    const start = vi.fn<(id: string) => Promise<Outcome<Started>>>().mockRejectedValueOnce(new Error("network")).mockResolvedValueOnce(started("SUCCEEDED"));
    const attempt = walletPaymentAttempt(wallet, stripe(), start, texts);
    await expect(attempt()).rejects.toThrow("network");
    await expect(attempt()).resolves.toEqual(started("SUCCEEDED"));
    expect(start.mock.calls).toEqual([["pm_wallet"], ["pm_wallet"]]);
    expect(wallet.complete).toHaveBeenCalledTimes(1);
    expect(wallet.complete).toHaveBeenCalledWith("fail");
  });
});
