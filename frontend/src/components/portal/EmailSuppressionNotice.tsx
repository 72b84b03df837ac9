"use client";
/**
 * Above the email preferences while nothing reaches the member's primary address (it bounced, a message was marked
 * as spam, or staff stopped messages): why and since when, a link to change the address, and, when the member may,
 * a button that starts messages again (`resubscribeEmail`). Once they start, the notice gives way to a status line.
 */
import Link from "next/link";
import { useId, useState } from "react";

import { FormStatus, useHydrated, useOutcomeFocus, useSubmission } from "@/components/forms";
import { ResubscribeEmailDocument } from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { interpolate } from "@/i18n/format";
import { request } from "@/lib/client";

import {
  type Resubscribed,
  type Suppression,
  isMemberLiftable,
  resubscribeOutcome,
  suppressionReasonText,
} from "./email-suppression";

/** Where the profile form's email field is (ProfileForm gives it this id). */
const CHANGE_EMAIL_PATH = "/portal/profile/#primary-email";

export function EmailSuppressionNotice({ suppression: initial }: { suppression: Suppression }) {
  const { t, locale } = useI18n();
  const m = t.portal.emailSuppression;
  const hydrated = useHydrated();
  const headingId = useId();
  const [suppression, setSuppression] = useState<Suppression | null>(initial);
  const [started, setStarted] = useState("");
  const { busy, problems, networkFailed, run, retry } = useSubmission<Resubscribed>();
  const { summary, success, focusOutcome } = useOutcomeFocus();
  const address = suppression?.address ?? initial.address;

  function onStarted(value: Resubscribed) {
    setSuppression(value.suppression);
    if (!value.suppression) setStarted(interpolate(value.alreadyStarted ? m.alreadyStarted : m.started, { address }));
  }

  async function resubscribe(attempt: () => Promise<Resubscribed | null>) {
    setStarted("");
    // The button goes with the notice: focus moves to the outcome, not to <body>.
    focusOutcome((await attempt()) ? "success" : "summary");
  }

  const start = () =>
    resubscribe(() => run(async () => resubscribeOutcome((await request(ResubscribeEmailDocument)).resubscribeEmail, t), onStarted));

  return (
    <>
      {started ? (
        <p className="notice" role="status" tabIndex={-1} ref={success} data-testid="email-resubscribed">
          {started}
        </p>
      ) : null}
      {suppression ? (
        <section className="warning" aria-labelledby={headingId} data-testid="email-suppression">
          <h2 id={headingId}>{m.heading}</h2>
          <p>
            {suppressionReasonText(suppression, t, locale)} {m.everything}
          </p>
          <p>
            {m.changeText} <Link href={CHANGE_EMAIL_PATH}>{m.changeLink}</Link>
          </p>
          {suppression.canResubscribe && isMemberLiftable(suppression.reason) ? (
            <>
              <FormStatus
                problems={problems}
                networkFailed={networkFailed}
                onRetry={() => void resubscribe(retry)}
                busy={busy}
                ref={summary}
              />
              <p>{m.worksAgain[suppression.reason]}</p>
              <div>
                <button type="button" onClick={() => void start()} disabled={busy || !hydrated}>
                  {busy ? m.starting : m.buttons[suppression.reason]}
                </button>
              </div>
            </>
          ) : (
            <p>{m.contactUs}</p>
          )}
        </section>
      ) : null}
    </>
  );
}
