import Link from "next/link";

import { interpolate } from "@/i18n/format";
import { i18n } from "@/i18n/server";
import { siteChrome } from "@/lib/chrome";

import { HeaderMenu } from "./HeaderMenu";
import { LanguageSwitcher } from "./LanguageSwitcher";
import { NavLinks } from "./NavLinks";
import { SignOutButton } from "./SignOutButton";

/**
 * The organisation's logo (or name), the menu and account links (behind a menu button on small screens), the
 * language menu and a Donate button that is always in view.
 */
export async function SiteHeader() {
  const { t } = await i18n();
  const { siteTheme, menu, viewer } = await siteChrome();
  const name = siteTheme.organisationName || t.site.name;
  const logo = siteTheme.logo?.rendition;
  return (
    <header className="site-header">
      <div className="container header-bar">
        <Link className="brand" href="/">
          {logo ? <img src={logo.url} width={logo.width} height={logo.height} alt={name} /> : name}
        </Link>
        <HeaderMenu>
          <nav aria-label={t.site.mainMenu} className="main-nav">
            <NavLinks links={[{ title: t.site.home, path: "/" }, ...menu]} />
          </nav>
          <div className="header-tools">
            <nav aria-label={t.site.accountMenu}>
              {viewer?.signedIn ? (
                <ul className="nav-list">
                  {viewer.displayName ? (
                    <li className="signed-in-as">{interpolate(t.account.signedInAs, { name: viewer.displayName })}</li>
                  ) : null}
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
        </HeaderMenu>
        <Link className="button donate-button" href="/donate/">
          {t.site.donate}
        </Link>
      </div>
    </header>
  );
}
