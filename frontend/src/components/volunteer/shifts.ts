/** The public shifts page's address (its filters and view as GET parameters) and the calendar's days. */

/** What the address asks for; every value as the visitor can share it. */
export type ShiftQuery = {
  view: "list" | "calendar";
  place: string;
  skill: string;
  from: string;
  to: string;
  month: string;
  day: string;
  after: string;
};

export type ShiftSearchParams = { [K in keyof ShiftQuery]?: string | string[] };

/** The place filter's value for opportunities done online (a location is never this word in lower case). */
export const ONLINE = "online";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_MONTH = /^\d{4}-\d{2}$/;

/** A real calendar date written YYYY-MM-DD (not 2026-02-30), or "". */
export function isoDate(value: string): string {
  if (!ISO_DATE.test(value)) return "";
  const [year, month, day] = value.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && year >= 1900 && year <= 9000
    ? value
    : "";
}

function isoMonth(value: string): string {
  return ISO_MONTH.test(value) && isoDate(`${value}-01`) ? value : "";
}

/** A page cursor as the API writes it (base64 of "arrayconnection:N"), or "": a made-up one is not sent on. */
export function pageCursor(value: string): string {
  if (!/^[A-Za-z0-9+/]{1,40}={0,2}$/.test(value)) return "";
  try {
    return /^arrayconnection:\d{1,9}$/.test(atob(value)) ? value : "";
  } catch {
    return "";
  }
}

function first(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value[0] : value)?.trim().slice(0, 255) ?? "";
}

/** The query read from the address; what cannot be read is left out, and `invalid` says which dates those were. */
export function readShiftQuery(params: ShiftSearchParams): { query: ShiftQuery; invalid: ("from" | "to")[] } {
  const raw = { from: first(params.from), to: first(params.to) };
  const query: ShiftQuery = {
    view: first(params.view) === "calendar" ? "calendar" : "list",
    place: first(params.place),
    skill: first(params.skill),
    from: isoDate(raw.from),
    to: isoDate(raw.to),
    month: isoMonth(first(params.month)),
    day: isoDate(first(params.day)),
    after: pageCursor(first(params.after)),
  };
  const invalid = (["from", "to"] as const).filter((key) => raw[key] && !query[key]);
  return { query, invalid };
}

/** The page's address for a query (empty values left out), so links keep the filters. */
export function shiftHref(query: Partial<ShiftQuery>): string {
  const params = new URLSearchParams();
  for (const key of ["view", "place", "skill", "from", "to", "month", "day", "after"] as const) {
    const value = query[key];
    if (value && !(key === "view" && value === "list")) params.set(key, value);
  }
  const search = params.toString();
  return search ? `/volunteer/?${search}` : "/volunteer/";
}

export function hasFilters(query: ShiftQuery): boolean {
  return Boolean(query.place || query.skill || query.from || query.to);
}

/** The API's filter for the query (place "online" is the online filter). */
export function shiftFilter(query: ShiftQuery, range?: { from: string; to: string }) {
  const from = [query.from, range?.from].filter(Boolean).sort().at(-1) ?? null;
  const to = [query.to, range?.to].filter(Boolean).sort().at(0) ?? null;
  return {
    place: query.place && query.place !== ONLINE ? query.place : null,
    online: query.place === ONLINE ? true : null,
    skill: query.skill || null,
    fromDate: from,
    toDate: to,
  };
}

/** The day (YYYY-MM-DD) an instant falls on as the clocks of a time zone read it. */
export function localDay(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(
    new Date(instant),
  );
  const part = (type: string) => parts.find((item) => item.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")}`;
}

/** The month (YYYY-MM) before or after one. */
export function addMonths(month: string, count: number): string {
  const [year, index] = month.split("-").map(Number) as [number, number];
  const date = new Date(Date.UTC(year, index - 1 + count, 1));
  return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The first and last days of a month. */
export function monthRange(month: string): { from: string; to: string } {
  const [year, index] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(year, index, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, "0")}` };
}

/** The weeks of a month, Monday first: each a list of seven days (YYYY-MM-DD), null outside the month. */
export function monthWeeks(month: string): (string | null)[][] {
  const { to } = monthRange(month);
  const [year, index] = month.split("-").map(Number) as [number, number];
  const lead = (new Date(Date.UTC(year, index - 1, 1)).getUTCDay() + 6) % 7; // Monday = 0
  const days: (string | null)[] = Array.from({ length: lead }, () => null);
  const count = Number(to.slice(8));
  for (let day = 1; day <= count; day += 1) days.push(`${month}-${String(day).padStart(2, "0")}`);
  while (days.length % 7) days.push(null);
  return Array.from({ length: days.length / 7 }, (_, week) => days.slice(week * 7, week * 7 + 7));
}
