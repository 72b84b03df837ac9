"use client";
/**
 * The header's menu on small screens: a button (aria-expanded, aria-controls) that shows and hides the links. It
 * closes on Escape (focus back on the button), on following a link, and whenever the page changes. On wide screens
 * the links are always shown and the button is hidden (globals.css).
 *
 * Before the page is interactive (or without JavaScript) the button is a link to #site-menu, which the
 * stylesheet opens with :target, so the menu is reachable either way.
 */
import { useEffect, useRef, useState } from "react";
import { usePathname } from "next/navigation";

import { useHydrated } from "@/components/forms";
import { useI18n } from "@/i18n/client";

const MENU_ID = "site-menu";

function MenuIcon() {
  return (
    <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 20 20">
      <path d="M2 4.5h16M2 10h16M2 15.5h16" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}

export function HeaderMenu({ children }: { children: React.ReactNode }) {
  const { t } = useI18n();
  const hydrated = useHydrated();
  const pathname = usePathname();
  // Open on the page where it was opened only: moving to another page closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpenOn(null);
      button.current?.focus();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [open]);

  const closeOnLink = (event: React.MouseEvent<HTMLDivElement>) => {
    if ((event.target as Element).closest("a")) setOpenOn(null);
  };

  return (
    <>
      {hydrated ? (
        <button
          ref={button}
          type="button"
          className="menu-button secondary"
          aria-expanded={open}
          aria-controls={MENU_ID}
          onClick={() => setOpenOn(open ? null : pathname)}
        >
          <MenuIcon />
          <span>{t.site.menu}</span>
        </button>
      ) : (
        <a className="menu-button button secondary" href={`#${MENU_ID}`}>
          <MenuIcon />
          <span>{t.site.menu}</span>
        </a>
      )}
      <div id={MENU_ID} className="site-menu" data-open={hydrated ? String(open) : undefined} onClick={closeOnLink}>
        {children}
      </div>
    </>
  );
}
