"use client";
import { useI18n } from "@/i18n/client";

/** A page that failed to load (the API down, say): say so, and offer to try again. */
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const { t } = useI18n();
  return (
    <div role="alert">
      <h1>{t.site.errorTitle}</h1>
      <p>{t.site.errorText}</p>
      <button type="button" onClick={reset}>
        {t.site.retry}
      </button>
    </div>
  );
}
