"use client";
import Link from "next/link";
import { useState } from "react";

import { Field, FormStatus, useSubmission } from "@/components/forms";
import {
  RequestSignInLinkDocument,
  RequestVerificationEmailDocument,
  SignInDocument,
  type SignInMutation,
} from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { interpolate } from "@/i18n/format";
import { request } from "@/lib/client";
import { outcomeOf } from "@/lib/graphql";
import { isLocalPath } from "@/lib/paths";

type Viewer = Extract<SignInMutation["signIn"], { __typename: "Viewer" }>;

/** Where to go after signing in: a path on this site (never another origin), else the portal. */
export function safeNext(next: string | undefined): string {
  return isLocalPath(next) ? next : "/portal/";
}

export function PasswordSignInForm({ next }: { next?: string }) {
  const { t } = useI18n();
  const { busy, problems, codes, networkFailed, run, retry } = useSubmission<Viewer>();
  const [email, setEmail] = useState("");
  const [resent, setResent] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
    setEmail(input.email);
    setResent(false);
    await run(
      async () => outcomeOf((await request(SignInDocument, { input })).signIn, "Viewer"),
      // A full load: the header and every server component render for the signed-in member.
      () => window.location.assign(safeNext(next)),
    );
  }

  async function resend() {
    await request(RequestVerificationEmailDocument, { email }).catch(() => undefined);
    setResent(true);
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-labelledby="password-sign-in">
      <h2 id="password-sign-in">{t.account.signInWithPassword}</h2>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      <Field name="email" type="email" label={t.account.email} autoComplete="username" required errors={problems.fields.email} />
      <Field
        name="password"
        type="password"
        label={t.account.password}
        autoComplete="current-password"
        required
        errors={problems.fields.password}
      />
      {codes.includes("unverified") ? (
        <div className="notice">
          <p>{t.account.unverifiedHelp}</p>
          {resent ? (
            <p role="status">{interpolate(t.account.resent, { email })}</p>
          ) : (
            <button type="button" className="secondary" onClick={resend}>
              {t.account.resendVerification}
            </button>
          )}
        </div>
      ) : null}
      <div>
        <button type="submit" disabled={busy}>
          {t.account.signIn}
        </button>
      </div>
      <p>
        <Link href="/account/forgot-password/">{t.account.forgotPassword}</Link>
      </p>
    </form>
  );
}

export function SignInLinkForm() {
  const { t } = useI18n();
  const { busy, problems, networkFailed, run, retry } = useSubmission<{ email: string }>();
  const [sentTo, setSentTo] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "");
    await run(
      async () => outcomeOf((await request(RequestSignInLinkDocument, { email })).requestSignInLink, "AccountRequestAccepted"),
      (value) => setSentTo(value.email),
    );
  }

  return (
    <form className="stack" onSubmit={onSubmit} noValidate aria-labelledby="link-sign-in">
      <h2 id="link-sign-in">{t.account.signInWithLink}</h2>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      {sentTo ? (
        <p className="notice" role="status">
          {interpolate(t.account.linkSent, { email: sentTo })}
        </p>
      ) : null}
      <Field name="email" type="email" label={t.account.email} autoComplete="email" required errors={problems.fields.email} />
      <div>
        <button type="submit" className="secondary" disabled={busy}>
          {t.account.sendLink}
        </button>
      </div>
    </form>
  );
}
