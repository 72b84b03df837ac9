import Link from "next/link";

import { SiteHeaderDocument, type SiteHeaderQuery } from "@/generated/graphql";
import { interpolate } from "@/i18n/format";
import { i18n } from "@/i18n/server";
import { serverQuery } from "@/lib/server";

import { LanguageSwitcher } from "./LanguageSwitcher";
import { NavLinks } from "./NavLinks";
import { SignOutButton } from "./SignOutButton";

async function headerData(): Promise<{ menu: SiteHeaderQuery["menu"]; viewer: SiteHeaderQuery["viewer"] | null }> {
  // The header must not take the page down with it: without the API it shows the site name and the account links.
  try {
    return await serverQuery(SiteHeaderDocument);
  } catch {
    return { menu: [], viewer: null };
  }
}

export async function SiteHeader() {
  const { t } = await i18n();
  const { menu, viewer } = await headerData();
  return (
    <header className="site-header">
      <div className="container">
        <Link className="brand" href="/">
          {t.site.name}
        </Link>
        <nav aria-label={t.site.mainMenu}>
          <NavLinks links={[{ title: t.site.home, path: "/" }, ...menu]} />
        </nav>
        <div className="header-tools">
          <nav aria-label={t.site.accountMenu}>
            {viewer?.signedIn ? (
              <ul className="nav-list">
                {viewer.displayName ? <li>{interpolate(t.account.signedInAs, { name: viewer.displayName })}</li> : null}
                <li>
                  <Link href="/portal/">{t.account.portal}</Link>
                </li>
                <li>
                  <SignOutButton />
                </li>
              </ul>
            ) : (
              <ul className="nav-list">
                <li>
                  <Link href="/account/sign-in/">{t.account.signIn}</Link>
                </li>
                <li>
                  <Link href="/account/sign-up/">{t.account.signUp}</Link>
                </li>
              </ul>
            )}
          </nav>
          <LanguageSwitcher />
        </div>
      </div>
    </header>
  );
}
