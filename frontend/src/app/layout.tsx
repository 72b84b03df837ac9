import type { Metadata } from "next";

import "./globals.css";
import { SiteHeader } from "@/components/SiteHeader";
import { I18nProvider } from "@/i18n/client";
import { i18n } from "@/i18n/server";
import { siteChrome } from "@/lib/chrome";
import { themeAttributes } from "@/lib/theme";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return {
    title: { default: t.site.name, template: `%s · ${t.site.name}` },
    // The favicon route serves the organisation's icon (or a default), so no page asks for a missing one.
    icons: { icon: [{ url: "/favicon.ico", sizes: "any" }] },
  };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale, t } = await i18n();
  const { siteTheme } = await siteChrome();
  // The organisation's colours and font, as CSS variables on <html>: server-rendered, so no flash of the defaults.
  const theme = themeAttributes(siteTheme);
  return (
    <html lang={locale} data-font={theme["data-font"]} style={theme.style as React.CSSProperties}>
      <body>
        <I18nProvider locale={locale} t={t}>
          <a className="skip-link" href="#main">
            {t.site.skipToContent}
          </a>
          <SiteHeader />
          <main id="main" tabIndex={-1}>
            <div className="container">{children}</div>
          </main>
          <footer className="site-footer">
            <div className="container">
              <p>{t.site.footer}</p>
            </div>
          </footer>
        </I18nProvider>
      </body>
    </html>
  );
}
