"use client";
/** Signs the member up for a shift (or onto its waitlist when it is full) and says which happened. */
import { useState } from "react";

import { ActionError, useHydrated, useSubmission } from "@/components/forms";
import { SignUpForShiftDocument } from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { request } from "@/lib/client";
import { outcomeOf } from "@/lib/graphql";

export function ShiftSignUpButton({ shiftId, full, label }: { shiftId: string; full: boolean; label: string }) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const [status, setStatus] = useState<string | null>(null);
  const { busy, problems, networkFailed, run } = useSubmission<{ status: string }>();
  const messages = [...problems.form, ...Object.values(problems.fields).flat()];

  if (status) {
    return (
      <p role="status" className="notice">
        {status === "WAITLISTED" ? t.volunteer.waitlisted : t.volunteer.signedUp}
      </p>
    );
  }
  return (
    <div>
      <button
        type="button"
        className={full ? "secondary" : undefined}
        disabled={busy || !hydrated}
        aria-label={label}
        onClick={() =>
          run(
            async () => outcomeOf((await request(SignUpForShiftDocument, { shiftId })).signUpForShift, "ShiftSignup"),
            (value) => setStatus(value.status),
          )
        }
      >
        {full ? t.volunteer.joinWaitlist : t.volunteer.signUp}
      </button>
      <ActionError messages={messages} networkFailed={networkFailed} />
    </div>
  );
}
