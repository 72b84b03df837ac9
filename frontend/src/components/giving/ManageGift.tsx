"use client";
/**
 * A regular gift managed from its emailed link (`manage_link` in steward/donations/manage_links.py), by a donor who
 * may have no account: the gift, then change the amount, change the card (a SetupIntent confirmed by Stripe.js
 * with the card Element, as in the portal), pause for 1–3 months or resume, and cancel, offering a lower amount
 * first. Every call carries the token; the page reads the gift in the browser, so each use of the link is counted
 * against the visitor's own address (the API limits links that do not work per address).
 */
import Link from "next/link";
import { useEffect, useId, useState } from "react";

import { CardField } from "@/components/donate/CardField";
import { useStripeCard } from "@/components/donate/cardPayment";
import { Field, FormStatus, useHydrated, useSubmission } from "@/components/forms";
import {
  CancelManagedGiftDocument,
  FinishManagedCardUpdateDocument,
  ManagedGiftDocument,
  type ManagedGiftFieldsFragment,
  PauseManagedGiftDocument,
  ResumeManagedGiftDocument,
  StartManagedCardUpdateDocument,
  UpdateManagedGiftDocument,
} from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { formatDate, formatMoney, interpolate } from "@/i18n/format";
import { request } from "@/lib/client";
import { NetworkError, type Outcome, outcomeOf } from "@/lib/graphql";

import styles from "./ManageGift.module.css";

type Gift = ManagedGiftFieldsFragment & { __typename: "ManagedGift" };
type LinkProblem = "link_expired" | "link_revoked" | "throttled" | "link_invalid" | "network";
type CancelStep = "closed" | "offer" | "confirm";

const PAUSE_MONTHS = ["1", "2", "3"] as const;

function failure(message: string): Outcome<Gift> {
  return { ok: false, problems: { fields: {}, form: [message] }, codes: [] };
}

/** A link the API made on the site's own address, as a path (so it follows the site wherever it runs). */
function sitePath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

function linkProblem(codes: string[]): LinkProblem {
  for (const code of ["link_expired", "link_revoked", "throttled"] as const) {
    if (codes.includes(code)) return code;
  }
  return "link_invalid";
}

export function ManageGift({
  token,
  publishableKey,
  stripeJsUrl,
}: {
  token: string;
  publishableKey: string;
  stripeJsUrl: string;
}) {
  const { t, locale } = useI18n();
  const m = t.manageGift;
  const hydrated = useHydrated();
  const ids = { amount: useId(), card: useId(), pause: useId(), cancel: useId(), account: useId() };
  const [gift, setGift] = useState<Gift | null>(null);
  const [problem, setProblem] = useState<{ kind: LinkProblem; message: string } | null>(null);
  const [done, setDone] = useState("");
  const [months, setMonths] = useState<(typeof PAUSE_MONTHS)[number]>("1");
  const [cancelStep, setCancelStep] = useState<CancelStep>("closed");
  const [changingCard, setChangingCard] = useState(false);
  const { stripeCard, onCardReady } = useStripeCard();
  const { busy, problems, codes, networkFailed, run, retry } = useSubmission<Gift>();

  useEffect(() => {
    let stale = false;
    request(ManagedGiftDocument, { token })
      .then((result) => {
        if (stale) return;
        const outcome = outcomeOf(result.managedGift, "ManagedGift");
        if (outcome.ok) setGift(outcome.value);
        else setProblem({ kind: linkProblem(outcome.codes), message: outcome.problems.form.join(" ") });
      })
      .catch((error: unknown) => {
        if (!stale) setProblem({ kind: error instanceof NetworkError ? "network" : "link_invalid", message: "" });
      });
    return () => {
      stale = true;
    };
  }, [token]);

  // A refused token on an action (revoked in another tab, too many attempts): the page says so, as on loading.
  const refused = codes.some((code) => code.startsWith("link_") || code === "throttled")
    ? { kind: linkProblem(codes), message: problems.form.join(" ") }
    : null;
  const shown = problem ?? refused;

  if (shown) {
    const problemKind = shown.kind;
    const [title, text] =
      problemKind === "link_expired"
        ? [m.expiredTitle, m.expiredText]
        : problemKind === "link_revoked"
          ? [m.revokedTitle, m.revokedText]
          : problemKind === "throttled"
            ? [m.throttledTitle, shown.message]
            : problemKind === "network"
              ? [t.site.errorTitle, t.form.networkError]
              : [m.invalidTitle, m.invalidText];
    return (
      <>
        <h1>{title}</h1>
        <div className="alert" role="alert">
          <p>{text}</p>
        </div>
        <p className="actions">
          <Link href="/account/sign-in/">{t.account.signIn}</Link>
          <Link href="/donate/">{m.giveAgain}</Link>
        </p>
      </>
    );
  }
  if (!gift) {
    return (
      <>
        <h1>{m.title}</h1>
        <p role="status">{m.loading}</p>
      </>
    );
  }

  const money = (amount: string) => formatMoney(amount, gift.amount.currency, locale);
  const frequency = m.frequencies[gift.frequency];
  const live = gift.status !== "CANCELLED";
  const paused = gift.status === "PAUSED";

  const act = (attempt: () => Promise<Outcome<Gift>>, message: (value: Gift) => string) => {
    setDone("");
    return run(attempt, (value) => {
      setGift(value);
      setDone(message(value));
      setCancelStep("closed");
      setChangingCard(false);
    });
  };
  const nextOf = (value: Gift) => (value.nextChargeDate ? formatDate(value.nextChargeDate, locale) : "");

  async function changeAmount(amount: string) {
    await act(
      async () => outcomeOf((await request(UpdateManagedGiftDocument, { token, amount })).updateManagedGift, "ManagedGift"),
      (value) =>
        interpolate(m.amountSaved, { amount: money(value.amount.amount), frequency: m.frequencies[value.frequency] }),
    );
  }

  async function onAmount(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await changeAmount(String(new FormData(event.currentTarget).get("amount") ?? "").trim());
  }

  async function pause(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await act(
      async () =>
        outcomeOf(
          (await request(PauseManagedGiftDocument, { token, months: Number(months) })).pauseManagedGift,
          "ManagedGift",
        ),
      (value) => interpolate(m.paused, { date: formatDate(value.pausedUntil ?? "", locale), next: nextOf(value) }),
    );
  }

  async function resume() {
    await act(
      async () => outcomeOf((await request(ResumeManagedGiftDocument, { token })).resumeManagedGift, "ManagedGift"),
      (value) => interpolate(m.resumed, { next: nextOf(value) }),
    );
  }

  async function cancel(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "").trim();
    await act(
      async () =>
        outcomeOf((await request(CancelManagedGiftDocument, { token, reason })).cancelManagedGift, "ManagedGift"),
      () => m.cancelled,
    );
  }

  async function saveCard(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await act(
      async () => {
        const ready = stripeCard.current;
        if (!ready) return failure(t.donate.cardLoadFailed);
        const started = outcomeOf(
          (await request(StartManagedCardUpdateDocument, { token })).startManagedCardUpdate,
          "CardSetup",
        );
        if (!started.ok) return started;
        const confirmed = await ready.stripe.confirmCardSetup(started.value.clientSecret, {
          payment_method: { card: ready.card },
        });
        if (confirmed.error || confirmed.setupIntent?.status !== "succeeded") {
          return failure(confirmed.error?.message || t.donate.cardInvalid);
        }
        const finished = await request(FinishManagedCardUpdateDocument, {
          token,
          setupIntentId: started.value.setupIntentId,
        });
        return outcomeOf(finished.finishManagedCardUpdate, "ManagedGift");
      },
      () => m.cardSaved,
    );
  }

  const lower = gift.lowerAmount;
  return (
    <>
      <h1>{m.title}</h1>
      <section className={styles.summary} aria-label={m.title}>
        <p className={styles.headline}>
          {interpolate(m.summary, { amount: money(gift.amount.amount), frequency, fund: gift.fundName })}
        </p>
        <dl className={styles.facts}>
          <dt>{m.status}</dt>
          <dd>{m.statuses[gift.status]}</dd>
          {live && gift.nextChargeDate ? (
            <>
              <dt>{m.nextCharge}</dt>
              <dd>{formatDate(gift.nextChargeDate, locale)}</dd>
            </>
          ) : null}
          {gift.cardBrand && gift.cardLast4 ? (
            <>
              <dt>{m.card}</dt>
              <dd>{interpolate(m.cardValue, { brand: gift.cardBrand, last4: gift.cardLast4 })}</dd>
            </>
          ) : null}
        </dl>
        {paused && gift.pausedUntil ? <p>{interpolate(m.resumesOn, { date: formatDate(gift.pausedUntil, locale) })}</p> : null}
      </section>

      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      <p role="status" className="notice" hidden={!done}>
        {done}
      </p>

      {live ? (
        <div className={styles.sections}>
          <section aria-labelledby={ids.amount} className="stack">
            <h2 id={ids.amount}>{m.amountHeading}</h2>
            <form className="inline-form" onSubmit={onAmount} noValidate>
              <Field
                name="amount"
                label={m.newAmount}
                hint={interpolate(m.amountHint, { minimum: money(gift.minimum.amount), maximum: money(gift.maximum.amount) })}
                inputMode="decimal"
                type="text"
                defaultValue={gift.amount.amount}
                key={gift.amount.amount}
                errors={problems.fields.amount}
              />
              <button type="submit" className="secondary" disabled={busy || !hydrated}>
                {m.saveAmount}
              </button>
            </form>
          </section>

          <section aria-labelledby={ids.card} className="stack">
            <h2 id={ids.card}>{m.cardHeading}</h2>
            <div>
              <button
                type="button"
                className="secondary"
                disabled={busy || !hydrated}
                onClick={() => setChangingCard((value) => !value)}
                aria-expanded={changingCard}
              >
                {m.changeCard}
              </button>
            </div>
            {changingCard ? (
              <form className="stack" onSubmit={saveCard} noValidate>
                <CardField scriptUrl={stripeJsUrl} publishableKey={publishableKey} onReady={onCardReady} />
                <div>
                  <button type="submit" disabled={busy || !hydrated}>
                    {m.saveCard}
                  </button>
                </div>
              </form>
            ) : null}
          </section>

          <section aria-labelledby={ids.pause} className="stack">
            <h2 id={ids.pause}>{m.pauseHeading}</h2>
            {paused ? (
              <div>
                <button type="button" className="secondary" disabled={busy || !hydrated} onClick={resume}>
                  {m.resume}
                </button>
              </div>
            ) : (
              <form className="stack" onSubmit={pause}>
                <p>{m.pauseIntro}</p>
                <fieldset className={styles.choices}>
                  <legend>{m.pauseFor}</legend>
                  {PAUSE_MONTHS.map((value) => (
                    <label key={value} className={styles.choice}>
                      <input
                        type="radio"
                        name="months"
                        value={value}
                        checked={months === value}
                        onChange={() => setMonths(value)}
                      />{" "}
                      {m.months[value]}
                    </label>
                  ))}
                </fieldset>
                {problems.fields.months ? <p className="field-error">{problems.fields.months.join(" ")}</p> : null}
                <div>
                  <button type="submit" className="secondary" disabled={busy || !hydrated}>
                    {m.pause}
                  </button>
                </div>
              </form>
            )}
          </section>

          <section aria-labelledby={ids.cancel} className="stack">
            <h2 id={ids.cancel}>{m.cancelHeading}</h2>
            {cancelStep === "closed" ? (
              <div>
                <button
                  type="button"
                  className="secondary"
                  disabled={busy || !hydrated}
                  onClick={() => setCancelStep(lower ? "offer" : "confirm")}
                >
                  {m.cancel}
                </button>
              </div>
            ) : null}
            {cancelStep === "offer" && lower ? (
              <div className={`stack ${styles.offer}`}>
                <p className={styles.headline}>{interpolate(m.offerLower, { amount: money(lower.amount), frequency })}</p>
                <p>{m.offerLowerText}</p>
                <div className="actions">
                  <button type="button" disabled={busy || !hydrated} onClick={() => changeAmount(lower.amount)}>
                    {interpolate(m.acceptLower, { amount: money(lower.amount) })}
                  </button>
                  <button type="button" className="secondary" onClick={() => setCancelStep("confirm")}>
                    {m.declineLower}
                  </button>
                </div>
              </div>
            ) : null}
            {cancelStep === "confirm" ? (
              <form className="stack confirm" onSubmit={cancel}>
                <p>{m.cancelConfirm}</p>
                <Field name="reason" label={m.cancelReason} type="text" />
                <div className="actions">
                  <button type="submit" disabled={busy || !hydrated}>
                    {m.confirmCancel}
                  </button>
                  <button type="button" className="secondary" onClick={() => setCancelStep("closed")}>
                    {m.keep}
                  </button>
                </div>
              </form>
            ) : null}
          </section>
        </div>
      ) : (
        <p>
          <Link href="/donate/">{m.giveAgain}</Link>
        </p>
      )}

      {gift.accountInvitationUrl ? (
        <section aria-labelledby={ids.account} className={`stack ${styles.account}`}>
          <h2 id={ids.account}>{m.accountHeading}</h2>
          <p>{m.accountText}</p>
          <p>
            <Link href={sitePath(gift.accountInvitationUrl)}>{m.createAccount}</Link>
          </p>
        </section>
      ) : (
        <p>
          {m.signedInText} <Link href="/portal/giving/">{m.toGiving}</Link>
        </p>
      )}
    </>
  );
}
