"use client";
import Link from "next/link";
import { useState } from "react";

import { Field, FormStatus, useSubmission } from "@/components/forms";
import { RequestPasswordResetDocument, ResetPasswordDocument, SignUpDocument } from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { interpolate } from "@/i18n/format";
import { request } from "@/lib/client";
import { outcomeOf } from "@/lib/graphql";

function text(form: FormData, name: string): string {
  return String(form.get(name) ?? "");
}

/** `defaultEmail`: the address an invitation filled in (a regular donor's manage page and email link here). */
export function SignUpForm({ defaultEmail = "" }: { defaultEmail?: string }) {
  const { t } = useI18n();
  const { busy, problems, networkFailed, run, retry } = useSubmission<{ email: string }>();
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = {
      email: text(form, "email"),
      password: text(form, "password"),
      givenName: text(form, "givenName"),
      familyName: text(form, "familyName"),
    };
    await run(
      async () => outcomeOf((await request(SignUpDocument, { input })).signUp, "AccountRequestAccepted"),
      (value) => setSentTo(value.email),
    );
  }

  if (sentTo) {
    return (
      <p className="notice" role="status">
        {interpolate(t.account.signUpDone, { email: sentTo })}
      </p>
    );
  }
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      <Field name="givenName" label={t.account.givenName} autoComplete="given-name" required errors={problems.fields.givenName} type="text" />
      <Field name="familyName" label={t.account.familyName} autoComplete="family-name" required errors={problems.fields.familyName} type="text" />
      <Field name="email" type="email" label={t.account.email} autoComplete="email" required errors={problems.fields.email} defaultValue={defaultEmail} />
      <Field
        name="password"
        type="password"
        label={t.account.password}
        hint={t.account.passwordHint}
        autoComplete="new-password"
        required
        errors={problems.fields.password}
      />
      <div>
        <button type="submit" disabled={busy}>
          {t.account.signUp}
        </button>
      </div>
      <p>
        {t.account.haveAccount} <Link href="/account/sign-in/">{t.account.signIn}</Link>
      </p>
    </form>
  );
}

export function ForgotPasswordForm() {
  const { t } = useI18n();
  const { busy, problems, networkFailed, run, retry } = useSubmission<{ email: string }>();
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = text(new FormData(event.currentTarget), "email");
    await run(
      async () =>
        outcomeOf((await request(RequestPasswordResetDocument, { email })).requestPasswordReset, "AccountRequestAccepted"),
      (value) => setSentTo(value.email),
    );
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <p>{t.account.forgotIntro}</p>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      {sentTo ? (
        <p className="notice" role="status">
          {interpolate(t.account.resetSent, { email: sentTo })}
        </p>
      ) : null}
      <Field name="email" type="email" label={t.account.email} autoComplete="email" required errors={problems.fields.email} />
      <div>
        <button type="submit" disabled={busy}>
          {t.account.sendResetLink}
        </button>
      </div>
    </form>
  );
}

export function ResetPasswordForm({ uid, token }: { uid: string; token: string }) {
  const { t } = useI18n();
  const { busy, problems, networkFailed, run, retry } = useSubmission<{ email: string }>();
  const [done, setDone] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = text(new FormData(event.currentTarget), "password");
    await run(
      async () => outcomeOf((await request(ResetPasswordDocument, { input: { uid, token, password } })).resetPassword, "PasswordChanged"),
      () => setDone(true),
    );
  }

  if (done) {
    return (
      <div className="notice" role="status">
        <p>{t.account.resetDone}</p>
        <p>
          <Link href="/account/sign-in/">{t.account.signIn}</Link>
        </p>
      </div>
    );
  }
  return (
    <form className="stack" onSubmit={onSubmit} noValidate>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      {problems.fields.token ? (
        <p className="field-error">
          {problems.fields.token.join(" ")} <Link href="/account/forgot-password/">{t.account.forgotTitle}</Link>
        </p>
      ) : null}
      <Field
        name="password"
        type="password"
        label={t.account.newPassword}
        hint={t.account.passwordHint}
        autoComplete="new-password"
        required
        errors={problems.fields.password}
      />
      <div>
        <button type="submit" disabled={busy}>
          {t.portal.save}
        </button>
      </div>
    </form>
  );
}
