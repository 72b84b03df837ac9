import { describe, expect, it, vi } from "vitest";

import type { Outcome } from "@/lib/graphql";
import type { CardElement, StripeInstance } from "@/lib/stripe";

import type { StripeCard } from "./CardField";
import { type StartedPayment, cardPaymentAttempt } from "./cardPayment";

type Started = StartedPayment & { gift: { id: string } };

const texts = {
  cardLoadFailed: "The card form could not be loaded.",
  cardInvalid: "Check the card details.",
  authenticationFailed: "Your bank did not confirm the payment.",
};

function fakeCard(confirm: StripeInstance["confirmCardPayment"] = vi.fn()): StripeCard {
  const stripe = {
    elements: vi.fn(),
    createPaymentMethod: vi.fn(async () => ({ paymentMethod: { id: "pm_123" } })),
    createToken: vi.fn(),
    confirmCardPayment: vi.fn(confirm),
    confirmCardSetup: vi.fn(),
  } as StripeInstance;
  return { stripe, card: {} as CardElement };
}

function started(status: Started["status"], clientSecret: string | null = null): Outcome<Started> {
  return { ok: true, value: { status, clientSecret, gift: { id: "gift-1" } } };
}

describe("cardPaymentAttempt", () => {
  it("returns a payment the start mutation completed, without asking Stripe.js to confirm it", async () => {
    const ready = fakeCard();
    const start = vi.fn(async () => started("SUCCEEDED"));
    const outcome = await cardPaymentAttempt(() => ready, start, texts)();
    expect(start).toHaveBeenCalledWith("pm_123");
    expect(outcome).toEqual(started("SUCCEEDED"));
    expect(ready.stripe.confirmCardPayment).not.toHaveBeenCalled();
  });

  it("confirms a payment that requires action and reports it as processing", async () => {
    const ready = fakeCard(async () => ({ paymentIntent: { status: "succeeded" } }));
    const start = vi.fn(async () => started("REQUIRES_ACTION", "pi_123_secret_456"));
    const outcome = await cardPaymentAttempt(() => ready, start, texts)();
    expect(ready.stripe.confirmCardPayment).toHaveBeenCalledWith("pi_123_secret_456");
    expect(outcome).toEqual({ ok: true, value: { status: "PROCESSING", clientSecret: "pi_123_secret_456", gift: { id: "gift-1" } } });
  });

  it.each([
    ["Stripe.js reports an error", { error: { message: "Authentication failed." } }],
    ["the payment is not succeeded", { paymentIntent: { status: "requires_payment_method" } }],
  ])("reports a failed authentication when %s", async (_, answer) => {
    const ready = fakeCard(async () => answer);
    const start = vi.fn(async () => started("REQUIRES_ACTION", "pi_123_secret_456"));
    const outcome = await cardPaymentAttempt(() => ready, start, texts)();
    expect(outcome).toEqual({ ok: false, problems: { fields: {}, form: [texts.authenticationFailed] }, codes: [] });
  });

  it("returns the start mutation's field errors as they are", async () => {
    const ready = fakeCard();
    const refused: Outcome<Started> = {
      ok: false,
      problems: { fields: { amount: ["Give at least $5.00."] }, form: [] },
      codes: ["min_value"],
    };
    const outcome = await cardPaymentAttempt(() => ready, vi.fn(async () => refused), texts)();
    expect(outcome).toBe(refused);
    expect(ready.stripe.confirmCardPayment).not.toHaveBeenCalled();
  });

  it("reports a card form that did not load, without starting a payment", async () => {
    const start = vi.fn();
    const outcome = await cardPaymentAttempt(() => null, start, texts)();
    expect(outcome).toEqual({ ok: false, problems: { fields: { paymentMethod: [texts.cardLoadFailed] }, form: [] }, codes: [] });
    expect(start).not.toHaveBeenCalled();
  });

  it("reports Stripe.js's card error, or a generic one when it gives no message", async () => {
    const start = vi.fn();
    for (const [message, shown] of [["Your card number is incomplete.", "Your card number is incomplete."], ["", texts.cardInvalid]]) {
      const ready = fakeCard();
      ready.stripe.createPaymentMethod = vi.fn(async () => ({ error: { message } }));
      const outcome = await cardPaymentAttempt(() => ready, start, texts)();
      expect(outcome).toEqual({ ok: false, problems: { fields: { paymentMethod: [shown] }, form: [] }, codes: [] });
    }
    expect(start).not.toHaveBeenCalled();
  });

  it("sends the same PaymentMethod when the attempt is tried again", async () => {
    const ready = fakeCard();
    const start = vi
      .fn<(paymentMethodId: string) => Promise<Outcome<Started>>>()
      .mockRejectedValueOnce(new Error("network"))
      .mockResolvedValueOnce(started("SUCCEEDED"));
    const attempt = cardPaymentAttempt(() => ready, start, texts);
    await expect(attempt()).rejects.toThrow("network");
    await expect(attempt()).resolves.toEqual(started("SUCCEEDED"));
    expect(ready.stripe.createPaymentMethod).toHaveBeenCalledTimes(1);
    expect(start.mock.calls).toEqual([["pm_123"], ["pm_123"]]);
  });
});
