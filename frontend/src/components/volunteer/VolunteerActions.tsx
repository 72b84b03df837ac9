"use client";
/** The portal's volunteering actions: cancel a sign-up, report hours for a past shift, copy the calendar feed. */
import { useState } from "react";

import { ActionError, Field, FormStatus, useHydrated, useSubmission } from "@/components/forms";
import { CancelSignupDocument, ReportHoursDocument } from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { interpolate } from "@/i18n/format";
import { request } from "@/lib/client";
import { outcomeOf } from "@/lib/graphql";

export function CancelSignupButton({ signupId, label }: { signupId: string; label: string }) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const [done, setDone] = useState(false);
  const { busy, problems, networkFailed, run } = useSubmission<{ status: string }>();
  const messages = [...problems.form, ...Object.values(problems.fields).flat()];
  if (done) return <p role="status">{t.volunteer.cancelled}</p>;
  return (
    <div>
      <button
        type="button"
        className="secondary"
        disabled={busy || !hydrated}
        aria-label={label}
        onClick={() =>
          run(
            async () => outcomeOf((await request(CancelSignupDocument, { signupId })).cancelSignup, "ShiftSignup"),
            () => setDone(true),
          )
        }
      >
        {t.volunteer.cancel}
      </button>
      <ActionError messages={messages} networkFailed={networkFailed} />
    </div>
  );
}

export function ReportHoursForm({ signupId }: { signupId: string }) {
  const { t } = useI18n();
  const [reported, setReported] = useState<string | null>(null);
  const { busy, problems, networkFailed, run, retry } = useSubmission<{ hours: string }>();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { signupId, hours: String(form.get("hours") ?? "").trim(), note: String(form.get("note") ?? "").trim() };
    await run(
      async () => outcomeOf((await request(ReportHoursDocument, { input })).reportHours, "VolunteerHoursEntry"),
      (value) => setReported(value.hours),
    );
  }

  if (reported) return <p role="status">{interpolate(t.volunteer.reported, { hours: reported })}</p>;
  return (
    <form className="inline-form" onSubmit={onSubmit} noValidate>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      <Field name="hours" label={t.volunteer.hours} inputMode="decimal" type="text" required errors={problems.fields.hours} />
      <Field name="note" label={t.volunteer.note} type="text" errors={problems.fields.note} />
      <button type="submit" disabled={busy}>
        {t.volunteer.report}
      </button>
    </form>
  );
}

export function CopyField({ value, label }: { value: string; label: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-field">
      <Field name="calendarUrl" label={label} type="text" readOnly value={value} onFocus={(event) => event.currentTarget.select()} />
      <button
        type="button"
        className="secondary"
        onClick={async () => {
          try {
            await navigator.clipboard.writeText(value);
            setCopied(true);
          } catch {
            setCopied(false);
          }
        }}
      >
        {t.volunteer.copy}
      </button>
      <p role="status" className="meta">
        {copied ? t.volunteer.copied : ""}
      </p>
    </div>
  );
}
