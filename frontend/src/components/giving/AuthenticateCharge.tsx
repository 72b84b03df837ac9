"use client";
/**
 * A recurring charge waiting for the donor's 3-D Secure: what it is, and a button that has Stripe.js confirm it
 * (the bank's check, `confirmCardPayment`), then asks the API to record it. Whatever Stripe.js answers, the state
 * shown afterwards is the API's, read from Stripe: a second press, a reload or a second tab charges nothing twice.
 */
import Link from "next/link";
import { useRef, useState } from "react";

import { FormStatus, useHydrated, useSubmission } from "@/components/forms";
import {
  type ChargeAuthenticationFieldsFragment,
  type ChargeAuthenticationState,
  CompleteChargeAuthenticationDocument,
} from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { formatMoney, interpolate } from "@/i18n/format";
import { request } from "@/lib/client";
import { type Outcome, outcomeOf } from "@/lib/graphql";
import { loadStripe } from "@/lib/stripe";

type Charge = ChargeAuthenticationFieldsFragment;

function failure(message: string): Outcome<Charge> {
  return { ok: false, problems: { fields: {}, form: [message] }, codes: [] };
}

export function AuthenticateCharge({
  token,
  initial,
  publishableKey,
  stripeJsUrl,
}: {
  token: string;
  initial: Charge;
  publishableKey: string;
  stripeJsUrl: string;
}) {
  const { t, locale } = useI18n();
  const hydrated = useHydrated();
  const [charge, setCharge] = useState(initial);
  const [completed, setCompleted] = useState(false);
  const { busy, problems, networkFailed, run, retry } = useSubmission<Charge>();
  // Once Stripe.js has answered, "Try again" after a network failure only asks the API again.
  const confirmed = useRef(false);
  const amount = formatMoney(charge.amount.amount, charge.amount.currency, locale);

  async function confirm() {
    await run(
      async () => {
        if (!confirmed.current) {
          try {
            const stripe = await loadStripe(stripeJsUrl, publishableKey);
            await stripe.confirmCardPayment(charge.clientSecret ?? "");
          } catch {
            return failure(t.authenticate.stripeFailed);
          }
          confirmed.current = true;
        }
        const payload = (await request(CompleteChargeAuthenticationDocument, { token })).chargeAuthenticationComplete;
        confirmed.current = false;
        const outcome = outcomeOf(payload, "ChargeAuthentication");
        if (outcome.ok && outcome.value.state === "REQUIRES_ACTION") {
          setCharge(outcome.value);
          return failure(t.authenticate.notConfirmed);
        }
        return outcome;
      },
      (value) => {
        setCharge(value);
        setCompleted(true);
      },
    );
  }

  const outcomes: Record<Exclude<ChargeAuthenticationState, "REQUIRES_ACTION">, string> = {
    SUCCEEDED: completed ? interpolate(t.authenticate.succeeded, { amount }) : t.authenticate.alreadyDone,
    NOT_NEEDED: t.authenticate.notNeeded,
    FAILED: t.authenticate.failed,
  };
  return (
    <div>
      <dl>
        <dt className="label">{t.authenticate.payment}</dt>
        <dd>{charge.description}</dd>
        <dt className="label">{t.authenticate.amount}</dt>
        <dd>{amount}</dd>
        {charge.cardLast4 ? (
          <>
            <dt className="label">{t.authenticate.card}</dt>
            <dd>{interpolate(t.authenticate.cardValue, { brand: charge.cardBrand ?? "", last4: charge.cardLast4 })}</dd>
          </>
        ) : null}
      </dl>
      {charge.state === "REQUIRES_ACTION" ? (
        <>
          <p>{t.authenticate.intro}</p>
          <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
          {busy ? <p role="status">{t.authenticate.confirming}</p> : null}
          <div>
            <button type="button" onClick={confirm} disabled={busy || !hydrated}>
              {t.authenticate.confirm}
            </button>
          </div>
        </>
      ) : (
        <div className={charge.state === "FAILED" ? "alert" : "notice"} role={charge.state === "FAILED" ? "alert" : "status"}>
          <p>{outcomes[charge.state]}</p>
        </div>
      )}
      <p>
        <Link href="/portal/giving/">{t.authenticate.toGiving}</Link>
      </p>
    </div>
  );
}
