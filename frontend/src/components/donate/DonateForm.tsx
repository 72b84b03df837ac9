"use client";
/**
 * The donate form: once, monthly or yearly; a preset or other amount; currency, fund and campaign; an optional
 * tribute and cover-the-fee; who gives when signed out; the card through Stripe.js, or Apple Pay / Google Pay
 * where the browser has them. One request key per attempt: "Try again" after a network failure sends the same key
 * and card, so the server never charges twice.
 *
 * Every field is checked in the browser (as the donor leaves it, and all at once on submit) before Stripe or the
 * API is asked anything; after a submit, focus moves to the error summary, whose entries link to their fields.
 * On the campaign page the form is given the campaign (`fixedCampaign`) and offers no other. From a campaign email's
 * donate link the form is given the appeal's code (`appealCode`: the gift is recorded under it) and, when nobody is
 * signed in, who the email went to (`donor`: their name and address, filled in and still theirs to change).
 */
import { useRouter } from "next/navigation";
import { lazy, Suspense, useCallback, useEffect, useId, useMemo, useRef, useState } from "react";

import { Checkbox, Field, FormStatus, useOutcomeFocus } from "@/components/forms";
import {
  CoverFeesDocument,
  type DonatePageQuery,
  type DonationFrequency,
  type StartDonationInput,
  StartDonationDocument,
  type StartDonationMutation,
  type TributeKind,
} from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { formatMoney, interpolate } from "@/i18n/format";
import { request } from "@/lib/client";
import { type Outcome, outcomeOf } from "@/lib/graphql";
import { newRequestKey } from "@/lib/stripe";

import { CARD_LOADING, CardField, type StripeCard } from "./CardField";
import { useCardPayment } from "./cardPayment";
import {
  type CardState,
  type DonationField,
  type DonationValues,
  type FieldErrors,
  donationProblems,
  fieldProblem,
  normaliseAmount,
} from "./validation";

// Loaded only where Stripe.js can make payment requests at all (Stripe's can; localstripe's fake cannot), so the
// wallet code is not part of the form's first download.
const WalletButton = lazy(() => import("./WalletButton").then((module) => ({ default: module.WalletButton<Started> })));

/** The donor's details to fill in before they type (from a campaign email's donate link). */
export type DonorPrefill = { givenName: string; familyName: string; email: string };

type Started = Extract<StartDonationMutation["startDonation"], { __typename: "PaymentStarted" }>;
type Fields = Omit<StartDonationInput, "paymentMethodId">;

function text(form: FormData, name: string): string {
  return String(form.get(name) ?? "").trim();
}

/** The form's inputs as the checks read them (the amount and card come from state, the rest from the form). */
function valuesOf(form: HTMLFormElement, amount: string, signedIn: boolean, card: CardState): DonationValues {
  const data = new FormData(form);
  return {
    amount,
    tribute: data.get("hasTribute") === "on",
    tributeName: text(data, "tributeName"),
    notifyEmail: text(data, "notifyEmail"),
    signedIn,
    givenName: text(data, "givenName"),
    email: text(data, "email"),
    card,
  };
}

// Which input each checked field is, by its form name (for checking a field as the donor leaves it).
const FIELD_OF_INPUT: Record<string, DonationField> = {
  amount: "amount",
  tributeName: "tribute.name",
  notifyEmail: "tribute.notifyEmail",
  givenName: "donor.givenName",
  email: "donor.email",
};

export function DonateForm({
  options,
  campaignId,
  fixedCampaign,
  appealCode,
  donor: prefill,
  stripeJsUrl,
}: {
  options: DonatePageQuery;
  campaignId?: string;
  fixedCampaign?: { id: string; name: string };
  appealCode?: string;
  donor?: DonorPrefill;
  stripeJsUrl: string;
}) {
  const { t, locale } = useI18n();
  const router = useRouter();
  const uid = useId();
  const { donationOptions, funds, campaigns, viewer } = options;
  const [currency, setCurrency] = useState(donationOptions.defaultCurrency);
  const presets = donationOptions.presetAmounts.filter((preset) => preset.currency === currency);
  const [amount, setAmount] = useState(presets[1]?.amount ?? presets[0]?.amount ?? "");
  const [frequency, setFrequency] = useState<DonationFrequency>("ONCE");
  const [campaign, setCampaign] = useState(fixedCampaign?.id ?? campaignId ?? "");
  const [tribute, setTribute] = useState(false);
  const [coverFees, setCoverFees] = useState(false);
  const [anonymous, setAnonymous] = useState(false);
  const [showName, setShowName] = useState(false);
  const [fee, setFee] = useState<string | null>(null);
  const [card, setCard] = useState<CardState>(CARD_LOADING);
  const [stripe, setStripe] = useState<StripeCard["stripe"] | null>(null);
  // The browser's own findings, over the server's: an empty list means "checked again and fine now".
  const [checked, setChecked] = useState<FieldErrors>({});
  // Once the browser stops a submit, the previous attempt's answer from the server is no longer what to show.
  const [serverShown, setServerShown] = useState(true);
  // The summary lists field problems once a submit was tried; before that they show beside their fields only.
  const [attempted, setAttempted] = useState(false);
  const { onCardReady, busy, problems, networkFailed, retry, pay, run } = useCardPayment<Started>();
  const { summary, focusOutcome } = useOutcomeFocus();
  const form = useRef<HTMLFormElement>(null);
  const currencyOption = donationOptions.currencies.find((option) => option.code === currency);
  const isPreset = presets.some((preset) => Number(preset.amount) === Number(amount));

  const ids = useMemo(
    () => ({
      amount: `${uid}-amount`,
      "tribute.name": `${uid}-tributeName`,
      "tribute.notifyEmail": `${uid}-notifyEmail`,
      "donor.givenName": `${uid}-givenName`,
      "donor.familyName": `${uid}-familyName`,
      "donor.email": `${uid}-email`,
      donor: `${uid}-givenName`,
      email: `${uid}-email`,
      tributeName: `${uid}-tributeName`,
      paymentMethod: `${uid}-card`,
      fundId: `${uid}-fund`,
      campaignId: `${uid}-campaign`,
      currency: `${uid}-currency`,
    }),
    [uid],
  );

  // A donate link's `r` names who the email went to: read by the server already, it leaves the address bar, so a
  // copied or shared address does not fill in the form with this donor's name for someone else.
  useEffect(() => {
    const address = new URL(window.location.href);
    if (!address.searchParams.has("r")) return;
    address.searchParams.delete("r");
    window.history.replaceState(window.history.state, "", address);
  }, []);

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

  const bounds = currencyOption
    ? { decimals: currencyOption.decimals, minimum: currencyOption.minimum.amount, maximum: currencyOption.maximum.amount }
    : undefined;
  const texts = useMemo(() => ({ ...t.give, cardLoadFailed: t.donate.cardLoadFailed }), [t]);

  const shownFields: Record<string, string[]> = { ...(serverShown ? problems.fields : {}), ...checked };
  const errorsOf = (...keys: string[]) => {
    for (const key of keys) if (shownFields[key]?.length) return shownFields[key];
    return undefined;
  };

  /** Check one field again (as the donor leaves it, or edits one already marked wrong). */
  function recheck(field: DonationField, values: DonationValues) {
    const problem = fieldProblem(field, values, bounds, texts, money);
    setChecked((previous) => ({ ...previous, [field]: problem ? [problem] : [] }));
  }

  function onBlur(event: React.FocusEvent<HTMLFormElement>) {
    const input = event.target as unknown as HTMLInputElement;
    const field = FIELD_OF_INPUT[input.name];
    if (!field || !form.current) return;
    // An untouched field left empty is not an error yet (tabbing through); one typed in, or marked before, is.
    if (!input.value && !shownFields[field]?.length) return;
    recheck(field, valuesOf(form.current, amount, viewer.signedIn, card));
  }

  function onInput(event: React.FormEvent<HTMLFormElement>) {
    const field = FIELD_OF_INPUT[(event.target as unknown as HTMLInputElement).name];
    if (!field || field === "amount" || !form.current || !shownFields[field]?.length) return;
    recheck(field, valuesOf(form.current, amount, viewer.signedIn, card));
  }

  function chooseAmount(value: string) {
    setAmount(value);
    if (shownFields.amount?.length && form.current) {
      recheck("amount", { ...valuesOf(form.current, value, viewer.signedIn, card), amount: value });
    }
  }

  function onCardChange(state: CardState) {
    setCard(state);
    if (state.complete || state.error || state.failed) {
      setChecked((previous) =>
        previous.paymentMethod?.length || state.error
          ? { ...previous, paymentMethod: state.error ? [state.error] : [] }
          : previous,
      );
    } else if (!state.empty) {
      setChecked((previous) => (previous.paymentMethod?.length ? { ...previous, paymentMethod: [] } : previous));
    }
  }

  const onReady = useCallback(
    (ready: StripeCard | null) => {
      onCardReady(ready);
      setStripe(ready?.stripe ?? null);
    },
    [onCardReady],
  );

  /** The gift as the API takes it, with a new request key (kept for "Try again"). */
  function giftFields(data: FormData, donor?: { givenName: string; familyName: string; email: string }): Fields {
    return {
      amount: normaliseAmount(amount),
      currency,
      requestKey: newRequestKey(),
      frequency,
      fundId: text(data, "fund") || null,
      campaignId: campaign || null,
      appealCode: appealCode ?? null,
      coverFees,
      anonymous,
      showName: Boolean(campaign) && showName && !anonymous,
      tribute: tribute
        ? {
            kind: (text(data, "tributeKind") === "MEMORY" ? "MEMORY" : "HONOUR") as TributeKind,
            name: text(data, "tributeName"),
            notifyName: text(data, "notifyName"),
            notifyEmail: text(data, "notifyEmail"),
            message: text(data, "tributeMessage"),
          }
        : null,
      donor: viewer.signedIn
        ? null
        : donor ?? { email: text(data, "email"), givenName: text(data, "givenName"), familyName: text(data, "familyName") },
    };
  }

  const start = (fields: Fields) => async (paymentMethodId: string) =>
    outcomeOf((await request(StartDonationDocument, { input: { ...fields, paymentMethodId } })).startDonation, "PaymentStarted");

  function thankYou(started: Started) {
    const params = new URLSearchParams({
      amount: started.gift.amount.amount,
      currency: started.gift.amount.currency,
      status: started.status,
      frequency: started.recurringGift?.frequency ?? "ONCE",
    });
    router.push(`/donate/thank-you/?${params}`);
  }

  /** All the checks at once; shown (with focus on the summary) when any fails. True when the form may go. */
  function checkAll(skip: readonly DonationField[] = []): boolean {
    if (!form.current) return false;
    const found = donationProblems(valuesOf(form.current, amount, viewer.signedIn, card), bounds, texts, money, skip);
    if (!Object.keys(found).length) {
      setChecked({});
      return true;
    }
    setChecked(found);
    setServerShown(false);
    focusOutcome("summary");
    return false;
  }

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setAttempted(true);
    if (busy || !checkAll()) return;
    setServerShown(true);
    const started = await pay(start(giftFields(new FormData(event.currentTarget))), thankYou);
    if (!started) focusOutcome("summary");
  }

  /** The wallet's button was pressed: the amount and the rest must be right before its sheet opens. */
  const walletAllowed = () => {
    setAttempted(true);
    return checkAll(viewer.signedIn ? ["paymentMethod"] : ["paymentMethod", "donor.givenName", "donor.email"]);
  };

  async function payByWallet(
    attempt: (start: (paymentMethodId: string) => Promise<Outcome<Started>>) => () => Promise<Outcome<Started>>,
    donor: { givenName: string; familyName: string; email: string },
  ) {
    if (!form.current) return;
    const data = new FormData(form.current);
    const typed = { givenName: text(data, "givenName"), familyName: text(data, "familyName"), email: text(data, "email") };
    // What the donor typed wins; the wallet fills in what they left empty.
    const who = {
      givenName: typed.givenName || donor.givenName,
      familyName: typed.givenName ? typed.familyName : donor.familyName,
      email: typed.email || donor.email,
    };
    setServerShown(true);
    const started = await run(attempt(start(giftFields(data, who))), thankYou);
    if (!started) focusOutcome("summary");
  }

  const amountHint = currencyOption
    ? interpolate(t.donate.amountHint, {
        minimum: money(currencyOption.minimum.amount),
        maximum: money(currencyOption.maximum.amount),
      })
    : undefined;
  const walletTemplate =
    frequency === "MONTHLY" ? t.give.walletLabelMonthly : frequency === "ANNUAL" ? t.give.walletLabelAnnual : t.give.walletLabel;
  const campaignChosen = fixedCampaign ?? campaigns.find((item) => item.id === campaign);

  return (
    <form ref={form} className="stack donate-form" onSubmit={onSubmit} onBlur={onBlur} onInput={onInput} noValidate>
      <FormStatus
        problems={{ fields: attempted ? shownFields : {}, form: serverShown ? problems.form : [] }}
        networkFailed={networkFailed}
        onRetry={async () => {
          if (!(await retry())) focusOutcome("summary");
        }}
        busy={busy}
        fieldTargets={ids}
        ref={summary}
      />
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
          <label htmlFor={ids.currency}>{t.donate.currency}</label>
          <select id={ids.currency} value={currency} onChange={(event) => setCurrency(event.target.value)}>
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
                onChange={() => chooseAmount(preset.amount)}
              />
              <span>{money(preset.amount)}</span>
            </label>
          ))}
        </div>
        <Field
          id={ids.amount}
          name="amount"
          label={t.donate.otherAmount}
          hint={amountHint}
          inputMode="decimal"
          type="text"
          value={isPreset ? "" : amount}
          onChange={(event) => chooseAmount(normaliseAmount(event.target.value))}
          errors={errorsOf("amount", "currency")}
        />
      </fieldset>
      <div>
        <label htmlFor={ids.fundId}>{t.donate.fund}</label>
        {/* The server's default fund is preselected; each fund is listed once. */}
        <select id={ids.fundId} name="fund" defaultValue={donationOptions.defaultFundId ?? ""}>
          {donationOptions.defaultFundId ? null : <option value="">—</option>}
          {funds.map((fund) => (
            <option key={fund.id} value={fund.id}>
              {fund.name}
            </option>
          ))}
        </select>
        {errorsOf("fundId") ? <p className="field-error">{errorsOf("fundId")?.join(" ")}</p> : null}
      </div>
      {!fixedCampaign && campaigns.length ? (
        <div>
          <label htmlFor={ids.campaignId}>{t.donate.campaign}</label>
          <select id={ids.campaignId} name="campaign" value={campaign} onChange={(event) => setCampaign(event.target.value)}>
            <option value="">{t.donate.noCampaign}</option>
            {campaigns.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
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
      <Checkbox
        name="anonymous"
        label={t.donate.anonymous}
        checked={anonymous}
        onChange={(event) => setAnonymous(event.target.checked)}
      />
      {campaignChosen && !anonymous ? (
        <Checkbox
          name="showName"
          label={t.give.showName}
          checked={showName}
          onChange={(event) => setShowName(event.target.checked)}
        />
      ) : null}
      <Checkbox
        name="hasTribute"
        label={t.donate.tribute}
        checked={tribute}
        onChange={(event) => setTribute(event.target.checked)}
        errors={errorsOf("tribute")}
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
          <Field id={ids["tribute.name"]} name="tributeName" label={t.donate.tributeName} type="text" required errors={errorsOf("tribute.name", "tributeName")} />
          <Field name="notifyName" label={t.donate.notifyName} type="text" />
          <Field id={ids["tribute.notifyEmail"]} name="notifyEmail" label={t.donate.notifyEmail} type="email" errors={errorsOf("tribute.notifyEmail")} />
          <Field name="tributeMessage" label={t.donate.tributeMessage} type="text" />
        </fieldset>
      ) : null}
      {viewer.signedIn ? null : (
        <fieldset>
          <legend>{t.donate.aboutYou}</legend>
          <Field id={ids["donor.givenName"]} name="givenName" label={t.account.givenName} type="text" autoComplete="given-name" defaultValue={prefill?.givenName} required errors={errorsOf("donor.givenName", "donor")} />
          <Field id={ids["donor.familyName"]} name="familyName" label={t.account.familyName} type="text" autoComplete="family-name" defaultValue={prefill?.familyName} errors={errorsOf("donor.familyName")} />
          <Field id={ids["donor.email"]} name="email" label={t.account.email} type="email" autoComplete="email" defaultValue={prefill?.email} required errors={errorsOf("donor.email", "email")} />
        </fieldset>
      )}
      {stripe && typeof (stripe as { paymentRequest?: unknown }).paymentRequest === "function" ? (
        <Suspense fallback={null}>
        <WalletButton
          stripe={stripe}
          gift={{
            amount: normaliseAmount(amount),
            fee: coverFees ? fee : null,
            currency,
            decimals: currencyOption?.decimals ?? 2,
            country: donationOptions.stripeAccountCountry,
            label: interpolate(walletTemplate, { name: donationOptions.payeeName }),
            askPayer: !viewer.signedIn,
          }}
          allowed={walletAllowed}
          onPayment={payByWallet}
          disabled={busy}
        />
        </Suspense>
      ) : null}
      <CardField
        id={ids.paymentMethod}
        scriptUrl={stripeJsUrl}
        publishableKey={donationOptions.stripePublishableKey}
        onReady={onReady}
        onChange={onCardChange}
        errors={errorsOf("paymentMethod")}
      />
      <div>
        <button type="submit" disabled={busy || (!card.loaded && !card.failed)}>
          {busy ? t.give.processing : submitLabel}
        </button>
      </div>
    </form>
  );
}
