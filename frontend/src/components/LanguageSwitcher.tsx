"use client";
/**
 * The language menu: a disclosure (<details>, so it opens without JavaScript) of plain links, each language named
 * in itself. A link asks /locale/ to remember the choice in a cookie and come back to this page (its query
 * string included once the page is interactive). Escape closes it.
 */
import { useRef } from "react";
import { usePathname } from "next/navigation";

import { useI18n } from "@/i18n/client";
import { LOCALES, LOCALE_NAMES, type Locale } from "@/i18n/config";

function hrefFor(locale: Locale, next: string): string {
  return `/locale/?${new URLSearchParams({ locale, next })}`;
}

function GlobeIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="1.6">
      <circle cx="10" cy="10" r="8" />
      <path d="M2 10h16M10 2c2.5 2.2 3.6 5 3.6 8s-1.1 5.8-3.6 8c-2.5-2.2-3.6-5-3.6-8S7.5 4.2 10 2Z" />
    </svg>
  );
}

export function LanguageSwitcher() {
  const { locale, t } = useI18n();
  const pathname = usePathname();
  const details = useRef<HTMLDetailsElement>(null);

  const onKeyDown = (event: React.KeyboardEvent<HTMLDetailsElement>) => {
    if (event.key !== "Escape" || !details.current?.open) return;
    event.stopPropagation(); // close this menu only, not the header's menu around it
    details.current.open = false;
    details.current.querySelector("summary")?.focus();
  };

  return (
    <details className="language-menu" ref={details} onKeyDown={onKeyDown}>
      <summary>
        <GlobeIcon />
        <span className="visually-hidden">{t.site.language}: </span>
        <span lang={locale}>{LOCALE_NAMES[locale]}</span>
      </summary>
      <ul className="language-list">
        {LOCALES.map((code) => (
          <li key={code}>
            <a
              href={hrefFor(code, pathname)}
              lang={code}
              hrefLang={code}
              rel="nofollow"
              aria-current={code === locale ? "true" : undefined}
              onClick={(event) => {
                event.currentTarget.href = hrefFor(code, `${window.location.pathname}${window.location.search}`);
              }}
            >
              {LOCALE_NAMES[code]}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}
