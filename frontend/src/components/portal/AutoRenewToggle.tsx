"use client";
/** Turns a membership's automatic renewal on (with the saved card) or off; problems are shown beside it. */
import { useState } from "react";

import { ActionError, useHydrated, useSubmission } from "@/components/forms";
import { SetMembershipAutoRenewDocument } from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { request } from "@/lib/client";
import { outcomeOf } from "@/lib/graphql";

export function AutoRenewToggle({ membershipId, initial }: { membershipId: string; initial: boolean }) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const [on, setOn] = useState(initial);
  const [saved, setSaved] = useState(false);
  const { busy, problems, networkFailed, run } = useSubmission<{ autoRenew: boolean }>();
  const messages = [...problems.form, ...Object.values(problems.fields).flat()];

  async function toggle() {
    setSaved(false);
    await run(
      async () =>
        outcomeOf(
          (await request(SetMembershipAutoRenewDocument, { membershipId, autoRenew: !on })).setMembershipAutoRenew,
          "Membership",
        ),
      (value) => {
        setOn(value.autoRenew);
        setSaved(true);
      },
    );
  }

  return (
    <div>
      <button type="button" className="secondary" onClick={toggle} disabled={busy || !hydrated}>
        {on ? t.membership.autoRenewOff : t.membership.autoRenewOn}
      </button>
      <p role="status" className="meta">
        {saved ? t.membership.autoRenewSaved : ""}
      </p>
      <ActionError messages={messages} networkFailed={networkFailed} />
    </div>
  );
}
