"use client";
/**
 * Signs the member up for a shift (or onto its waitlist when it is full), says which happened and offers to cancel;
 * the shift's free places update everywhere on the page from the shift the API hands back.
 */
import { useState } from "react";

import { ActionError, useHydrated, useSubmission } from "@/components/forms";
import { CancelSignupDocument, SignUpForShiftDocument } from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { request } from "@/lib/client";
import { outcomeOf } from "@/lib/graphql";

import { type Places, useShiftPlaces } from "./ShiftPlaces";

type SignedUp = { id: string; status: string; shift: { id: string } & Places };

export function ShiftSignUpButton({
  shiftId,
  initial,
  waitlistEnabled,
  subject,
}: {
  shiftId: string;
  initial: Places;
  waitlistEnabled: boolean;
  /** Which shift, for the buttons' names: e.g. "Food bank sorting, Saturday 5 December 2026, 09:00–12:00". */
  subject: string;
}) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const { places, update } = useShiftPlaces(shiftId, initial);
  const [signup, setSignup] = useState<SignedUp | null>(null);
  const [cancelled, setCancelled] = useState(false);
  const { busy, problems, networkFailed, run } = useSubmission<SignedUp>();
  const messages = [...problems.form, ...Object.values(problems.fields).flat()];
  const full = places.freePlaces <= 0;

  if (signup) {
    return (
      <div>
        <p role="status" className="notice">
          {signup.status === "WAITLISTED" ? t.volunteer.waitlisted : t.volunteer.signedUp}
        </p>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          aria-label={`${t.volunteer.cancel}: ${subject}`}
          onClick={() =>
            run(
              async () => outcomeOf((await request(CancelSignupDocument, { signupId: signup.id })).cancelSignup, "ShiftSignup"),
              (value) => {
                update(value.shift);
                setSignup(null);
                setCancelled(true);
              },
            )
          }
        >
          {t.volunteer.cancel}
        </button>
        <ActionError messages={messages} networkFailed={networkFailed} />
      </div>
    );
  }
  if (full && !waitlistEnabled) return null;
  return (
    <div>
      {cancelled ? (
        <p role="status" className="meta">
          {t.volunteer.cancelled}
        </p>
      ) : null}
      <button
        type="button"
        className={full ? "secondary" : undefined}
        disabled={busy || !hydrated}
        aria-label={`${full ? t.volunteer.joinWaitlist : t.volunteer.signUp}: ${subject}`}
        onClick={() =>
          run(
            async () => outcomeOf((await request(SignUpForShiftDocument, { shiftId })).signUpForShift, "ShiftSignup"),
            (value) => {
              update(value.shift);
              setCancelled(false);
              setSignup(value);
            },
          )
        }
      >
        {full ? t.volunteer.joinWaitlist : t.volunteer.signUp}
      </button>
      <ActionError messages={messages} networkFailed={networkFailed} />
    </div>
  );
}
