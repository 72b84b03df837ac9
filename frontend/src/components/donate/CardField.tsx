"use client";
/** The Stripe card Element inside a labelled group, with its load failure and card errors shown beside it. */
import { useEffect, useId, useRef, useState } from "react";

import { useI18n } from "@/i18n/client";
import { type CardElement, type StripeInstance, loadStripe } from "@/lib/stripe";

export type StripeCard = { stripe: StripeInstance; card: CardElement };

export function CardField({
  scriptUrl,
  publishableKey,
  onReady,
  errors = [],
}: {
  scriptUrl: string;
  publishableKey: string;
  onReady: (ready: StripeCard | null) => void;
  errors?: readonly string[];
}) {
  const { t } = useI18n();
  const id = useId();
  const target = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    let card: CardElement | null = null;
    let cancelled = false;
    loadStripe(scriptUrl, publishableKey)
      .then((stripe) => {
        if (cancelled || !target.current) return;
        card = stripe.elements().create("card", { hidePostalCode: true });
        card.mount(target.current);
        onReady({ stripe, card });
      })
      .catch(() => setFailed(true));
    return () => {
      cancelled = true;
      card?.destroy();
      onReady(null);
    };
  }, [scriptUrl, publishableKey, onReady]);

  const messages = failed ? [t.donate.cardLoadFailed, ...errors] : errors;
  return (
    <div role="group" aria-labelledby={`${id}-label`} aria-describedby={`${id}-hint`}>
      <p className="label" id={`${id}-label`}>
        {t.donate.card}
      </p>
      <p className="hint" id={`${id}-hint`}>
        {t.donate.cardHint}
      </p>
      <div className="card-element" data-testid="card-element" ref={target} />
      {messages.length ? (
        <p className="field-error" role="alert">
          {messages.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
