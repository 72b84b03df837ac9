"use client";
/**
 * Paying by card, shared by the donate and join forms: the card Element becomes a PaymentMethod (or token), the
 * form's start mutation charges it, and when the bank asks for authentication Stripe.js confirms the payment
 * with the answer's client secret. Each form keeps its own fields, start mutation and success page.
 */
import { useCallback, useRef } from "react";

import { useSubmission } from "@/components/forms";
import type { PaymentStatus } from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import type { Messages } from "@/i18n/messages";
import type { Outcome } from "@/lib/graphql";
import { CardProblem, cardForApi } from "@/lib/stripe";

import type { StripeCard } from "./CardField";

/** What a start mutation answers when the payment went ahead (`PaymentStarted`). */
export type StartedPayment = { status: PaymentStatus; clientSecret: string | null };

export type CardPaymentTexts = Pick<Messages["donate"], "cardLoadFailed" | "cardInvalid" | "authenticationFailed">;

function cardProblem<TStarted>(message: string): Outcome<TStarted> {
  return { ok: false, problems: { fields: { paymentMethod: [message] }, form: [] }, codes: [] };
}

/**
 * One payment attempt, for `useSubmission().run`. The card is turned into a PaymentMethod only once: "Try again"
 * reruns this same attempt, which sends the same PaymentMethod (and the form's same request key).
 */
export function cardPaymentAttempt<TStarted extends StartedPayment>(
  card: () => StripeCard | null,
  start: (paymentMethodId: string) => Promise<Outcome<TStarted>>,
  texts: CardPaymentTexts,
): () => Promise<Outcome<TStarted>> {
  let paymentMethodId: string | null = null;
  return async () => {
    const ready = card();
    if (!ready) return cardProblem(texts.cardLoadFailed);
    if (!paymentMethodId) {
      try {
        paymentMethodId = await cardForApi(ready.stripe, ready.card);
      } catch (error) {
        return cardProblem(error instanceof CardProblem && error.message ? error.message : texts.cardInvalid);
      }
    }
    const outcome = await start(paymentMethodId);
    if (!outcome.ok || outcome.value.status !== "REQUIRES_ACTION") return outcome;
    const confirmed = await ready.stripe.confirmCardPayment(outcome.value.clientSecret ?? "");
    if (confirmed.error || confirmed.paymentIntent?.status !== "succeeded") {
      return { ok: false, problems: { fields: {}, form: [texts.authenticationFailed] }, codes: [] };
    }
    return { ok: true, value: { ...outcome.value, status: "PROCESSING" } };
  };
}

/** The card Element of a form once Stripe.js has loaded: `onCardReady` for its `CardField`, `stripeCard` to read. */
export function useStripeCard() {
  const stripeCard = useRef<StripeCard | null>(null);
  const onCardReady = useCallback((ready: StripeCard | null) => {
    stripeCard.current = ready;
  }, []);
  return { stripeCard, onCardReady };
}

/**
 * A card payment form's state: `onCardReady` for its `CardField`, what `FormStatus` shows, and `pay`, which
 * runs one attempt with the form's start mutation and calls `onSuccess` with what it started.
 */
export function useCardPayment<TStarted extends StartedPayment>() {
  const { t } = useI18n();
  const { stripeCard, onCardReady } = useStripeCard();
  const { busy, problems, networkFailed, run, retry } = useSubmission<TStarted>();
  const pay = useCallback(
    (start: (paymentMethodId: string) => Promise<Outcome<TStarted>>, onSuccess: (started: TStarted) => void) =>
      run(cardPaymentAttempt(() => stripeCard.current, start, t.donate), onSuccess),
    [run, stripeCard, t],
  );
  return { onCardReady, busy, problems, networkFailed, retry, pay, run };
}
