"use client";
/**
 * Joining, renewing, changing level, or giving a membership. Paying needs a confirmed account (the API charges
 * only signed-in members), so a visitor first creates one here: the confirmation email's link brings them back,
 * signed in, to this page with their level chosen (`steward-join` in localStorage carries it across).
 */
import { useRouter } from "next/navigation";
import { useState } from "react";

import { Checkbox, Field, FormStatus, useSubmission } from "@/components/forms";
import { CardField } from "@/components/donate/CardField";
import { useCardPayment } from "@/components/donate/cardPayment";
import {
  type JoinPageQuery,
  SignUpDocument,
  StartMembershipPurchaseDocument,
  type StartMembershipPurchaseMutation,
} from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { formatMoney, interpolate } from "@/i18n/format";
import { request } from "@/lib/client";
import { outcomeOf } from "@/lib/graphql";
import { newRequestKey } from "@/lib/stripe";

type Started = Extract<StartMembershipPurchaseMutation["startMembershipPurchase"], { __typename: "PaymentStarted" }>;
type Level = JoinPageQuery["membershipLevels"][number];

import { PENDING_JOIN_KEY } from "@/lib/join";

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

function SignUpToJoin({ level, levels, onLevel }: { level: string; levels: Level[]; onLevel: (id: string) => void }) {
  const { t } = useI18n();
  const { busy, problems, networkFailed, run, retry } = useSubmission<{ email: string }>();
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      email: text(form, "email"),
      password: String(form.get("password") ?? ""),
      givenName: text(form, "givenName"),
      familyName: text(form, "familyName"),
    };
    const slug = levels.find((item) => item.id === level)?.slug ?? "";
    await run(
      async () => outcomeOf((await request(SignUpDocument, { input })).signUp, "AccountRequestAccepted"),
      (value) => {
        window.localStorage.setItem(PENDING_JOIN_KEY, slug);
        setSentTo(value.email);
      },
    );
  }

  if (sentTo) {
    return (
      <p className="notice" role="status">
        {interpolate(t.join.checkEmail, { email: sentTo })}
      </p>
    );
  }
  const next = `/join/?level=${encodeURIComponent(levels.find((item) => item.id === level)?.slug ?? "")}`;
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      <LevelChoice levels={levels} value={level} onChange={onLevel} />
      <fieldset>
        <legend>{t.join.accountHeading}</legend>
        <p className="hint">{t.join.accountHint}</p>
        <Field name="givenName" label={t.account.givenName} autoComplete="given-name" required errors={problems.fields.givenName} type="text" />
        <Field name="familyName" label={t.account.familyName} autoComplete="family-name" required errors={problems.fields.familyName} type="text" />
        <Field name="email" type="email" label={t.account.email} autoComplete="email" required errors={problems.fields.email} />
        <Field name="password" type="password" label={t.account.password} hint={t.account.passwordHint} autoComplete="new-password" required errors={problems.fields.password} />
      </fieldset>
      <div>
        <button type="submit" disabled={busy}>
          {t.join.createAccount}
        </button>
      </div>
      <p>
        {t.join.haveAccount} <a href={`/account/sign-in/?next=${encodeURIComponent(next)}`}>{t.join.signInToPay}</a>
      </p>
    </form>
  );
}

function PayForMembership({
  level,
  levels,
  onLevel,
  membershipId,
  publishableKey,
  stripeJsUrl,
}: {
  level: string;
  levels: Level[];
  onLevel: (id: string) => void;
  membershipId?: string;
  publishableKey: string;
  stripeJsUrl: string;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const [giftFor, setGiftFor] = useState(false);
  const { onCardReady, busy, problems, networkFailed, retry, pay } = useCardPayment<Started>();
  const chosen = levels.find((item) => item.id === level);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const fields = {
      levelId: level,
      requestKey: newRequestKey(),
      membershipId: giftFor ? null : (membershipId ?? null),
      renewAutomatically: !giftFor && form.get("renewAutomatically") === "on",
      giftFor: giftFor
        ? { email: text(form, "giftEmail"), givenName: text(form, "giftGivenName"), familyName: text(form, "giftFamilyName") }
        : null,
    };
    await pay(
      async (paymentMethodId) =>
        outcomeOf(
          (await request(StartMembershipPurchaseDocument, { input: { ...fields, paymentMethodId } })).startMembershipPurchase,
          "PaymentStarted",
        ),
      (started) => {
        window.localStorage.removeItem(PENDING_JOIN_KEY);
        const params = new URLSearchParams({
          amount: started.gift.amount.amount,
          currency: started.gift.amount.currency,
          gift: giftFor ? "1" : "",
        });
        router.push(`/join/welcome/?${params}`);
      },
    );
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      <LevelChoice levels={levels} value={level} onChange={onLevel} />
      {problems.fields.levelId || problems.fields.level ? (
        <p className="field-error">{[...(problems.fields.levelId ?? []), ...(problems.fields.level ?? [])].join(" ")}</p>
      ) : null}
      {problems.fields.membership ? <p className="field-error">{problems.fields.membership.join(" ")}</p> : null}
      <Checkbox
        name="giftFor"
        label={t.join.giftFor}
        checked={giftFor}
        onChange={(event) => setGiftFor(event.target.checked)}
        errors={problems.fields.giftFor}
      />
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
      <CardField scriptUrl={stripeJsUrl} publishableKey={publishableKey} onReady={onCardReady} errors={problems.fields.paymentMethod} />
      <div>
        <button type="submit" disabled={busy || !chosen}>
          {interpolate(t.join.pay, { amount: chosen ? formatMoney(chosen.price.amount, chosen.price.currency, locale) : "" })}
        </button>
      </div>
    </form>
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
  const levels = data.membershipLevels;
  const [level, setLevel] = useState(
    levels.find((item) => item.slug === initialLevel || item.id === initialLevel)?.id ?? levels[0]?.id ?? "",
  );
  if (!data.viewer.signedIn) return <SignUpToJoin level={level} levels={levels} onLevel={setLevel} />;
  return (
    <PayForMembership
      level={level}
      levels={levels}
      onLevel={setLevel}
      membershipId={membershipId}
      publishableKey={data.donationOptions.stripePublishableKey}
      stripeJsUrl={stripeJsUrl}
    />
  );
}
