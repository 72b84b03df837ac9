"use client";
/**
 * Joining, renewing, changing level, or giving a membership, in one form. A visitor chooses a level, enters their
 * details and a password, and pays: the API creates the account, signs it in and charges the card in one call
 * (joinMembership); the email is confirmed later, by the link in the welcome email. The fields are checked
 * (checkJoin) before the card is read. A signed-in member skips the account part. Before paying, the form shows
 * what will be charged and until when the membership then runs (PurchaseQuote, from the API).
 */
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

import { Checkbox, Field, FormStatus, useSubmission } from "@/components/forms";
import { CardField } from "@/components/donate/CardField";
import { cardPaymentAttempt, useStripeCard } from "@/components/donate/cardPayment";
import {
  CheckJoinDocument,
  type JoinPageQuery,
  JoinMembershipDocument,
  StartMembershipPurchaseDocument,
  type StartMembershipPurchaseMutation,
} from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { formatMoney, interpolate } from "@/i18n/format";
import { request } from "@/lib/client";
import { type Outcome, outcomeOf } from "@/lib/graphql";
import { newRequestKey } from "@/lib/stripe";

import { PurchaseQuote } from "./PurchaseQuote";

type Started = Extract<StartMembershipPurchaseMutation["startMembershipPurchase"], { __typename: "PaymentStarted" }>;
type Level = JoinPageQuery["membershipLevels"][number];

function text(form: FormData, name: string): string {
  return String(form.get(name) ?? "").trim();
}

function LevelChoice({ levels, value, onChange }: { levels: Level[]; value: string; onChange: (id: string) => void }) {
  const { t, locale } = useI18n();
  return (
    <fieldset>
      <legend>{t.join.level}</legend>
      <ul className="levels">
        {levels.map((level) => (
          <li key={level.id}>
            <label className="choice level">
              <input type="radio" name="level" value={level.id} checked={value === level.id} onChange={() => onChange(level.id)} />
              <span>
                <strong>{level.name}</strong>{" "}
                {interpolate(t.join.perTerm[level.term], { price: formatMoney(level.price.amount, level.price.currency, locale) })}
                {level.description ? <span className="meta"> — {level.description.replace(/<[^>]+>/g, "")}</span> : null}
              </span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

export function JoinForm({
  data,
  initialLevel,
  membershipId,
  stripeJsUrl,
}: {
  data: JoinPageQuery;
  initialLevel?: string;
  membershipId?: string;
  stripeJsUrl: string;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const levels = data.membershipLevels;
  const signedIn = data.viewer.signedIn;
  const [level, setLevel] = useState(
    levels.find((item) => item.slug === initialLevel || item.id === initialLevel)?.id ?? levels[0]?.id ?? "",
  );
  const [giftFor, setGiftFor] = useState(false);
  const { stripeCard, onCardReady } = useStripeCard();
  const { busy, problems, networkFailed, run, retry } = useSubmission<Started>();
  // Read when an attempt runs (a "try again" too): once the account exists and is signed in, pay as a member.
  const signedInNow = useRef(signedIn);
  useEffect(() => {
    signedInNow.current = signedIn;
  }, [signedIn]);
  const chosen = levels.find((item) => item.id === level);
  const renewing = signedIn && !giftFor ? (membershipId ?? null) : null;

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const renewAutomatically = !giftFor && form.get("renewAutomatically") === "on";
    const requestKey = newRequestKey();
    const account = signedIn
      ? null
      : {
          email: text(form, "email"),
          password: String(form.get("password") ?? ""),
          givenName: text(form, "givenName"),
          familyName: text(form, "familyName"),
        };
    const giftRecipient = giftFor
      ? { email: text(form, "giftEmail"), givenName: text(form, "giftGivenName"), familyName: text(form, "giftFamilyName") }
      : null;

    async function start(paymentMethodId: string): Promise<Outcome<Started>> {
      if (!signedInNow.current && account) {
        const joined = outcomeOf(
          (await request(JoinMembershipDocument, { input: { levelId: level, paymentMethodId, requestKey, renewAutomatically, account } }))
            .joinMembership,
          "PaymentStarted",
        );
        if (!joined.ok && !joined.codes.includes("account_exists")) {
          // The account may have been made and signed in before the card was refused: show the page as theirs.
          signedInNow.current = true;
          router.refresh();
        }
        return joined;
      }
      return outcomeOf(
        (
          await request(StartMembershipPurchaseDocument, {
            input: { levelId: level, paymentMethodId, requestKey, membershipId: renewing, renewAutomatically, giftFor: giftRecipient },
          })
        ).startMembershipPurchase,
        "PaymentStarted",
      );
    }

    const pay = cardPaymentAttempt(() => stripeCard.current, start, t.donate);
    await run(
      async () => {
        if (account && !signedInNow.current) {
          // Every field checked before the card is read or anything is charged.
          const checked = outcomeOf(
            (await request(CheckJoinDocument, { input: { levelId: level, renewAutomatically, account } })).checkJoin,
            "JoinChecked",
          );
          if (!checked.ok) return checked;
        }
        return pay();
      },
      (started) => {
        const params = new URLSearchParams({
          amount: started.gift.amount.amount,
          currency: started.gift.amount.currency,
          gift: giftFor ? "1" : "",
        });
        router.push(`/join/welcome/?${params}`);
        // Signed in by this payment: the header (a layout, kept across client-side navigations) is drawn again.
        if (!signedIn) router.refresh();
      },
    );
  }

  const next = `/join/?level=${encodeURIComponent(chosen?.slug ?? "")}`;
  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-label={t.join.formLabel}>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      <LevelChoice levels={levels} value={level} onChange={setLevel} />
      {problems.fields.levelId || problems.fields.level ? (
        <p className="field-error">{[...(problems.fields.levelId ?? []), ...(problems.fields.level ?? [])].join(" ")}</p>
      ) : null}
      {problems.fields.membership ? <p className="field-error">{problems.fields.membership.join(" ")}</p> : null}
      {signedIn ? (
        <Checkbox
          name="giftFor"
          label={t.join.giftFor}
          checked={giftFor}
          onChange={(event) => setGiftFor(event.target.checked)}
          errors={problems.fields.giftFor}
        />
      ) : (
        <fieldset>
          <legend>{t.join.accountHeading}</legend>
          <p className="hint">{t.join.accountHint}</p>
          {problems.fields.account ? <p className="field-error">{problems.fields.account.join(" ")}</p> : null}
          <Field name="givenName" label={t.account.givenName} autoComplete="given-name" required errors={problems.fields.givenName} type="text" />
          <Field name="familyName" label={t.account.familyName} autoComplete="family-name" required errors={problems.fields.familyName} type="text" />
          <Field name="email" type="email" label={t.account.email} autoComplete="email" required errors={problems.fields.email} />
          <Field name="password" type="password" label={t.account.password} hint={t.account.passwordHint} autoComplete="new-password" required errors={problems.fields.password} />
          <p>
            {t.join.haveAccount} <a href={`/account/sign-in/?next=${encodeURIComponent(next)}`}>{t.join.signIn}</a>
          </p>
        </fieldset>
      )}
      {giftFor ? (
        <fieldset>
          <legend>{t.join.recipient}</legend>
          <Field name="giftGivenName" label={t.account.givenName} type="text" required errors={problems.fields.givenName} />
          <Field name="giftFamilyName" label={t.account.familyName} type="text" />
          <Field name="giftEmail" label={t.account.email} type="email" required errors={problems.fields.email ?? problems.fields.beneficiary} />
        </fieldset>
      ) : chosen?.term !== "LIFETIME" ? (
        <Checkbox name="renewAutomatically" label={t.join.renewAutomatically} errors={problems.fields.renewAutomatically} />
      ) : null}
      <CardField
        scriptUrl={stripeJsUrl}
        publishableKey={data.donationOptions.stripePublishableKey}
        onReady={onCardReady}
        errors={problems.fields.paymentMethod}
      />
      {chosen ? <PurchaseQuote levelId={chosen.id} membershipId={renewing} /> : null}
      <div>
        <button type="submit" disabled={busy || !chosen}>
          {interpolate(t.join.pay, { amount: chosen ? formatMoney(chosen.price.amount, chosen.price.currency, locale) : "" })}
        </button>
      </div>
    </form>
  );
}
