import { describe, expect, it, vi } from "vitest";

import { type CardElement, CardProblem, type StripeInstance, cardForApi } from "./stripe";

const card = {} as CardElement;

function stripe(overrides: Partial<StripeInstance>): StripeInstance {
  return {
    elements: vi.fn(),
    createToken: vi.fn(async () => ({ token: { id: "tok_123" } })),
    confirmCardPayment: vi.fn(),
    confirmCardSetup: vi.fn(),
    ...overrides,
  } as StripeInstance;
}

describe("cardForApi", () => {
  it("uses the PaymentMethod Stripe.js makes", async () => {
    const createPaymentMethod = vi.fn(async () => ({ paymentMethod: { id: "pm_123" } }));
    const instance = stripe({ createPaymentMethod });
    await expect(cardForApi(instance, card)).resolves.toBe("pm_123");
    expect(instance.createToken).not.toHaveBeenCalled();
  });

  it("falls back to a token when createPaymentMethod gives nothing (localstripe's stub)", async () => {
    const instance = stripe({ createPaymentMethod: vi.fn(async () => undefined) });
    await expect(cardForApi(instance, card)).resolves.toBe("tok_123");
  });

  it("reports Stripe.js's card error instead of falling back", async () => {
    const instance = stripe({ createPaymentMethod: vi.fn(async () => ({ error: { message: "Your card number is incomplete." } })) });
    await expect(cardForApi(instance, card)).rejects.toEqual(new CardProblem("Your card number is incomplete."));
    expect(instance.createToken).not.toHaveBeenCalled();
  });

  it("reports a refused token", async () => {
    const instance = stripe({ createToken: vi.fn(async () => ({ error: { message: "Bad card" } })) });
    await expect(cardForApi(instance, card)).rejects.toBeInstanceOf(CardProblem);
  });
});
