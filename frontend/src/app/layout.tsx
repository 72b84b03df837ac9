import type { Metadata } from "next";

import "./globals.css";
import { SiteHeader } from "@/components/SiteHeader";
import { I18nProvider } from "@/i18n/client";
import { i18n } from "@/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: { default: t.site.name, template: `%s · ${t.site.name}` } };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const { locale, t } = await i18n();
  return (
    <html lang={locale}>
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
