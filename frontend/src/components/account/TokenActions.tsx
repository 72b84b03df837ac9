"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";

import { FormStatus, useSubmission } from "@/components/forms";
import { ConfirmEmailDocument, SignInWithLinkDocument, VerifyEmailDocument } from "@/generated/graphql";
import { PENDING_JOIN_KEY } from "@/lib/join";
import { useI18n } from "@/i18n/client";
import { interpolate } from "@/i18n/format";
import { request } from "@/lib/client";
import { outcomeOf } from "@/lib/graphql";

/** Confirms the email as soon as the page opens (confirming twice is harmless). */
export function VerifyEmail({ token }: { token: string }) {
  const { t } = useI18n();
  const { busy, problems, networkFailed, run, retry } = useSubmission<{ email: string }>();
  const [email, setEmail] = useState<string | null>(null);
  // A visitor who started joining (JoinForm) signs in and goes back to pay for the level they chose.
  const [joinLevel, setJoinLevel] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void run(
      async () => outcomeOf((await request(VerifyEmailDocument, { token })).verifyEmail, "EmailVerified"),
      (value) => {
        setJoinLevel(window.localStorage.getItem(PENDING_JOIN_KEY));
        setEmail(value.email);
      },
    );
  }, [run, token]);

  if (email) {
    const next = joinLevel !== null ? `/join/?level=${encodeURIComponent(joinLevel)}` : null;
    return (
      <div className="notice" role="status">
        <p>{interpolate(t.account.verified, { email })}</p>
        <p>
          {next ? (
            <Link href={`/account/sign-in/?next=${encodeURIComponent(next)}`}>{t.join.continueAfterVerify}</Link>
          ) : (
            <Link href="/account/sign-in/">{t.account.signIn}</Link>
          )}
        </p>
      </div>
    );
  }
  const failed = problems.form.length > 0 || Object.keys(problems.fields).length > 0;
  return (
    <>
      {busy ? <p role="status">{t.account.verifying}</p> : null}
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      {failed ? (
        <div>
          <p>{problems.fields.token?.join(" ") ?? t.account.verifyFailed}</p>
          <p>
            <Link href="/account/sign-in/">{t.account.signIn}</Link>
          </p>
        </div>
      ) : null}
    </>
  );
}

/**
 * Signs in with an emailed one-time link when the member presses the button (not on page load: mail scanners
 * that open links would otherwise use up the link).
 */
export function SignInWithLink({ token }: { token: string }) {
  const { t } = useI18n();
  const { busy, problems, networkFailed, run, retry } = useSubmission<{ signedIn: boolean }>();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(
      async () => outcomeOf((await request(SignInWithLinkDocument, { token })).signInWithLink, "Viewer"),
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load, so the session-dependent header renders anew
      () => window.location.assign("/portal/"),
    );
  }

  return (
    <form className="stack" onSubmit={onSubmit}>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      {problems.fields.token ? (
        <p className="field-error">
          {problems.fields.token.join(" ")} <Link href="/account/sign-in/">{t.account.signIn}</Link>
        </p>
      ) : null}
      <div>
        <button type="submit" disabled={busy}>
          {t.account.signIn}
        </button>
      </div>
    </form>
  );
}

/**
 * Makes the signed-in member's requested address their primary email when they press the button (a press, not
 * the page load, for the same reason as the sign-in link).
 */
export function ConfirmEmail({ token, pendingEmail }: { token: string; pendingEmail: string | null }) {
  const { t } = useI18n();
  const { busy, problems, networkFailed, run, retry } = useSubmission<{ emails: { address: string; isPrimary: boolean }[] }>();
  const [email, setEmail] = useState<string | null>(null);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await run(
      async () => outcomeOf((await request(ConfirmEmailDocument, { token })).confirmEmail, "Member"),
      (member) => setEmail(member.emails.find((e) => e.isPrimary)?.address ?? ""),
    );
  }

  if (email !== null) {
    return (
      <div className="notice" role="status">
        <p>{interpolate(t.account.emailChanged, { email })}</p>
        <p>
          <Link href="/portal/profile/">{t.portal.profileTitle}</Link>
        </p>
      </div>
    );
  }
  return (
    <form className="stack" onSubmit={onSubmit}>
      <p>{pendingEmail ? `${t.account.confirmEmailIntro} (${pendingEmail})` : t.account.confirmEmailIntro}</p>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      {problems.fields.token ? (
        <p className="field-error">
          {problems.fields.token.join(" ")} <Link href="/portal/profile/">{t.portal.profileTitle}</Link>
        </p>
      ) : null}
      <div>
        <button type="submit" disabled={busy}>
          {t.account.confirmEmailButton}
        </button>
      </div>
    </form>
  );
}
