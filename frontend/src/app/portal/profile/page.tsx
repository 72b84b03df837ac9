import type { Metadata } from "next";

import { ProfileForm } from "@/components/portal/ProfileForm";
import { AddressCountriesDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { requireMe } from "@/lib/member";
import { serverQuery } from "@/lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.portal.profileTitle, robots: { index: false } };
}

export default async function ProfilePage() {
  const { t } = await i18n();
  const me = await requireMe("/portal/profile/");
  const { addressCountries } = await serverQuery(AddressCountriesDocument);
  return (
    <>
      <h1>{t.portal.profileTitle}</h1>
      <ProfileForm member={me} countries={addressCountries} />
      <section aria-labelledby="household-heading">
        <h2 id="household-heading">{t.portal.householdHeading}</h2>
        {me.household ? (
          <>
            <p>{me.household.displayName}</p>
            <ul>
              {me.household.members.map((person, index) => (
                <li key={index}>{person.displayName}</li>
              ))}
            </ul>
          </>
        ) : (
          <p>{t.portal.householdNone}</p>
        )}
      </section>
    </>
  );
}
