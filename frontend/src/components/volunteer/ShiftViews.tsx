/**
 * The public shifts page's parts, rendered on the server: the filters (a GET form: it works without JavaScript and
 * its address can be shared), the list/calendar switch, a shift's card, the list by day and the month calendar.
 */
import Link from "next/link";

import type { VolunteerShiftsQuery } from "@/generated/graphql";
import type { Locale } from "@/i18n/config";
import { formatShift, interpolate } from "@/i18n/format";
import type { Messages } from "@/i18n/messages";

import { FreePlaces } from "./ShiftPlaces";
import { ShiftSignUpButton } from "./ShiftSignUpButton";
import styles from "./ShiftViews.module.css";
import { ONLINE, type ShiftQuery, addMonths, localDay, monthWeeks, shiftHref } from "./shifts";

export type ShiftNode = VolunteerShiftsQuery["volunteerShifts"]["edges"][number]["node"];
type Common = { t: Messages; locale: Locale };

function dayTitle(day: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
}

export function ShiftFilters({
  t,
  query,
  places,
  skills,
  invalid,
}: Common & { query: ShiftQuery; places: string[]; skills: string[]; invalid: string[] }) {
  const clear = shiftHref({ view: query.view });
  return (
    <form method="get" action="/volunteer/" className={styles.filters} aria-label={t.volunteer.filtersLabel}>
      {query.view === "calendar" ? <input type="hidden" name="view" value="calendar" /> : null}
      <div>
        <label htmlFor="filter-place">{t.volunteer.place}</label>
        <select id="filter-place" name="place" defaultValue={query.place}>
          <option value="">{t.volunteer.anyPlace}</option>
          <option value={ONLINE}>{t.volunteer.online}</option>
          {places.map((place) => (
            <option key={place} value={place}>
              {place}
            </option>
          ))}
          {query.place && query.place !== ONLINE && !places.includes(query.place) ? (
            <option value={query.place}>{query.place}</option>
          ) : null}
        </select>
      </div>
      <div>
        <label htmlFor="filter-skill">{t.volunteer.skill}</label>
        <select id="filter-skill" name="skill" defaultValue={query.skill}>
          <option value="">{t.volunteer.anySkill}</option>
          {skills.map((skill) => (
            <option key={skill} value={skill}>
              {skill}
            </option>
          ))}
          {query.skill && !skills.includes(query.skill) ? <option value={query.skill}>{query.skill}</option> : null}
        </select>
      </div>
      <div>
        <label htmlFor="filter-from">{t.volunteer.fromDate}</label>
        <input id="filter-from" name="from" type="date" defaultValue={query.from} aria-invalid={invalid.includes("from") || undefined} />
      </div>
      <div>
        <label htmlFor="filter-to">{t.volunteer.toDate}</label>
        <input id="filter-to" name="to" type="date" defaultValue={query.to} aria-invalid={invalid.includes("to") || undefined} />
      </div>
      <div className={styles.filterActions}>
        <button type="submit">{t.volunteer.applyFilters}</button>
        <Link href={clear}>{t.volunteer.clearFilters}</Link>
      </div>
      {invalid.length ? (
        <p className="field-error" role="alert">
          {t.volunteer.invalidDate}
        </p>
      ) : null}
    </form>
  );
}

export function ViewSwitch({ t, query }: Common & { query: ShiftQuery }) {
  const views = [
    { view: "list" as const, label: t.volunteer.listView },
    { view: "calendar" as const, label: t.volunteer.calendarView },
  ];
  return (
    <nav aria-label={t.volunteer.viewLabel} className={styles.views}>
      {views.map(({ view, label }) => (
        <Link
          key={view}
          href={shiftHref({ ...query, view, after: "", day: "", month: view === "calendar" ? query.month : "" })}
          aria-current={query.view === view ? "page" : undefined}
          className={styles.viewLink}
        >
          {label}
        </Link>
      ))}
    </nav>
  );
}

export function ShiftCard({ t, locale, shift, signedIn, next }: Common & { shift: ShiftNode; signedIn: boolean; next: string }) {
  const { opportunity } = shift;
  const when = interpolate(t.volunteer.when, formatShift(shift.startsAt, shift.endsAt, shift.timeZone, locale));
  const places = { freePlaces: shift.freePlaces, capacity: shift.capacity };
  const skills = opportunity.skillsWanted.map(({ name }) => name);
  return (
    <li className={`shift ${styles.card}`} data-testid="shift" data-shift-id={shift.id}>
      <h3 className={styles.cardTitle}>{opportunity.title}</h3>
      <p>
        <strong>{when}</strong>
        <br />
        {opportunity.isOnline ? t.volunteer.online : opportunity.location}
        {skills.length ? ` · ${interpolate(t.volunteer.skillsWanted, { skills: skills.join(", ") })}` : null}
        {opportunity.requiresBackgroundCheck ? ` · ${t.volunteer.backgroundCheck}` : null}
        <br />
        <FreePlaces shiftId={shift.id} initial={places} />
      </p>
      {opportunity.description ? (
        <details className={styles.about}>
          <summary>{interpolate(t.volunteer.about, { title: opportunity.title })}</summary>
          <p>{opportunity.description.replace(/<[^>]+>/g, "")}</p>
        </details>
      ) : null}
      {signedIn ? (
        <ShiftSignUpButton shiftId={shift.id} initial={places} waitlistEnabled={shift.waitlistEnabled} subject={`${opportunity.title}, ${when}`} />
      ) : (
        <Link href={`/account/sign-in/?next=${encodeURIComponent(next)}`}>{t.volunteer.signInToSignUp}</Link>
      )}
    </li>
  );
}

/** Shifts grouped by the day they start on, in their own time zone (they come soonest first). */
export function byDay(shifts: ShiftNode[]): Map<string, ShiftNode[]> {
  const days = new Map<string, ShiftNode[]>();
  for (const shift of shifts) {
    const day = localDay(shift.startsAt, shift.timeZone);
    days.set(day, [...(days.get(day) ?? []), shift]);
  }
  return days;
}

export function ShiftList({ t, locale, shifts, signedIn, next }: Common & { shifts: ShiftNode[]; signedIn: boolean; next: string }) {
  return (
    <>
      {[...byDay(shifts)].map(([day, items]) => (
        <section key={day} aria-labelledby={`day-${day}`} className={styles.day}>
          <h2 id={`day-${day}`}>{dayTitle(day, locale)}</h2>
          <ul className={`shift-list ${styles.cards}`}>
            {items.map((shift) => (
              <ShiftCard key={shift.id} t={t} locale={locale} shift={shift} signedIn={signedIn} next={next} />
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/**
 * The month as a table of days (weeks as rows, Monday first): each day with shifts links to its list below the
 * table and, on wide screens, names its shifts with their free places; on a phone the table shows the day and how
 * many shifts it has, and the chosen day's shifts follow as a list.
 */
export function ShiftCalendar({
  t,
  locale,
  query,
  month,
  shifts,
  selected,
  signedIn,
}: Common & { query: ShiftQuery; month: string; shifts: ShiftNode[]; selected: string; signedIn: boolean }) {
  const days = byDay(shifts);
  const monthName = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(
    new Date(`${month}-15T12:00:00Z`),
  );
  const weekdays = Array.from({ length: 7 }, (_, index) => {
    const date = new Date(Date.UTC(2024, 0, 1 + index, 12)); // 1 January 2024 was a Monday
    return {
      short: new Intl.DateTimeFormat(locale, { weekday: "short", timeZone: "UTC" }).format(date),
      long: new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(date),
    };
  });
  const time = (shift: ShiftNode) =>
    new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: shift.timeZone }).format(new Date(shift.startsAt));
  const chosen = days.get(selected) ?? [];
  const next = shiftHref({ ...query, day: selected });
  return (
    <>
      <nav aria-label={t.volunteer.monthsLabel} className={styles.months}>
        <Link href={shiftHref({ ...query, month: addMonths(month, -1), day: "" })}>{t.volunteer.previousMonth}</Link>
        <Link href={shiftHref({ ...query, month: addMonths(month, 1), day: "" })}>{t.volunteer.nextMonth}</Link>
      </nav>
      <table className={styles.calendar} data-testid="calendar">
        <caption>{monthName}</caption>
        <thead>
          <tr>
            {weekdays.map(({ short, long }) => (
              <th key={long} scope="col">
                <abbr title={long}>{short}</abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthWeeks(month).map((week) => (
            <tr key={week.find(Boolean)}>
              {week.map((day, index) => {
                if (!day) return <td key={`empty-${index}`} className={styles.outside} />;
                const items = days.get(day) ?? [];
                const label = `${dayTitle(day, locale)}: ${interpolate(t.volunteer.shiftCount, { count: items.length })}`;
                return (
                  <td key={day} data-day={day} className={day === selected ? styles.selected : undefined}>
                    {items.length ? (
                      <Link
                        href={`${shiftHref({ ...query, month, day })}#shifts-of-day`}
                        aria-current={day === selected ? "date" : undefined}
                        className={styles.dayLink}
                      >
                        <span className={styles.dayNumber} aria-hidden="true">
                          {Number(day.slice(8))}
                        </span>
                        <span className="visually-hidden">{label}</span>
                        <span className={styles.count} aria-hidden="true">
                          {items.length}
                        </span>
                      </Link>
                    ) : (
                      <span className={styles.dayNumber}>{Number(day.slice(8))}</span>
                    )}
                    {items.length ? (
                      <ul className={styles.dayShifts}>
                        {items.map((shift) => (
                          <li key={shift.id} data-testid="calendar-shift" data-shift-id={shift.id}>
                            {time(shift)} {shift.opportunity.title}
                            <br />
                            <FreePlaces shiftId={shift.id} initial={{ freePlaces: shift.freePlaces, capacity: shift.capacity }} short />
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <section aria-labelledby="shifts-of-day" className={styles.day}>
        <h2 id="shifts-of-day" tabIndex={-1}>
          {selected ? interpolate(t.volunteer.shiftsOn, { day: dayTitle(selected, locale) }) : t.volunteer.pickDay}
        </h2>
        {selected && chosen.length === 0 ? <p>{t.volunteer.noShiftsThatDay}</p> : null}
        <ul className={`shift-list ${styles.cards}`}>
          {chosen.map((shift) => (
            <ShiftCard key={shift.id} t={t} locale={locale} shift={shift} signedIn={signedIn} next={next} />
          ))}
        </ul>
      </section>
    </>
  );
}
