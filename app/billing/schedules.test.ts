import { describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { aCustomer, aVendor } from "#tests/fixtures.ts";
import { testNow } from "#tests/clock.ts";
import { IllegalTransitionError, ValidationError } from "./errors.ts";
import { occurrenceDate, nextOccurrence, firstIndexFrom, type Recurrence } from "./schedule-dates.ts";
import {
  createSchedule,
  getSchedule,
  issueDueOccurrences,
  listSchedules,
  pauseSchedule,
  resumeSchedule,
  scheduleFromInvoice,
  scheduleOfInvoice,
  setNextAmount,
  stopSchedule,
  upcomingInvoices,
  type ScheduleInput,
} from "./schedules.server.ts";
import { createInvoice } from "./invoices.server.ts";
import { splitInvoice } from "./instalments.server.ts";
import { evenParts } from "./instalments.ts";

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const iso = (date: Date | null) => date?.toISOString().slice(0, 10) ?? null;
const at = (instant: string) => new Date(instant);

describe("occurrence dates", () => {
  const monthly = (start: string, dayOfMonth: number | null = null) => ({ frequency: "monthly" as const, startDate: day(start), dayOfMonth });

  it("monthly on the 31st takes the last day of shorter months and comes back to the 31st", () => {
    const dates = [0, 1, 2, 3, 4].map((index) => iso(occurrenceDate(monthly("2027-01-31", 31), index)));
    expect(dates).toEqual(["2027-01-31", "2027-02-28", "2027-03-31", "2027-04-30", "2027-05-31"]);
    // February 29 in a leap year.
    expect(iso(occurrenceDate(monthly("2028-01-31", 31), 1))).toBe("2028-02-29");
    // The 30th in February, then the 30th again.
    expect([0, 1, 2].map((index) => iso(occurrenceDate(monthly("2027-01-30", 30), index)))).toEqual(["2027-01-30", "2027-02-28", "2027-03-30"]);
  });

  it("starts in the next month when the day has passed in the start's month", () => {
    expect(iso(occurrenceDate(monthly("2026-11-21", 1), 0))).toBe("2026-12-01");
    expect(iso(occurrenceDate(monthly("2026-11-21", 21), 0))).toBe("2026-11-21");
    expect(iso(occurrenceDate(monthly("2026-11-21", 30), 0))).toBe("2026-11-30");
    // Across the year's end.
    expect(iso(occurrenceDate(monthly("2026-12-20", 5), 0))).toBe("2027-01-05");
  });

  it("yearly on February 29 falls on February 28 in common years, the 29th in leap years", () => {
    const yearly = { frequency: "yearly" as const, startDate: day("2028-02-29"), dayOfMonth: 29 };
    expect([0, 1, 2, 3, 4].map((index) => iso(occurrenceDate(yearly, index)))).toEqual(["2028-02-29", "2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"]);
  });

  it("quarterly every three months from the anchor; weekly every seven days across DST changes", () => {
    const quarterly = { frequency: "quarterly" as const, startDate: day("2026-11-30"), dayOfMonth: 30 };
    expect([0, 1, 2, 3].map((index) => iso(occurrenceDate(quarterly, index)))).toEqual(["2026-11-30", "2027-02-28", "2027-05-30", "2027-08-30"]);
    const weekly = { frequency: "weekly" as const, startDate: day("2027-03-21"), dayOfMonth: null };
    expect([0, 1, 2].map((index) => iso(occurrenceDate(weekly, index)))).toEqual(["2027-03-21", "2027-03-28", "2027-04-04"]);
  });

  it("ends after N issued invoices or after the end date", () => {
    const recurrence: Recurrence = { ...monthly("2027-01-15"), endAfter: 3, endDate: null };
    expect(iso(nextOccurrence(recurrence, 2, 2))).toBe("2027-03-15");
    expect(nextOccurrence(recurrence, 3, 3)).toBeNull();
    const until: Recurrence = { ...monthly("2027-01-15"), endAfter: null, endDate: day("2027-03-15") };
    expect(iso(nextOccurrence(until, 2, 2))).toBe("2027-03-15");
    expect(nextOccurrence(until, 3, 3)).toBeNull();
    expect(firstIndexFrom(monthly("2027-01-15"), 1, day("2027-04-16"))).toBe(4);
  });
});

let database: Database;
withTestDatabase((opened) => (database = opened));

const retainer = (customerId: string, extra: Partial<ScheduleInput> = {}): ScheduleInput => ({
  customerId,
  name: "Monthly retainer",
  frequency: "monthly",
  dayOfMonth: 1,
  invoice: { lines: [{ productName: "Retainer", quantity: 1, unitAmount: 150_000 }], taxRateBps: 2000 },
  ...extra,
});

/** Runs the job (over every workspace in this database) and counts the invoices it issued in `workspaceId`. */
async function issued(workspaceId: string, now: Date, runs = 1): Promise<number> {
  const db = database.prisma;
  const before = await db.invoice.count({ where: { workspaceId } });
  await Promise.all(Array.from({ length: runs }, () => issueDueOccurrences(db, now)));
  return (await db.invoice.count({ where: { workspaceId } })) - before;
}

describe("recurring schedules", () => {
  it("issues each occurrence once, numbered and emailed, on its day in the workspace's timezone", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db, { timezone: "America/New_York" });
    const schedule = await createSchedule(db, workspace.id, retainer(customer.id, { endAfter: 2 }), testNow, "cli");
    expect(iso(schedule.nextDate)).toBe("2026-12-01");

    // 23:30 on Nov 30 in New York is already Dec 1 in UTC: not yet.
    expect(await issued(workspace.id, at("2026-12-01T04:30:00Z"))).toBe(0);
    // 00:10 on Dec 1 in New York: issued, from several runs at once, once.
    expect(await issued(workspace.id, at("2026-12-01T05:10:00Z"), 3)).toBe(1);
    const invoices = await db.invoice.findMany({ where: { workspaceId: workspace.id }, orderBy: { number: "asc" } });
    expect(invoices.map((invoice) => [invoice.number, invoice.status, iso(invoice.issueDate), invoice.total, invoice.supplyDate])).toEqual([
      ["INV-0001", "open", "2026-12-01", 180_000, null],
    ]);
    // Issued like any invoice: its email and Slack/Notion events go through the outbox.
    const issuedEvents = await db.outboxEvent.findMany({ where: { workspaceId: workspace.id, type: "invoice.issued" } });
    expect(issuedEvents.map((event) => event.payload)).toEqual([{ invoiceId: invoices[0]!.id, emailClient: true }]);
    expect(await db.delivery.count({ where: { subscriber: "email", eventId: issuedEvents[0]!.id } })).toBe(1);
    expect(await scheduleOfInvoice(db, invoices[0]!.id)).toMatchObject({ id: schedule.id, name: "Monthly retainer", occurrence: 1 });

    // The second is the last (end after 2); then the schedule is finished.
    expect(await issued(workspace.id, at("2027-01-01T12:00:00Z"))).toBe(1);
    expect(await issued(workspace.id, at("2027-02-01T12:00:00Z"))).toBe(0);
    const finished = await getSchedule(db, workspace.id, schedule.id);
    expect([finished.status, finished.issuedCount, finished.nextDate]).toEqual(["finished", 2, null]);
  });

  it("catches up occurrences missed while no server ran: each one invoice, oldest first, never doubled", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db, { timezone: "Europe/Paris" });
    await createSchedule(db, workspace.id, retainer(customer.id, { dayOfMonth: 15 }), testNow);
    expect(await issued(workspace.id, at("2026-12-15T08:00:00Z"))).toBe(1);
    // Down from Dec 16 to Feb 20: Jan 15 and Feb 15 were missed.
    expect(await issued(workspace.id, at("2027-02-20T08:00:00Z"))).toBe(2);
    expect(await issued(workspace.id, at("2027-02-20T08:10:00Z"))).toBe(0);
    const invoices = await db.invoice.findMany({ where: { workspaceId: workspace.id }, orderBy: { number: "asc" }, include: { occurrence: true } });
    expect(
      invoices.map((invoice) => [invoice.number, iso(invoice.issueDate), iso(invoice.supplyDate), iso(invoice.dueDate), iso(invoice.occurrence!.date)]),
    ).toEqual([
      ["INV-0001", "2026-12-15", null, "2027-01-14", "2026-12-15"],
      // Issued the day the server came back, for the period it bills (its supply date), with the full terms.
      ["INV-0002", "2027-02-20", "2027-01-15", "2027-03-22", "2027-01-15"],
      ["INV-0003", "2027-02-20", "2027-02-15", "2027-03-22", "2027-02-15"],
    ]);
  });

  /** A weekly schedule of three, on Sundays in Berlin from `startDate`: each run issues its count of invoices; their issue dates. */
  async function weeklyInBerlin(startDate: string, runs: [instant: string, count: number][]) {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db, { timezone: "Europe/Berlin" });
    await createSchedule(db, workspace.id, { ...retainer(customer.id), frequency: "weekly", dayOfMonth: null, startDate, endAfter: 3 }, testNow);
    for (const [instant, count] of runs) expect(await issued(workspace.id, at(instant)), instant).toBe(count);
    const dates = await db.invoice.findMany({ where: { workspaceId: workspace.id }, orderBy: { number: "asc" }, select: { issueDate: true } });
    return dates.map((row) => iso(row.issueDate));
  }

  it("follows the workspace's local day across daylight saving changes", async () => {
    // Weekly on Sundays from March 21, 2027; clocks go forward on March 28 and back on October 31.
    const dates = await weeklyInBerlin("2027-03-21", [
      ["2027-03-20T22:59:00Z", 0], // 23:59 CET on the 20th
      ["2027-03-20T23:01:00Z", 1], // 00:01 CET on the 21st
      ["2027-03-27T22:59:00Z", 0], // 23:59 CET on the 27th
      ["2027-03-27T23:01:00Z", 1], // 00:01 CET on the 28th (summer time from 02:00)
      ["2027-04-03T21:59:00Z", 0], // 23:59 CEST on April 3
      ["2027-04-03T22:01:00Z", 1], // 00:01 CEST on April 4
    ]);
    expect(dates).toEqual(["2027-03-21", "2027-03-28", "2027-04-04"]);
  });

  it("follows the local day across the autumn change too, when the clocks go back", async () => {
    // Weekly on Sundays from October 24, 2027; clocks go back from 03:00 CEST to 02:00 CET on October 31.
    const dates = await weeklyInBerlin("2027-10-24", [
      ["2027-10-23T22:01:00Z", 1], // 00:01 CEST on the 24th
      ["2027-10-30T21:59:00Z", 0], // 23:59 CEST on the 30th
      ["2027-10-30T22:01:00Z", 1], // 00:01 CEST on the 31st
      ["2027-10-31T01:30:00Z", 0], // 02:30 CET, the hour that happens twice
      ["2027-11-06T22:59:00Z", 0], // 23:59 CET on November 6
      ["2027-11-06T23:01:00Z", 1], // 00:01 CET on November 7
    ]);
    expect(dates).toEqual(["2027-10-24", "2027-10-31", "2027-11-07"]);
  });

  it("monthly on the 31st through short months, and a server down on the month's last day catches it up the next morning", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db, { timezone: "America/New_York" });
    await createSchedule(db, workspace.id, retainer(customer.id, { dayOfMonth: 31, startDate: "2027-01-31", endAfter: 4 }), testNow);
    expect(await issued(workspace.id, at("2027-01-31T15:00:00Z"))).toBe(1);
    // Down all of February 28 (New York); back at 06:00 on March 1: February's is issued then, once.
    expect(await issued(workspace.id, at("2027-03-01T11:00:00Z"), 3)).toBe(1);
    expect(await issued(workspace.id, at("2027-03-31T05:00:00Z"))).toBe(1); // 01:00 on March 31 in New York (daylight time since the 14th)
    expect(await issued(workspace.id, at("2027-04-30T04:30:00Z"))).toBe(1); // 00:30 on April 30
    expect(await issued(workspace.id, at("2027-05-31T12:00:00Z"))).toBe(0); // ended after four
    const invoices = await db.invoice.findMany({ where: { workspaceId: workspace.id }, orderBy: { number: "asc" }, include: { occurrence: true } });
    expect(invoices.map((invoice) => [iso(invoice.issueDate), iso(invoice.supplyDate), iso(invoice.occurrence!.date)])).toEqual([
      ["2027-01-31", null, "2027-01-31"],
      // Issued the day the server came back, for the day it was due.
      ["2027-03-01", "2027-02-28", "2027-02-28"],
      ["2027-03-31", null, "2027-03-31"],
      ["2027-04-30", null, "2027-04-30"],
    ]);
  });

  it("pauses (skipping what falls meanwhile), resumes, bills a one-off next amount once, and stops", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    const schedule = await createSchedule(db, workspace.id, retainer(customer.id), testNow);
    await pauseSchedule(db, workspace.id, schedule.id);
    await expect(pauseSchedule(db, workspace.id, schedule.id)).rejects.toThrow(IllegalTransitionError);
    expect(await issued(workspace.id, at("2027-01-10T12:00:00Z"))).toBe(0);
    const resumed = await resumeSchedule(db, workspace.id, schedule.id, at("2027-01-10T12:00:00Z"));
    // Dec 1 and Jan 1 fell while paused: skipped, not billed late.
    expect([resumed.status, iso(resumed.nextDate)]).toEqual(["active", "2027-02-01"]);

    const changed = await setNextAmount(db, workspace.id, schedule.id, "99.50");
    expect([changed.nextAmount, changed.nextTotal]).toEqual([9950, 11_940]);
    await expect(setNextAmount(db, workspace.id, schedule.id, "-1")).rejects.toThrow(ValidationError);
    expect(await issued(workspace.id, at("2027-02-01T12:00:00Z"))).toBe(1);
    expect(await issued(workspace.id, at("2027-03-01T12:00:00Z"))).toBe(1);
    const totals = await db.invoice.findMany({ where: { workspaceId: workspace.id }, orderBy: { number: "asc" }, include: { lines: true } });
    expect(totals.map((invoice) => [invoice.total, invoice.lines.map((line) => line.productName)])).toEqual([
      [11_940, ["Retainer"]],
      [180_000, ["Retainer"]],
    ]);

    const stopped = await stopSchedule(db, workspace.id, schedule.id);
    expect([stopped.status, stopped.nextDate]).toEqual(["stopped", null]);
    expect(await issued(workspace.id, at("2027-04-01T12:00:00Z"))).toBe(0);
    await expect(resumeSchedule(db, workspace.id, schedule.id, testNow)).rejects.toThrow(IllegalTransitionError);
  });

  it("refuses a template or dates that could not work, naming the field", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db, { locale: "de-DE", defaultCurrency: "EUR" });
    const refused = (input: ScheduleInput) =>
      createSchedule(db, workspace.id, input, testNow).then(
        () => null,
        (error: unknown) => (error as ValidationError).issues,
      );
    expect(await refused(retainer(customer.id, { startDate: "2026-11-20" }))).toEqual({ startDate: "The start cannot be in the past" });
    expect(await refused(retainer(customer.id, { endAfter: 2, endDate: "2027-01-01" }))).toMatchObject({ endAfter: expect.stringContaining("not both") });
    expect(await refused({ ...retainer(customer.id), invoice: { lines: [{ productName: "X", quantity: 1, unitPrice: "zwölf" }] } })).toMatchObject({
      "lines.0.unitPrice": expect.any(String),
    });
    expect(await refused(retainer(customer.id, { dayOfMonth: 32 }))).toMatchObject({ dayOfMonth: "Day of the month is 1 to 31" });
    // A typed price is read once, in the workspace's locale, and kept in minor units.
    const ok = await createSchedule(
      db,
      workspace.id,
      { ...retainer(customer.id), invoice: { lines: [{ productName: "Hosting", quantity: 1, unitPrice: "1.200,50" }] } },
      testNow,
    );
    expect((await getSchedule(db, workspace.id, ok.id)).template.lines[0]).toMatchObject({ unitAmount: 120_050 });
  });

  it("repeats an existing invoice; lists schedules; the portal sees only the customer's active ones", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    const other = await aCustomer(db, workspace.id);
    const invoice = await createInvoice(
      db,
      workspace.id,
      { customerId: customer.id, lines: [{ productName: "Hosting", quantity: 2, unitAmount: 2_500, discountBps: 1000 }], notes: "Thanks" },
      testNow,
    );
    const copy = await scheduleFromInvoice(db, workspace.id, invoice.id, { frequency: "quarterly", startDate: "2027-01-01" }, testNow);
    const paused = await createSchedule(db, workspace.id, retainer(customer.id), testNow);
    await pauseSchedule(db, workspace.id, paused.id);
    await createSchedule(db, workspace.id, retainer(other.id), testNow);

    const view = await getSchedule(db, workspace.id, copy.id);
    expect([view.customerId, view.nextTotal, view.template.notes, iso(view.nextDate)]).toEqual([customer.id, invoice.total, "Thanks", "2027-01-01"]);
    // Soonest first: the paused one and the other customer's fall on Dec 1, the copy on Jan 1.
    expect((await listSchedules(db, workspace.id)).map((schedule) => schedule.status)).toEqual(["paused", "active", "active"]);
    const customerRecord = await db.customer.findUniqueOrThrow({ where: { id: customer.id }, include: { workspace: true } });
    expect(await upcomingInvoices(db, customerRecord)).toEqual([
      { id: copy.id, name: `${customer.name}, quarterly`, frequency: "quarterly", date: day("2027-01-01"), total: invoice.total, currency: "USD" },
    ]);
  });

  it("bumps the client's portal version when a schedule or an invoice's instalments change, so a kept portal home is never stale", async () => {
    const db = database.prisma;
    const { workspace, customer } = await aVendor(db);
    const version = async () => (await db.customer.findUniqueOrThrow({ where: { id: customer.id } })).portalVersion;
    const before = await version();
    const schedule = await createSchedule(db, workspace.id, retainer(customer.id), testNow);
    const created = await version();
    expect(created).toBeGreaterThan(before);
    await pauseSchedule(db, workspace.id, schedule.id);
    const paused = await version();
    expect(paused).toBeGreaterThan(created);
    const invoice = await createInvoice(
      db,
      workspace.id,
      { customerId: customer.id, lines: [{ productName: "Site", quantity: 1, unitAmount: 10_000 }] },
      testNow,
    );
    const issued = await version();
    await splitInvoice(db, { workspaceId: workspace.id, invoiceId: invoice.id, parts: evenParts(invoice.total, 2, day("2026-12-01")) }, testNow);
    expect(await version()).toBeGreaterThan(issued);
    expect(paused).toBeGreaterThan(before);
  });
});
