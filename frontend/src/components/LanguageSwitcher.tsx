"use client";
import { usePathname } from "next/navigation";

import { useI18n } from "@/i18n/client";
import { LOCALES, LOCALE_NAMES } from "@/i18n/config";

/** A plain form (works without JavaScript): the route handler stores the choice in a cookie and comes back. */
export function LanguageSwitcher() {
  const { locale, t } = useI18n();
  const pathname = usePathname();
  return (
    <form className="inline-form" method="post" action="/locale/">
      <input type="hidden" name="next" value={pathname} />
      <div>
        <label htmlFor="language-select">{t.site.language}</label>
        <select id="language-select" name="locale" defaultValue={locale}>
          {LOCALES.map((code) => (
            <option key={code} value={code} lang={code}>
              {LOCALE_NAMES[code]}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="secondary">
        {t.site.change}
      </button>
    </form>
  );
}
