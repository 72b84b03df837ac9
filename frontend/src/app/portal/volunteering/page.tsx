import type { Metadata } from "next";
import Link from "next/link";

import { CancelSignupButton, CopyField, ReportHoursForm } from "@/components/volunteer/VolunteerActions";
import { MyVolunteeringDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { formatShift, interpolate, plural } from "@/i18n/format";
import { requireMe } from "@/lib/member";
import { serverQuery } from "@/lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.volunteer.portalTitle, robots: { index: false } };
}

/** Whether a shift is over (server-rendered per request, so "now" is the request's time). */
function hasEnded(endsAt: string): boolean {
  return new Date(endsAt).getTime() < Date.now();
}

const HOLDING_A_PLACE = new Set(["SIGNED_UP", "CONFIRMED", "WAITLISTED"]);

export default async function VolunteeringPage() {
  const { locale, t } = await i18n();
  await requireMe("/portal/volunteering/");
  const { upcoming, all, myVolunteerTotals, myCalendarFeedUrl } = await serverQuery(MyVolunteeringDocument);
  const coming = upcoming.edges.map(({ node }) => node).filter((signup) => signup.status !== "CANCELLED");
  const past = all.edges
    .map(({ node }) => node)
    .filter((signup) => hasEnded(signup.shift.endsAt) && ["SIGNED_UP", "CONFIRMED", "ATTENDED"].includes(signup.status));
  const when = (shift: (typeof coming)[number]["shift"]) =>
    interpolate(t.volunteer.when, formatShift(shift.startsAt, shift.endsAt, shift.timeZone, locale));
  return (
    <>
      <h1>{t.volunteer.portalTitle}</h1>
      {myVolunteerTotals ? (
        <>
          <h2>{t.volunteer.totalsHeading}</h2>
          <p>
            {interpolate(t.counts.volunteerTotals, {
              approved: plural(t.counts.approvedHours, Number(myVolunteerTotals.approvedHours), locale),
              pending: plural(t.counts.pendingHours, Number(myVolunteerTotals.pendingHours), locale),
              shifts: plural(t.counts.shiftsAttended, myVolunteerTotals.shiftsAttended, locale),
            })}
          </p>
        </>
      ) : null}

      <h2>{t.volunteer.upcomingHeading}</h2>
      {coming.length === 0 ? <p>{t.volunteer.noUpcoming}</p> : null}
      <ul className="shift-list">
        {coming.map((signup) => (
          <li key={signup.id} className="opportunity" data-testid="my-shift" data-signup-id={signup.id}>
            <p>
              <strong>{signup.shift.opportunity.title}</strong> — {when(signup.shift)}
              <br />
              {t.volunteer.statuses[signup.status]}
            </p>
            {HOLDING_A_PLACE.has(signup.status) ? (
              <CancelSignupButton signupId={signup.id} label={`${t.volunteer.cancel}: ${signup.shift.opportunity.title}, ${when(signup.shift)}`} />
            ) : null}
          </li>
        ))}
      </ul>
      <p>
        <Link href="/volunteer/">{t.volunteer.findShifts}</Link>
      </p>

      <h2>{t.volunteer.reportHeading}</h2>
      {past.length === 0 ? <p>{t.volunteer.noPast}</p> : null}
      <ul className="shift-list">
        {past.slice(0, 10).map((signup) => (
          <li key={signup.id} className="opportunity">
            <p>
              <strong>{signup.shift.opportunity.title}</strong> — {when(signup.shift)}
            </p>
            <ReportHoursForm signupId={signup.id} reported={signup.hoursReported} />
          </li>
        ))}
      </ul>

      {myCalendarFeedUrl ? (
        <>
          <h2>{t.volunteer.calendarHeading}</h2>
          <p className="hint">{t.volunteer.calendarHint}</p>
          <CopyField value={myCalendarFeedUrl} label={t.volunteer.calendarUrl} />
        </>
      ) : null}
    </>
  );
}
