"use client";
/** The portal's volunteering actions: cancel a sign-up, report hours for a past shift, copy the calendar feed. */
import { useState } from "react";

import { ActionError, Field, FormStatus, useHydrated, useSubmission } from "@/components/forms";
import { CancelSignupDocument, ReportHoursDocument, type VolunteerHoursStatus } from "@/generated/graphql";
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

type Reported = { hours: string; status: VolunteerHoursStatus };

/** "Hours reported: 3 h (awaiting approval)": what shows instead of the form once a shift's hours are in. */
export function HoursReported({ reported }: { reported: Reported }) {
  const { t, locale } = useI18n();
  const hours = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(Number(reported.hours));
  return (
    <p role="status" data-testid="hours-reported">
      {interpolate(t.volunteer.hoursReported, { hours, status: t.volunteer.hoursStatuses[reported.status] })}
    </p>
  );
}

/** The form to report a past shift's hours; once they are reported (now or before), what was reported instead. */
export function ReportHoursForm({ signupId, reported: already = null }: { signupId: string; reported?: Reported | null }) {
  const { t } = useI18n();
  const [reported, setReported] = useState<Reported | null>(already);
  const { busy, problems, networkFailed, run, retry } = useSubmission<Reported>();

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const input = { signupId, hours: String(form.get("hours") ?? "").trim(), note: String(form.get("note") ?? "").trim() };
    await run(
      async () => outcomeOf((await request(ReportHoursDocument, { input })).reportHours, "VolunteerHoursEntry"),
      (value) => setReported(value),
    );
  }

  if (reported) return <HoursReported reported={reported} />;
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
