import type { Metadata } from "next";
import Link from "next/link";

import { ShiftPlacesProvider } from "@/components/volunteer/ShiftPlaces";
import { ShiftCalendar, ShiftFilters, ShiftList, ViewSwitch, byDay } from "@/components/volunteer/ShiftViews";
import {
  type ShiftSearchParams,
  hasFilters,
  monthRange,
  readShiftQuery,
  shiftFilter,
  shiftHref,
} from "@/components/volunteer/shifts";
import { VolunteerShiftsDocument } from "@/generated/graphql";
import { i18n } from "@/i18n/server";
import { interpolate } from "@/i18n/format";
import { serverQuery } from "@/lib/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await i18n();
  return { title: t.volunteer.title };
}

const PAGE_SIZE = 30;
/** A month's calendar reads at most this many shifts (the API's largest page). */
const MONTH_SIZE = 100;

export default async function VolunteerPage({
  searchParams,
}: {
  searchParams: Promise<{ view?: string; place?: string; skill?: string; from?: string; to?: string; month?: string; day?: string; after?: string }>;
}) {
  const { locale, t } = await i18n();
  const { query, invalid } = readShiftQuery((await searchParams) as ShiftSearchParams);
  const calendar = query.view === "calendar";
  // The calendar's month: the one asked for, else the first filtered day's, else this month (the server's date).
  const month = query.month || (query.from || new Date().toISOString()).slice(0, 7);
  const range = calendar ? monthRange(month) : undefined;
  const data = await serverQuery(VolunteerShiftsDocument, {
    filter: shiftFilter(query, range),
    first: calendar ? MONTH_SIZE : PAGE_SIZE,
    after: calendar ? null : query.after || null,
  });
  const { volunteerShifts, volunteerPlaces, volunteerSkills, viewer } = data;
  const shifts = volunteerShifts.edges.map(({ node }) => node);
  const places = Object.fromEntries(shifts.map((shift) => [shift.id, { freePlaces: shift.freePlaces, capacity: shift.capacity }]));
  const here = shiftHref(query);
  const days = byDay(shifts);
  const selected = calendar ? (query.day && query.day.startsWith(month) ? query.day : ([...days.keys()][0] ?? "")) : "";
  const filtered = hasFilters(query);

  return (
    <>
      <h1>{t.volunteer.title}</h1>
      <p className="intro">{t.volunteer.intro}</p>
      <ShiftFilters t={t} locale={locale} query={query} places={volunteerPlaces} skills={volunteerSkills.map(({ name }) => name)} invalid={invalid} />
      <ViewSwitch t={t} locale={locale} query={{ ...query, month: calendar ? month : "" }} />
      <p role="status" className="meta" data-testid="shift-count">
        {interpolate(calendar ? t.volunteer.shiftsThisMonth : t.volunteer.shiftsFound, { count: volunteerShifts.totalCount ?? shifts.length })}
      </p>
      <ShiftPlacesProvider initial={places}>
        {shifts.length === 0 && !calendar ? (
          <p className="notice" data-testid="no-shifts">
            {filtered ? (
              <>
                {t.volunteer.noMatch} <Link href={shiftHref({ view: query.view })}>{t.volunteer.clearFilters}</Link>
              </>
            ) : (
              t.volunteer.noOpportunities
            )}
          </p>
        ) : null}
        {calendar ? (
          <>
            {shifts.length === 0 ? (
              <p className="notice" data-testid="no-shifts">
                {t.volunteer.noShiftsThisMonth}{" "}
                {filtered ? <Link href={shiftHref({ view: "calendar", month })}>{t.volunteer.clearFilters}</Link> : null}
              </p>
            ) : null}
            {volunteerShifts.pageInfo.hasNextPage ? <p className="meta">{interpolate(t.volunteer.monthTruncated, { count: MONTH_SIZE })}</p> : null}
            <ShiftCalendar t={t} locale={locale} query={query} month={month} shifts={shifts} selected={selected} signedIn={viewer.signedIn} />
          </>
        ) : (
          <>
            <ShiftList t={t} locale={locale} shifts={shifts} signedIn={viewer.signedIn} next={here} />
            <nav aria-label={t.volunteer.pagesLabel} className="actions">
              {query.after ? <Link href={shiftHref({ ...query, after: "" })}>{t.volunteer.firstShifts}</Link> : null}
              {volunteerShifts.pageInfo.hasNextPage && volunteerShifts.pageInfo.endCursor ? (
                <Link href={shiftHref({ ...query, after: volunteerShifts.pageInfo.endCursor })}>{t.volunteer.moreShifts}</Link>
              ) : null}
            </nav>
          </>
        )}
      </ShiftPlacesProvider>
    </>
  );
}
