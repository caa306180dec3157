import { describe, expect, it } from "vitest";
import { calendarDateIn, formatCalendarDate } from "./calendar.ts";

const dateIn = (instant: string, timeZone: string) => formatCalendarDate(calendarDateIn(new Date(instant), timeZone));

describe("calendarDateIn", () => {
  it("turns the day at the vendor's midnight, to the millisecond, in zones an odd number of minutes off UTC", () => {
    // Asked just before midnight first, so a remembered date could be given again after it.
    expect(dateIn("2026-12-31T18:29:59.999Z", "Asia/Kolkata")).toBe("2026-12-31");
    expect(dateIn("2026-12-31T18:30:00.000Z", "Asia/Kolkata")).toBe("2027-01-01");
    expect(dateIn("2026-12-31T18:14:59.999Z", "Asia/Kathmandu")).toBe("2026-12-31");
    expect(dateIn("2026-12-31T18:15:00.000Z", "Asia/Kathmandu")).toBe("2027-01-01");
    expect(dateIn("2027-01-01T04:59:59.999Z", "America/New_York")).toBe("2026-12-31");
    expect(dateIn("2027-01-01T05:00:00.000Z", "America/New_York")).toBe("2027-01-01");
  });

  it("gives each timezone its own date for the same instant, and a date the caller may change", () => {
    expect(dateIn("2027-03-01T23:30:00.000Z", "Europe/Berlin")).toBe("2027-03-02");
    expect(dateIn("2027-03-01T23:30:00.000Z", "UTC")).toBe("2027-03-01");
    const given = calendarDateIn(new Date("2027-03-01T23:30:10.000Z"), "UTC");
    given.setUTCFullYear(1999);
    expect(dateIn("2027-03-01T23:30:20.000Z", "UTC")).toBe("2027-03-01");
  });
});
