import { describe, expect, it } from "vitest";

import { addMonths, localDay, monthRange, monthWeeks, pageCursor, readShiftQuery, shiftFilter, shiftHref } from "./shifts";

describe("the shifts page's address", () => {
  it("reads filters, keeps real dates and says which dates it could not read", () => {
    const { query, invalid } = readShiftQuery({ place: " Leeds ", skill: "Cooking", from: "2026-02-30", to: "2026-03-01", view: "calendar" });
    expect(query).toMatchObject({ place: "Leeds", skill: "Cooking", from: "", to: "2026-03-01", view: "calendar" });
    expect(invalid).toEqual(["from"]);
    expect(readShiftQuery({ view: "other", month: "2026-13" }).query).toMatchObject({ view: "list", month: "" });
  });

  it("sends on only page cursors the API could have written", () => {
    expect(pageCursor(btoa("arrayconnection:29"))).toBe(btoa("arrayconnection:29"));
    expect(pageCursor(btoa("arrayconnection:-5"))).toBe("");
    expect(pageCursor("zzz")).toBe("");
    expect(pageCursor("<script>")).toBe("");
  });

  it("writes the address back without empty values, so links keep only the filters in use", () => {
    expect(shiftHref({ view: "list", place: "Leeds", skill: "", from: "2026-03-01" })).toBe("/volunteer/?place=Leeds&from=2026-03-01");
    expect(shiftHref({ view: "list" })).toBe("/volunteer/");
  });

  it("asks the API for the online filter and the overlap of the chosen days with the month", () => {
    const { query } = readShiftQuery({ place: "online", from: "2026-03-10" });
    expect(shiftFilter(query, monthRange("2026-03"))).toEqual({
      place: null,
      online: true,
      skill: null,
      fromDate: "2026-03-10",
      toDate: "2026-03-31",
    });
    expect(shiftFilter(readShiftQuery({ place: "Leeds" }).query)).toMatchObject({ place: "Leeds", online: null, fromDate: null });
  });
});

describe("the calendar's days", () => {
  it("lays a month out in weeks from Monday", () => {
    const weeks = monthWeeks("2026-12"); // 1 December 2026 is a Tuesday
    expect(weeks[0]).toEqual([null, "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
    expect(weeks.at(-1)?.filter(Boolean).at(-1)).toBe("2026-12-31");
    expect(weeks.every((week) => week.length === 7)).toBe(true);
    expect(monthRange("2028-02")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
  });

  it("puts a shift on the day its own clocks read", () => {
    // 23:30 UTC on 10 December is the 11th in Bangkok and still the 10th in London
    expect(localDay("2026-12-10T23:30:00Z", "Asia/Bangkok")).toBe("2026-12-11");
    expect(localDay("2026-12-10T23:30:00Z", "Europe/London")).toBe("2026-12-10");
  });
});
