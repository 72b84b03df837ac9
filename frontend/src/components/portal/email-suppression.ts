/** The words of the notice that messages to the member's address are stopped, and of the outcome of resubscribing. */
import type { EmailSuppressionNoticeFragment, EmailSuppressionReason, ResubscribeEmailMutation } from "@/generated/graphql";
import type { Locale } from "@/i18n/config";
import { formatDate, interpolate } from "@/i18n/format";
import type { Messages } from "@/i18n/messages";
import type { Outcome, ProblemMessage } from "@/lib/graphql";

export type Suppression = EmailSuppressionNoticeFragment;

/** The reasons a member may lift themselves (the API's `canResubscribe`): not a stop staff made. */
export type MemberLiftableReason = Exclude<EmailSuppressionReason, "MANUAL">;

export function isMemberLiftable(reason: EmailSuppressionReason): reason is MemberLiftableReason {
  return reason !== "MANUAL";
}

/**
 * Why nothing reaches the address and since when, in plain words. `since` is an instant; its calendar day is
 * taken as the API wrote it (UTC), so the server's HTML and the browser agree.
 */
export function suppressionReasonText(suppression: Suppression, t: Messages, locale: Locale): string {
  return interpolate(t.portal.emailSuppression.reasons[suppression.reason], {
    address: suppression.address,
    date: formatDate(suppression.since, locale),
  });
}

/** What resubscribing led to: messages started (`suppression` is then null), or they already reached the address. */
export type Resubscribed = { alreadyStarted: boolean; suppression: Suppression | null };

type Payload = ResubscribeEmailMutation["resubscribeEmail"];

/**
 * The answer to `resubscribeEmail` as an outcome the notice shows. `not_suppressed` (messages already reach the
 * address: lifted meanwhile, from another tab or by staff) is what the member wanted, so it counts as done. The
 * other refusals are worded in the member's language by their code (the API's messages are English), the API's
 * message kept for a code this page does not know.
 */
export function resubscribeOutcome(payload: Payload, t: Messages): Outcome<Resubscribed> {
  if (payload.__typename === "Member") {
    return { ok: true, value: { alreadyStarted: false, suppression: payload.emailSuppression ?? null } };
  }
  const messages: readonly ProblemMessage[] = payload.messages;
  const codes = messages.map((message) => message.code ?? "").filter(Boolean);
  if (codes.includes("not_suppressed")) return { ok: true, value: { alreadyStarted: true, suppression: null } };
  const errors: Record<string, string> = t.portal.emailSuppression.errors;
  const form = messages.map((message) => (message.code && errors[message.code]) || message.message);
  return { ok: false, problems: { fields: {}, form: form.length ? form : [t.form.unexpectedError] }, codes };
}
