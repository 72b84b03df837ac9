"use client";
/**
 * Apple Pay / Google Pay: Stripe's Payment Request Button, shown only once Stripe.js says the browser has one of
 * them ready (`canMakePayment`); otherwise nothing is rendered and the card form below is the way to pay. The
 * request follows the form's amount, currency and frequency; pressing the button first runs the form's checks.
 */
import { useEffect, useRef, useState } from "react";

import { useI18n } from "@/i18n/client";
import type { Outcome } from "@/lib/graphql";
import type { PaymentRequestButtonElement, StripeInstance } from "@/lib/stripe";

import type { StartedPayment } from "./cardPayment";
import {
  type PaymentRequest,
  type WalletGift,
  canRequestPayment,
  paymentRequestOptions,
  walletDonor,
  walletOffered,
  walletPaymentAttempt,
} from "./wallet";
import styles from "./WalletButton.module.css";

type Start<T> = (paymentMethodId: string) => Promise<Outcome<T>>;

export function WalletButton<TStarted extends StartedPayment>({
  stripe,
  gift,
  allowed,
  onPayment,
  disabled,
}: {
  stripe: StripeInstance;
  gift: WalletGift;
  /** The form's checks, run when the button is pressed: false keeps the wallet's sheet closed. */
  allowed: () => boolean;
  onPayment: (
    attempt: (start: Start<TStarted>) => () => Promise<Outcome<TStarted>>,
    donor: ReturnType<typeof walletDonor>,
  ) => void;
  disabled: boolean;
}) {
  const { t } = useI18n();
  const target = useRef<HTMLDivElement>(null);
  const [paymentRequest, setPaymentRequest] = useState<PaymentRequest | null>(null);
  const options = paymentRequestOptions(gift);
  const latest = useRef({ allowed, onPayment, disabled, texts: t.donate, options });
  useEffect(() => {
    latest.current = { allowed, onPayment, disabled, texts: t.donate, options };
  });
  const canStart = options !== null;

  // One payment request per Stripe.js instance, made once the amount is payable, kept only if a wallet is ready.
  useEffect(() => {
    const first = latest.current.options;
    if (!canStart || !first || !canRequestPayment(stripe)) return;
    let cancelled = false;
    const request = stripe.paymentRequest(first);
    request.on("paymentmethod", (event) => {
      latest.current.onPayment(
        (start) => walletPaymentAttempt(event, stripe, start, latest.current.texts),
        walletDonor(event),
      );
    });
    request
      .canMakePayment()
      .then((result) => {
        if (!cancelled && walletOffered(result)) setPaymentRequest(request);
      })
      .catch(() => undefined); // no wallet: the card form is there
    return () => {
      cancelled = true;
    };
  }, [stripe, canStart]);

  // The button itself, once there is a wallet to offer.
  useEffect(() => {
    if (!paymentRequest || !target.current) return;
    const button: PaymentRequestButtonElement = stripe.elements().create("paymentRequestButton", {
      paymentRequest,
      style: { paymentRequestButton: { type: "donate", height: "44px" } },
    });
    button.on("click", (event) => {
      if (latest.current.disabled || !latest.current.allowed()) event.preventDefault();
    });
    button.mount(target.current);
    return () => button.destroy();
  }, [paymentRequest, stripe]);

  // The sheet shows what the form says now: amount (with a covered fee), currency and how often.
  const key = options ? `${options.currency}:${options.total.amount}:${options.total.label}` : "";
  useEffect(() => {
    if (!paymentRequest || !options || paymentRequest.isShowing?.()) return;
    paymentRequest.update({ currency: options.currency, total: options.total });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `options`, a new object each render
  }, [paymentRequest, key]);

  if (!paymentRequest) return null;
  return (
    <div className={styles.wallet} data-testid="wallet">
      <p className="label">{t.give.walletHeading}</p>
      <div ref={target} className={styles.button} />
      <p className={styles.or}>{t.give.walletOr}</p>
    </div>
  );
}
