/**
 * Stripe.js in the browser: loaded once from a configurable address (STRIPE_JS_URL: Stripe's own, or localstripe's
 * fake in the browser tests and `make run`), a card Element, and the card turned into something the API charges.
 *
 * The API takes a PaymentMethod id (`pm_…`) or a card token (`tok_…`, turned into a PaymentMethod by the server).
 * Stripe's own Stripe.js gives a PaymentMethod (`createPaymentMethod`); localstripe's fake only implements
 * `createToken` (its `createPaymentMethod` resolves to nothing), so that is the fallback.
 */
export const DEFAULT_STRIPE_JS_URL = "https://js.stripe.com/v3/";

type StripeError = { message?: string; code?: string } | null | undefined;

/** What the card Element says as the donor types (real Stripe.js); localstripe's fake calls it with nothing. */
export type CardChange = { error?: StripeError; complete?: boolean; empty?: boolean };

export type CardElement = {
  mount(target: HTMLElement): void;
  destroy(): void;
  focus?(): void;
  on(event: "change", handler: (event?: CardChange) => void): void;
};

/** The Payment Request Button (Apple Pay / Google Pay); its click may be prevented (e.g. an invalid amount). */
export type PaymentRequestButtonElement = {
  mount(target: HTMLElement): void;
  destroy(): void;
  on(event: "click", handler: (event: { preventDefault(): void }) => void): void;
};

export type StripeInstance = {
  elements(): {
    create(type: "card", options?: object): CardElement;
    create(type: "paymentRequestButton", options: { paymentRequest: unknown; style?: object }): PaymentRequestButtonElement;
  };
  createPaymentMethod?(data: { type: "card"; card: CardElement }): Promise<
    { paymentMethod?: { id: string }; error?: StripeError } | undefined
  >;
  createToken(card: CardElement): Promise<{ token?: { id: string }; error?: StripeError }>;
  confirmCardPayment(clientSecret: string): Promise<{ paymentIntent?: { status: string }; error?: StripeError }>;
  confirmCardSetup(
    clientSecret: string,
    data: { payment_method: { card: CardElement } },
  ): Promise<{ setupIntent?: { status: string; payment_method?: string | { id: string } }; error?: StripeError }>;
};

declare global {
  interface Window {
    Stripe?: (publishableKey: string) => StripeInstance;
  }
}

const loading = new Map<string, Promise<void>>();

function loadScript(src: string): Promise<void> {
  let promise = loading.get(src);
  if (!promise) {
    promise = new Promise<void>((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => {
        loading.delete(src);
        reject(new Error("Stripe.js could not be loaded."));
      };
      document.head.appendChild(script);
    });
    loading.set(src, promise);
  }
  return promise;
}

/** Stripe.js for this publishable key, loading the script on first use. */
export async function loadStripe(scriptUrl: string, publishableKey: string): Promise<StripeInstance> {
  if (!window.Stripe) await loadScript(scriptUrl || DEFAULT_STRIPE_JS_URL);
  if (!window.Stripe) throw new Error("Stripe.js did not start.");
  return window.Stripe(publishableKey);
}

export class CardProblem extends Error {}

/** The card as the API takes it: a PaymentMethod id where Stripe.js makes one, else a card token. */
export async function cardForApi(stripe: StripeInstance, card: CardElement): Promise<string> {
  const made = await stripe.createPaymentMethod?.({ type: "card", card });
  if (made?.paymentMethod?.id) return made.paymentMethod.id;
  if (made?.error) throw new CardProblem(made.error.message ?? "");
  const { token, error } = await stripe.createToken(card);
  if (token?.id) return token.id;
  throw new CardProblem(error?.message ?? "");
}

/** A new random key for one payment attempt (kept for retries of that same attempt). */
export function newRequestKey(): string {
  return crypto.randomUUID();
}
