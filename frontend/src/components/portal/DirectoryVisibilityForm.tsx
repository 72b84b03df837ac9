"use client";
import { useState } from "react";

import { Checkbox, FormStatus, useSubmission } from "@/components/forms";
import { UpdateDirectoryVisibilityDocument, type UpdateDirectoryVisibilityMutation } from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { request } from "@/lib/client";
import { outcomeOf } from "@/lib/graphql";
import type { Me } from "@/lib/member";

type Saved = Extract<UpdateDirectoryVisibilityMutation["updateDirectoryVisibility"], { __typename: "Member" }>;

export function DirectoryVisibilityForm({ visibility }: { visibility: Me["directoryVisibility"] }) {
  const { t } = useI18n();
  const { busy, problems, networkFailed, run, retry } = useSubmission<Saved>();
  const [optIn, setOptIn] = useState(visibility.optIn);
  const [saved, setSaved] = useState(false);

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(false);
    const form = new FormData(event.currentTarget);
    const input = {
      optIn: form.get("optIn") === "on",
      showEmail: form.get("showEmail") === "on",
      showPhone: form.get("showPhone") === "on",
      showCity: form.get("showCity") === "on",
    };
    await run(
      async () =>
        outcomeOf((await request(UpdateDirectoryVisibilityDocument, { input })).updateDirectoryVisibility, "Member"),
      () => setSaved(true),
    );
  }

  return (
    <form className="stack" onSubmit={onSubmit}>
      <FormStatus problems={problems} networkFailed={networkFailed} onRetry={retry} busy={busy} />
      {saved ? (
        <p className="notice" role="status">
          {t.portal.consentSaved}
        </p>
      ) : null}
      <Checkbox
        name="optIn"
        label={t.portal.directoryOptIn}
        defaultChecked={visibility.optIn}
        onChange={(event) => setOptIn(event.currentTarget.checked)}
        errors={problems.fields.optIn}
      />
      <Checkbox name="showEmail" label={t.portal.directoryShowEmail} defaultChecked={visibility.showEmail} disabled={!optIn} errors={problems.fields.showEmail} />
      <Checkbox name="showPhone" label={t.portal.directoryShowPhone} defaultChecked={visibility.showPhone} disabled={!optIn} errors={problems.fields.showPhone} />
      <Checkbox name="showCity" label={t.portal.directoryShowCity} defaultChecked={visibility.showCity} disabled={!optIn} errors={problems.fields.showCity} />
      <div>
        <button type="submit" disabled={busy}>
          {busy ? t.portal.saving : t.portal.save}
        </button>
      </div>
    </form>
  );
}
