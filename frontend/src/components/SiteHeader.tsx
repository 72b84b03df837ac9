import Link from "next/link";

import { MenuDocument, type MenuQuery, ViewerDocument, type ViewerQuery } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { serverQuery } from "@/lib/server";

import { LanguageSwitcher } from "./LanguageSwitcher";
import { NavLinks } from "./NavLinks";
import { SignOutButton } from "./SignOutButton";

async function headerData(): Promise<{ menu: MenuQuery["menu"]; viewer: ViewerQuery["viewer"] | null }> {
  // The header must not take the page down with it: without the API it shows the site name and the account link.
  const [menu, viewer] = await Promise.all([
    serverQuery(MenuDocument).then((data) => data.menu, () => []),
    serverQuery(ViewerDocument).then((data) => data.viewer, () => null),
  ]);
  return { menu, viewer };
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
