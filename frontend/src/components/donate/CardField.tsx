"use client";
/**
 * The Stripe card Element inside a labelled group, with its load failure and card errors shown beside it. While
 * Stripe.js loads, the box keeps its size with a placeholder (and says so to screen readers) instead of collapsing.
 */
import { useEffect, useId, useRef, useState } from "react";

import { useI18n } from "@/i18n/client";
import { type CardChange, type CardElement, type StripeInstance, loadStripe } from "@/lib/stripe";

import styles from "./CardField.module.css";
import type { CardState } from "./validation";

export type StripeCard = { stripe: StripeInstance; card: CardElement };

export const CARD_LOADING: CardState = { loaded: false, failed: false, empty: true, complete: null };

/** The card's state after a change event: real Stripe.js tells empty/complete/error; localstripe's tells nothing. */
export function cardStateAfter(change: CardChange | undefined): CardState {
  if (!change) return { loaded: true, failed: false, empty: false, complete: null };
  return {
    loaded: true,
    failed: false,
    empty: change.empty ?? false,
    complete: change.complete ?? null,
    error: change.error?.message || undefined,
  };
}

export function CardField({
  id: givenId,
  scriptUrl,
  publishableKey,
  onReady,
  onChange,
  errors = [],
}: {
  id?: string;
  scriptUrl: string;
  publishableKey: string;
  onReady: (ready: StripeCard | null) => void;
  onChange?: (state: CardState) => void;
  errors?: readonly string[];
}) {
  const { t } = useI18n();
  const generated = useId();
  const id = givenId ?? `card${generated}`;
  const target = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"loading" | "ready" | "failed">("loading");
  const changed = useRef(onChange);
  useEffect(() => {
    changed.current = onChange;
  });

  useEffect(() => {
    let card: CardElement | null = null;
    let cancelled = false;
    loadStripe(scriptUrl, publishableKey)
      .then((stripe) => {
        if (cancelled || !target.current) return;
        card = stripe.elements().create("card", { hidePostalCode: true });
        card.on("change", (change) => changed.current?.(cardStateAfter(change)));
        card.mount(target.current);
        setState("ready");
        changed.current?.({ loaded: true, failed: false, empty: true, complete: false });
        onReady({ stripe, card });
      })
      .catch(() => {
        if (cancelled) return;
        setState("failed");
        changed.current?.({ ...CARD_LOADING, failed: true });
      });
    return () => {
      cancelled = true;
      card?.destroy();
      onReady(null);
    };
  }, [scriptUrl, publishableKey, onReady]);

  const messages = state === "failed" && !errors.length ? [t.donate.cardLoadFailed] : errors;
  const className = [
    "card-element",
    styles.element,
    state === "loading" ? styles.loading : "",
    messages.length ? styles.invalid : "",
  ].join(" ");
  return (
    <div role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-hint${messages.length ? ` ${id}-error` : ""}`}>
      <p className="label" id={`${id}-label`}>
        {t.donate.card}
      </p>
      <p className="hint" id={`${id}-hint`}>
        {t.donate.cardHint}
      </p>
      <div
        id={id}
        tabIndex={-1}
        className={className}
        data-testid="card-element"
        data-state={state}
        aria-busy={state === "loading" || undefined}
        ref={target}
      />
      {state === "loading" ? (
        <p className="visually-hidden" role="status">
          {t.give.cardLoading}
        </p>
      ) : null}
      {messages.length ? (
        <p className="field-error" id={`${id}-error`} role={state === "failed" ? "alert" : undefined}>
          {messages.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
