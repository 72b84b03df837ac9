"use client";
import { useState } from "react";

import { SignOutDocument } from "@/generated/graphql";
import { useI18n } from "@/i18n/client";
import { request } from "@/lib/client";

export function SignOutButton() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  async function signOut() {
    setBusy(true);
    setFailed(false);
    try {
      await request(SignOutDocument);
      // A full load: every server component re-renders for the signed-out visitor.
      // eslint-disable-next-line @next/next/no-location-assign-relative-destination -- a full load, so the session-dependent header renders anew
      window.location.assign("/");
    } catch {
      setFailed(true);
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className="secondary" onClick={signOut} disabled={busy}>
        {t.account.signOut}
      </button>
      {failed ? <span role="alert" className="field-error"> {t.form.networkError}</span> : null}
    </>
  );
}
