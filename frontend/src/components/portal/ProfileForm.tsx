"use client";
import { useState } from "react";

import { CountrySelect } from "@/components/CountrySelect";
import { Field, FormStatus, useOutcomeFocus, useSubmission } from "@/components/forms";
import { UpdateProfileDocument, type UpdateProfileInput, type UpdateProfileMutation } from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { interpolate } from "@/i18n/format";
import { request } from "@/lib/client";
import { outcomeOf } from "@/lib/graphql";
import type { Me } from "@/lib/member";

type Saved = Extract<UpdateProfileMutation["updateProfile"], { __typename: "Member" }>;
type Profile = Pick<
  Me,
  "title" | "givenName" | "middleName" | "familyName" | "preferredName" | "pronouns" | "birthDate" | "emails" | "pendingEmail" | "phones" | "addresses"
>;

function text(form: FormData, name: string): string {
  return String(form.get(name) ?? "").trim();
}

/** The changes to send: the name parts always, contact details only when they changed (the API adds them). */
export function profileInput(form: FormData, current: Pick<Profile, "emails" | "phones">): UpdateProfileInput {
  const input: UpdateProfileInput = {
    title: text(form, "title"),
    givenName: text(form, "givenName"),
    middleName: text(form, "middleName"),
    familyName: text(form, "familyName"),
    preferredName: text(form, "preferredName"),
    pronouns: text(form, "pronouns"),
    birthDate: text(form, "birthDate") || null,
  };
  const email = text(form, "primaryEmail");
  if (email && email !== current.emails.find((e) => e.isPrimary)?.address) input.primaryEmail = email;
  const phone = text(form, "primaryPhone");
  if (phone && phone !== current.phones.find((p) => p.isPrimary)?.number) input.primaryPhone = phone;
  const line1 = text(form, "line1");
  if (line1) {
    input.primaryAddress = {
      line1,
      line2: text(form, "line2"),
      city: text(form, "city"),
      region: text(form, "region"),
      postalCode: text(form, "postalCode"),
      country: text(form, "country").toUpperCase(),
    };
  }
  return input;
}

export function ProfileForm({ member, countries }: { member: Profile; countries: readonly string[] }) {
  const { t } = useI18n();
  const { busy, problems, networkFailed, run, retry } = useSubmission<Saved>();
  const [current, setCurrent] = useState<Profile>(member);
  const [saved, setSaved] = useState(false);
  const { summary, success, focusOutcome } = useOutcomeFocus();
  const errors = problems.fields;
  const address = current.addresses.find((a) => a.isPrimary);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const input = profileInput(new FormData(event.currentTarget), current);
    const value = await run(
      async () => outcomeOf((await request(UpdateProfileDocument, { input })).updateProfile, "Member"),
      (value) => {
        setCurrent(value);
        setSaved(true);
      },
    );
    focusOutcome(value ? "success" : "summary");
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <FormStatus
        problems={problems}
        networkFailed={networkFailed}
        onRetry={async () => focusOutcome((await retry()) ? "success" : "summary")}
        busy={busy}
        ref={summary}
      />
      {saved ? (
        <p className="notice" role="status" tabIndex={-1} ref={success}>
          {t.portal.profileSaved}
        </p>
      ) : null}
      <Field name="title" type="text" label={t.portal.title} defaultValue={current.title} autoComplete="honorific-prefix" errors={errors.title} />
      <Field name="givenName" type="text" label={t.account.givenName} defaultValue={current.givenName} autoComplete="given-name" errors={errors.givenName} />
      <Field name="middleName" type="text" label={t.portal.middleName} defaultValue={current.middleName} autoComplete="additional-name" errors={errors.middleName} />
      <Field name="familyName" type="text" label={t.account.familyName} defaultValue={current.familyName} autoComplete="family-name" errors={errors.familyName} />
      <Field name="preferredName" type="text" label={t.portal.preferredName} defaultValue={current.preferredName} autoComplete="nickname" errors={errors.preferredName} />
      <Field name="pronouns" type="text" label={t.portal.pronouns} defaultValue={current.pronouns} errors={errors.pronouns} />
      <Field name="birthDate" type="date" label={t.portal.birthDate} defaultValue={current.birthDate ?? ""} autoComplete="bday" errors={errors.birthDate} />
      <Field
        id="primary-email"
        name="primaryEmail"
        type="email"
        label={t.account.email}
        defaultValue={current.emails.find((e) => e.isPrimary)?.address ?? ""}
        autoComplete="email"
        errors={errors.primaryEmail}
      />
      {current.pendingEmail ? (
        <p className="notice" role="status" data-testid="pending-email">
          {interpolate(t.portal.pendingEmail, { email: current.pendingEmail })}
        </p>
      ) : null}
      <Field
        name="primaryPhone"
        type="tel"
        label={t.portal.phone}
        hint={t.portal.phoneHint}
        defaultValue={current.phones.find((p) => p.isPrimary)?.number ?? ""}
        autoComplete="tel"
        errors={errors.primaryPhone}
      />
      <fieldset>
        <legend>{t.portal.address}</legend>
        {errors.primaryAddress ? <p className="field-error">{errors.primaryAddress.join(" ")}</p> : null}
        <Field name="line1" type="text" label={t.portal.line1} defaultValue={address?.line1 ?? ""} autoComplete="address-line1" errors={errors["primaryAddress.line1"]} />
        <Field name="line2" type="text" label={t.portal.line2} defaultValue={address?.line2 ?? ""} autoComplete="address-line2" errors={errors["primaryAddress.line2"]} />
        <Field name="city" type="text" label={t.portal.city} defaultValue={address?.city ?? ""} autoComplete="address-level2" errors={errors["primaryAddress.city"]} />
        <Field name="region" type="text" label={t.portal.region} defaultValue={address?.region ?? ""} autoComplete="address-level1" errors={errors["primaryAddress.region"]} />
        <Field name="postalCode" type="text" label={t.portal.postalCode} defaultValue={address?.postalCode ?? ""} autoComplete="postal-code" errors={errors["primaryAddress.postalCode"]} />
        <CountrySelect
          name="country"
          label={t.portal.country}
          codes={countries}
          defaultValue={address?.country ?? ""}
          errors={errors["primaryAddress.country"]}
        />
      </fieldset>
      <div>
        <button type="submit" disabled={busy}>
          {busy ? t.portal.saving : t.portal.save}
        </button>
      </div>
    </form>
  );
}
