import { PortalNav } from "@/components/portal/PortalNav";
import { i18n } from "@/i18n/server";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const { t } = await i18n();
  return (
    <>
      <nav aria-label={t.account.portal} className="portal-nav">
        <PortalNav
          links={[
            { title: t.portal.nav.dashboard, path: "/portal/" },
            { title: t.giving.navLabel, path: "/portal/giving/" },
            { title: t.volunteer.navLabel, path: "/portal/volunteering/" },
            { title: t.portal.nav.profile, path: "/portal/profile/" },
            { title: t.portal.nav.preferences, path: "/portal/preferences/" },
            { title: t.sentMessages.navLabel, path: "/portal/messages/" },
            { title: t.portal.nav.directory, path: "/portal/directory/" },
          ]}
        />
      </nav>
      {children}
    </>
  );
}
