"use client";
/**
 * The donate form: once, monthly or yearly; a preset or other amount; currency, fund and campaign; an optional
 * tribute and cover-the-fee; who gives when signed out; the card through Stripe.js. One request key per attempt:
 * "Try again" after a network failure sends the same key and card, so the server never charges twice.
 */
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";

import { Checkbox, Field, FormStatus } from "@/components/forms";
import {
  CoverFeesDocument,
  type DonatePageQuery,
  type DonationFrequency,
  type TributeKind,
  StartDonationDocument,
  type StartDonationMutation,
} from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { formatMoney, interpolate } from "@/i18n/format";
import { request } from "@/lib/client";
import { outcomeOf } from "@/lib/graphql";
import { newRequestKey } from "@/lib/stripe";

import { CardField } from "./CardField";
import { useCardPayment } from "./cardPayment";

type Started = Extract<StartDonationMutation["startDonation"], { __typename: "PaymentStarted" }>;

function text(form: FormData, name: string): string {
  return String(form.get(name) ?? "").trim();
}

export function DonateForm({
  options,
  campaignId,
  stripeJsUrl,
}: {
  options: DonatePageQuery;
  campaignId?: string;
  stripeJsUrl: string;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const { donationOptions, funds, campaigns, viewer } = options;
  const [currency, setCurrency] = useState(donationOptions.defaultCurrency);
  const presets = donationOptions.presetAmounts.filter((preset) => preset.currency === currency);
  const [amount, setAmount] = useState(presets[1]?.amount ?? presets[0]?.amount ?? "");
  const [frequency, setFrequency] = useState<DonationFrequency>("ONCE");
  const [tribute, setTribute] = useState(false);
  const [coverFees, setCoverFees] = useState(false);
  const [fee, setFee] = useState<string | null>(null);
  const { onCardReady, busy, problems, networkFailed, retry, pay } = useCardPayment<Started>();
  const currencyOption = donationOptions.currencies.find((option) => option.code === currency);
  const isPreset = presets.some((preset) => Number(preset.amount) === Number(amount));

  useEffect(() => {
    const value = Number(amount);
    if (!value || value <= 0) return;
    let stale = false;
    const timer = setTimeout(() => {
      request(CoverFeesDocument, { amount: String(value), currency })
        .then((result) => !stale && setFee(result.coverFeesAmount.amount))
        .catch(() => !stale && setFee(null));
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [amount, currency]);

  const money = useCallback((value: string) => formatMoney(value || "0", currency, locale), [currency, locale]);
  const total = coverFees && fee && Number(amount) > 0 ? String(Number(amount || 0) + Number(fee)) : amount;
  const submitLabel = useMemo(() => {
    const template =
      frequency === "MONTHLY"
        ? t.donate.giveMonthly
        : frequency === "ANNUAL"
          ? t.donate.giveAnnual
          : t.donate.give;
    return interpolate(template, { amount: money(total) });
  }, [frequency, money, t, total]);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const requestKey = newRequestKey();
    const fields = {
      amount: String(amount),
      currency,
      requestKey,
      frequency,
      fundId: text(form, "fund") || null,
      campaignId: text(form, "campaign") || null,
      coverFees,
      anonymous: form.get("anonymous") === "on",
      tribute:
        tribute
          ? {
              kind: (text(form, "tributeKind") === "MEMORY" ? "MEMORY" : "HONOUR") as TributeKind,
              name: text(form, "tributeName"),
              notifyName: text(form, "notifyName"),
              notifyEmail: text(form, "notifyEmail"),
              message: text(form, "tributeMessage"),
            }
          : null,
      donor: viewer.signedIn
        ? null
        : { email: text(form, "email"), givenName: text(form, "givenName"), familyName: text(form, "familyName") },
    };
    await pay(
      async (paymentMethodId) =>
        outcomeOf(
          (await request(StartDonationDocument, { input: { ...fields, paymentMethodId } })).startDonation,
          "PaymentStarted",
        ),
      (started) => {
        const params = new URLSearchParams({
          amount: started.gift.amount.amount,
          currency: started.gift.amount.currency,
          status: started.status,
          frequency: started.recurringGift?.frequency ?? "ONCE",
        });
        router.push(`/donate/thank-you/?${params}`);
      },
    );
  }

  const amountHint = currencyOption
    ? interpolate(t.donate.amountHint, {
        minimum: money(currencyOption.minimum.amount),
        maximum: money(currencyOption.maximum.amount),
      })
    : undefined;

  return (
    <form className="stack donate-form" onSubmit={onSubmit} noValidate>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      <fieldset>
        <legend>{t.donate.frequency}</legend>
        <div className="choices">
          {([
            ["ONCE", t.donate.once],
            ["MONTHLY", t.donate.monthly],
            ["ANNUAL", t.donate.annual],
          ] as const).map(([value, label]) => (
            <label key={value} className="choice">
              <input
                type="radio"
                name="frequency"
                value={value}
                checked={frequency === value}
                onChange={() => setFrequency(value)}
              />
              <span>{label}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {donationOptions.currencies.length > 1 ? (
        <div>
          <label htmlFor="donate-currency">{t.donate.currency}</label>
          <select id="donate-currency" value={currency} onChange={(event) => setCurrency(event.target.value)}>
            {donationOptions.currencies.map((option) => (
              <option key={option.code} value={option.code}>
                {option.code}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <fieldset>
        <legend>{t.donate.amount}</legend>
        <div className="choices">
          {presets.map((preset) => (
            <label key={preset.amount} className="choice">
              <input
                type="radio"
                name="preset"
                value={preset.amount}
                checked={Number(preset.amount) === Number(amount)}
                onChange={() => setAmount(preset.amount)}
              />
              <span>{money(preset.amount)}</span>
            </label>
          ))}
        </div>
        <Field
          name="amount"
          label={t.donate.otherAmount}
          hint={amountHint}
          inputMode="decimal"
          type="text"
          value={isPreset ? "" : amount}
          onChange={(event) => setAmount(event.target.value.replace(",", "."))}
          errors={problems.fields.amount}
        />
      </fieldset>
      <div>
        <label htmlFor="donate-fund">{t.donate.fund}</label>
        {/* The server's default fund is preselected; each fund is listed once. */}
        <select id="donate-fund" name="fund" defaultValue={donationOptions.defaultFundId ?? ""}>
          {donationOptions.defaultFundId ? null : <option value="">—</option>}
          {funds.map((fund) => (
            <option key={fund.id} value={fund.id}>
              {fund.name}
            </option>
          ))}
        </select>
        {problems.fields.fundId ? <p className="field-error">{problems.fields.fundId.join(" ")}</p> : null}
      </div>
      {campaigns.length ? (
        <div>
          <label htmlFor="donate-campaign">{t.donate.campaign}</label>
          <select id="donate-campaign" name="campaign" defaultValue={campaignId ?? ""}>
            <option value="">{t.donate.noCampaign}</option>
            {campaigns.map((campaign) => (
              <option key={campaign.id} value={campaign.id}>
                {campaign.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <Checkbox
        name="coverFees"
        label={interpolate(t.donate.coverFees, { amount: fee && Number(amount) > 0 ? money(fee) : "…" })}
        checked={coverFees}
        onChange={(event) => setCoverFees(event.target.checked)}
      />
      <Checkbox name="anonymous" label={t.donate.anonymous} />
      <Checkbox
        name="hasTribute"
        label={t.donate.tribute}
        checked={tribute}
        onChange={(event) => setTribute(event.target.checked)}
        errors={problems.fields.tribute}
      />
      {tribute ? (
        <fieldset>
          <legend>{t.donate.tributeKind}</legend>
          <div className="choices">
            <label className="choice">
              <input type="radio" name="tributeKind" value="HONOUR" defaultChecked />
              <span>{t.donate.inHonour}</span>
            </label>
            <label className="choice">
              <input type="radio" name="tributeKind" value="MEMORY" />
              <span>{t.donate.inMemory}</span>
            </label>
          </div>
          <Field name="tributeName" label={t.donate.tributeName} type="text" required errors={problems.fields.tributeName ?? problems.fields["tribute.name"]} />
          <Field name="notifyName" label={t.donate.notifyName} type="text" />
          <Field name="notifyEmail" label={t.donate.notifyEmail} type="email" errors={problems.fields["tribute.notifyEmail"]} />
          <Field name="tributeMessage" label={t.donate.tributeMessage} type="text" />
        </fieldset>
      ) : null}
      {viewer.signedIn ? null : (
        <fieldset>
          <legend>{t.donate.aboutYou}</legend>
          <Field name="givenName" label={t.account.givenName} type="text" autoComplete="given-name" required errors={problems.fields["donor.givenName"] ?? problems.fields.donor} />
          <Field name="familyName" label={t.account.familyName} type="text" autoComplete="family-name" errors={problems.fields["donor.familyName"]} />
          <Field name="email" label={t.account.email} type="email" autoComplete="email" required errors={problems.fields["donor.email"] ?? problems.fields.email} />
        </fieldset>
      )}
      <CardField
        scriptUrl={stripeJsUrl}
        publishableKey={donationOptions.stripePublishableKey}
        onReady={onCardReady}
        errors={problems.fields.paymentMethod}
      />
      <div>
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
