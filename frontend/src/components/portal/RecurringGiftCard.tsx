"use client";
/**
 * One recurring gift in the portal: its amount, schedule and card, and what the donor may do with it: change the
 * amount, pause or resume, skip the next payment, cancel (after a confirmation), or change the card (a SetupIntent
 * from the API, confirmed by Stripe.js with the card Element, then finishCardUpdate).
 */
import { useId, useState } from "react";

import { Field, FormStatus, useHydrated, useSubmission } from "@/components/forms";
import { CardField } from "@/components/donate/CardField";
import { useStripeCard } from "@/components/donate/cardPayment";
import {
  CancelRecurringGiftDocument,
  FinishCardUpdateDocument,
  PauseRecurringGiftDocument,
  type RecurringGiftFieldsFragment,
  ResumeRecurringGiftDocument,
  SkipRecurringGiftDocument,
  StartCardUpdateDocument,
  UpdateRecurringGiftDocument,
} from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { formatDate, formatMoney, interpolate } from "@/i18n/format";
import { request } from "@/lib/client";
import { type Outcome, outcomeOf } from "@/lib/graphql";

type Gift = RecurringGiftFieldsFragment;

function failure(message: string): Outcome<Gift> {
  return { ok: false, problems: { fields: {}, form: [message] }, codes: [] };
}

export function RecurringGiftCard({
  initial,
  publishableKey,
  stripeJsUrl,
}: {
  initial: Gift;
  publishableKey: string;
  stripeJsUrl: string;
}) {
  const { t, locale } = useI18n();
  const hydrated = useHydrated();
  const headingId = useId();
  const [gift, setGift] = useState(initial);
  const [saved, setSaved] = useState(false);
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const [changingCard, setChangingCard] = useState(false);
  const { stripeCard, onCardReady } = useStripeCard();
  const { busy, problems, networkFailed, run, retry } = useSubmission<Gift>();

  const done = (value: Gift) => {
    setGift(value);
    setSaved(true);
    setConfirmingCancel(false);
    setChangingCard(false);
  };
  const act = (attempt: () => Promise<Outcome<Gift>>) => {
    setSaved(false);
    return run(attempt, done);
  };
  const id = gift.id;
  const live = gift.status !== "CANCELLED";

  async function changeAmount(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const amount = String(new FormData(event.currentTarget).get("amount") ?? "").trim();
    await act(async () =>
      outcomeOf((await request(UpdateRecurringGiftDocument, { input: { id, amount } })).updateRecurringGift, "RecurringGift"),
    );
  }

  async function cancel(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "").trim();
    await act(async () =>
      outcomeOf((await request(CancelRecurringGiftDocument, { id, reason })).cancelRecurringGift, "RecurringGift"),
    );
  }

  async function saveCard(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await act(async () => {
      const ready = stripeCard.current;
      if (!ready) return failure(t.donate.cardLoadFailed);
      const started = outcomeOf((await request(StartCardUpdateDocument, { id })).startCardUpdate, "CardSetup");
      if (!started.ok) return started;
      const confirmed = await ready.stripe.confirmCardSetup(started.value.clientSecret, {
        payment_method: { card: ready.card },
      });
      if (confirmed.error || confirmed.setupIntent?.status !== "succeeded") {
        return failure(confirmed.error?.message || t.donate.cardInvalid);
      }
      const finished = await request(FinishCardUpdateDocument, { id, setupIntentId: started.value.setupIntentId });
      return outcomeOf(finished.finishCardUpdate, "RecurringGift");
    });
  }

  return (
    <section className="recurring-gift" aria-labelledby={headingId} data-recurring-id={gift.id}>
      <h3 id={headingId}>
        {interpolate(t.giving.recurringSummary, {
          amount: formatMoney(gift.amount.amount, gift.amount.currency, locale),
          frequency: t.giving.frequencies[gift.frequency],
          fund: gift.fundName,
        })}
      </h3>
      <p>
        <strong>{t.giving.statuses[gift.status]}</strong>
        {gift.pausedUntil ? ` · ${interpolate(t.giving.pausedUntil, { date: formatDate(gift.pausedUntil, locale) })}` : null}
        {live && gift.nextChargeDate
          ? ` · ${interpolate(t.giving.nextCharge, { date: formatDate(gift.nextChargeDate, locale) })}`
          : null}
        {gift.paymentMethod
          ? ` · ${interpolate(t.giving.card, { brand: gift.paymentMethod.brand, last4: gift.paymentMethod.last4 })}`
          : null}
      </p>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      <p role="status" className="meta">
        {saved ? t.giving.saved : ""}
      </p>
      {live ? (
        <div className="stack">
          {!gift.isMembershipRenewal ? (
            <form className="inline-form" onSubmit={changeAmount} noValidate>
              <Field
                name="amount"
                label={t.giving.newAmount}
                inputMode="decimal"
                type="text"
                defaultValue={gift.amount.amount}
                errors={problems.fields.amount}
              />
              <button type="submit" className="secondary" disabled={busy || !hydrated}>
                {t.giving.saveAmount}
              </button>
            </form>
          ) : null}
          <div className="actions">
            {gift.status === "PAUSED" ? (
              <button type="button" className="secondary" disabled={busy || !hydrated} onClick={() => act(async () => outcomeOf((await request(ResumeRecurringGiftDocument, { id })).resumeRecurringGift, "RecurringGift"))}>
                {t.giving.resume}
              </button>
            ) : (
              <>
                <button type="button" className="secondary" disabled={busy || !hydrated} onClick={() => act(async () => outcomeOf((await request(PauseRecurringGiftDocument, { id })).pauseRecurringGift, "RecurringGift"))}>
                  {t.giving.pause}
                </button>
                <button type="button" className="secondary" disabled={busy || !hydrated} onClick={() => act(async () => outcomeOf((await request(SkipRecurringGiftDocument, { id })).skipRecurringGift, "RecurringGift"))}>
                  {t.giving.skip}
                </button>
              </>
            )}
            <button type="button" className="secondary" disabled={busy || !hydrated} onClick={() => setChangingCard((value) => !value)} aria-expanded={changingCard}>
              {t.giving.changeCard}
            </button>
            <button type="button" className="secondary" disabled={busy || !hydrated} onClick={() => setConfirmingCancel(true)}>
              {t.giving.cancel}
            </button>
          </div>
          {changingCard ? (
            <form className="stack" onSubmit={saveCard} noValidate>
              <CardField scriptUrl={stripeJsUrl} publishableKey={publishableKey} onReady={onCardReady} />
              <div>
                <button type="submit" disabled={busy || !hydrated}>
                  {t.giving.saveCard}
                </button>
              </div>
            </form>
          ) : null}
          {confirmingCancel ? (
            <form className="stack confirm" onSubmit={cancel}>
              <p>{t.giving.cancelConfirm}</p>
              <Field name="reason" label={t.giving.cancelReason} type="text" />
              <div className="actions">
                <button type="submit" disabled={busy || !hydrated}>
                  {t.giving.confirmCancel}
                </button>
                <button type="button" className="secondary" onClick={() => setConfirmingCancel(false)}>
                  {t.giving.keep}
                </button>
              </div>
            </form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
