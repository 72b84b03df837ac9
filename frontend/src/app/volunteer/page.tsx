import type { Metadata } from "next";
import Link from "next/link";

import { ShiftSignUpButton } from "@/components/volunteer/ShiftSignUpButton";
import { VolunteerOpportunitiesDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { formatShift, interpolate } from "@/i18n/format";
import { serverQuery } from "@/lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.volunteer.title };
}

export default async function VolunteerPage() {
  const { locale, t } = await i18n();
  const { volunteerOpportunities, viewer } = await serverQuery(VolunteerOpportunitiesDocument);
  const opportunities = volunteerOpportunities.edges.map(({ node }) => node);
  return (
    <>
      <h1>{t.volunteer.title}</h1>
      <p className="intro">{t.volunteer.intro}</p>
      {opportunities.length === 0 ? <p>{t.volunteer.noOpportunities}</p> : null}
      {opportunities.map((opportunity) => (
        <section key={opportunity.id} className="opportunity" aria-labelledby={`opportunity-${opportunity.id}`}>
          <h2 id={`opportunity-${opportunity.id}`}>{opportunity.title}</h2>
          <p className="meta">
            {opportunity.isOnline ? t.volunteer.online : opportunity.location}
            {opportunity.requiresBackgroundCheck ? ` · ${t.volunteer.backgroundCheck}` : null}
          </p>
          {opportunity.description ? <p>{opportunity.description.replace(/<[^>]+>/g, "")}</p> : null}
          <h3>{t.volunteer.shiftsHeading}</h3>
          {opportunity.upcomingShifts.length === 0 ? <p>{t.volunteer.noShifts}</p> : null}
          <ul className="shift-list">
            {opportunity.upcomingShifts.slice(0, 8).map((shift) => {
              const when = interpolate(t.volunteer.when, formatShift(shift.startsAt, shift.endsAt, shift.timeZone, locale));
              const full = shift.freePlaces <= 0;
              return (
                <li key={shift.id} className="shift" data-testid="shift" data-shift-id={shift.id}>
                  <p>
                    <strong>{when}</strong>
                    <br />
                    {full
                      ? t.volunteer.full
                      : interpolate(t.volunteer.freePlaces, { count: shift.freePlaces, capacity: shift.capacity })}
                  </p>
                  {full && !shift.waitlistEnabled ? null : viewer.signedIn ? (
                    <ShiftSignUpButton
                      shiftId={shift.id}
                      full={full}
                      label={`${full ? t.volunteer.joinWaitlist : t.volunteer.signUp}: ${opportunity.title}, ${when}`}
                    />
                  ) : (
                    <Link href={`/account/sign-in/?next=${encodeURIComponent("/volunteer/")}`}>{t.volunteer.signInToSignUp}</Link>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </>
  );
}
