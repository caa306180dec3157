import { describe, expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { recordActivity } from "./activity.server.ts";
import { recordManualPayment } from "./invoices.server.ts";
import { defaultEngagementRules, engagementOf, engagementText, type EngagementFacts } from "./engagement.ts";
import { detectEngagementChanges, engagementOfInvoices, invoiceTimeline } from "./engagement.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { testNow } from "#tests/clock.ts";

const hour = 3_600_000;
const day = 24 * hour;
const ago = (ms: number) => new Date(testNow.getTime() - ms);
const quiet: EngagementFacts = {
  sentAt: ago(day),
  views: 0,
  daysLate: 0,
  lastFailedAt: null,
  retriedAfterFailure: false,
  history: { paidLate: 0, averageDaysLate: 0 },
};
const rules = defaultEngagementRules;

describe("engagement rules", () => {
  it("not opened: waiting until N days after sending, at risk from then, and never for an opened invoice", () => {
    expect(engagementOf({ ...quiet, sentAt: ago(3 * day - 1) }, rules, testNow)).toEqual({ state: "not_opened", reasons: [] });
    const late = engagementOf({ ...quiet, sentAt: ago(3 * day) }, rules, testNow);
    expect(late).toEqual({ state: "at_risk", reasons: [{ kind: "not_opened", days: 3 }] });
    expect(engagementText(late)).toBe("At risk: not opened 3 days after it was sent");
    expect(engagementOf({ ...quiet, sentAt: ago(10 * day), views: 1 }, rules, testNow)).toEqual({ state: "engaged", reasons: [] });
  });

  it("opened but unpaid past due: from the threshold's day late", () => {
    expect(engagementOf({ ...quiet, views: 2, daysLate: 0 }, { ...rules, overdueDays: 5 }, testNow).state).toBe("engaged");
    expect(engagementOf({ ...quiet, views: 2, daysLate: 4 }, { ...rules, overdueDays: 5 }, testNow).state).toBe("engaged");
    const late = engagementOf({ ...quiet, views: 2, daysLate: 5 }, { ...rules, overdueDays: 5 }, testNow);
    expect(late.reasons).toEqual([{ kind: "unpaid_past_due", daysLate: 5, views: 2 }]);
    expect(engagementText(late)).toBe("At risk: opened 2 times but unpaid, 5 days past due");
  });

  it("a failed payment: at risk when not retried within the hours given, not when the client tried again", () => {
    const failed = { ...quiet, views: 1, lastFailedAt: ago(47 * hour) };
    expect(engagementOf(failed, rules, testNow).state).toBe("engaged");
    expect(engagementOf({ ...failed, lastFailedAt: ago(48 * hour) }, rules, testNow).reasons).toEqual([{ kind: "payment_failed", hours: 48 }]);
    expect(engagementOf({ ...failed, lastFailedAt: ago(72 * hour), retriedAfterFailure: true }, rules, testNow).state).toBe("engaged");
  });

  it("paid late before: the customer's history puts even a fresh invoice at risk, with the numbers", () => {
    const risky = engagementOf({ ...quiet, views: 1, history: { paidLate: 2, averageDaysLate: 12 } }, rules, testNow);
    expect(risky.reasons).toEqual([{ kind: "paid_late_before", invoices: 2, averageDaysLate: 12 }]);
    expect(engagementText(risky)).toBe("At risk: paid 2 earlier invoices late (12 days on average)");
  });

  it("gives every reason that applies, and 0 turns a rule off", () => {
    const bad: EngagementFacts = {
      sentAt: ago(9 * day),
      views: 0,
      daysLate: 3,
      lastFailedAt: ago(3 * day),
      retriedAfterFailure: false,
      history: { paidLate: 1, averageDaysLate: 9 },
    };
    expect(engagementOf(bad, rules, testNow).reasons.map((reason) => reason.kind)).toEqual(["not_opened", "payment_failed", "paid_late_before"]);
    expect(engagementOf(bad, { unopenedDays: 0, overdueDays: 0, retryHours: 0, latePaidDays: 0 }, testNow)).toEqual({ state: "not_opened", reasons: [] });
  });
});

describe("engagement from what Remit records", () => {
  let database: Database;
  withTestDatabase((opened) => (database = opened));

  it("reads views (never previews), the first email, failed and retried payments, and the customer's late payments", async () => {
    const db = database.prisma;
    const workspace = await aWorkspace(db, { timezone: "Europe/Paris" });
    const customer = await aCustomer(db, workspace.id);
    // History: one earlier invoice paid 20 days late, one on time.
    const lateOne = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-08-01", dueDate: "2026-08-31" }, ago(120 * day));
    await recordManualPayment(
      db,
      { workspaceId: workspace.id, invoiceId: lateOne.id, amount: lateOne.total, method: "Bank transfer", paidAt: new Date("2026-09-20T10:00:00Z") },
      ago(60 * day),
    );
    const onTime = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-09-01", dueDate: "2026-10-01" }, ago(80 * day));
    await recordManualPayment(
      db,
      { workspaceId: workspace.id, invoiceId: onTime.id, amount: onTime.total, method: "Bank transfer", paidAt: new Date("2026-09-25T10:00:00Z") },
      ago(57 * day),
    );

    const invoice = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-11-10", dueDate: "2026-11-20" }, ago(11 * day));
    const subject = { workspaceId: workspace.id, customerId: customer.id, invoiceId: invoice.id };
    await recordActivity(db, subject, "invoice_viewed", ago(5 * day), true); // the vendor's preview
    const read = async () => {
      const row = await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } });
      return (await engagementOfInvoices(db, workspace, [row], testNow)).get(invoice.id)!;
    };
    expect((await read()).reasons.map((reason) => reason.kind)).toEqual(["not_opened", "paid_late_before"]);
    expect((await read()).reasons[1]).toEqual({ kind: "paid_late_before", invoices: 1, averageDaysLate: 20 });

    await recordActivity(db, subject, "invoice_viewed", ago(4 * day));
    await recordActivity(db, subject, "payment_failed", ago(3 * day));
    expect((await read()).reasons.map((reason) => reason.kind)).toEqual(["unpaid_past_due", "payment_failed", "paid_late_before"]);
    await recordActivity(db, subject, "payment_started", ago(2 * day));
    expect((await read()).reasons.map((reason) => reason.kind)).toEqual(["unpaid_past_due", "paid_late_before"]);

    await db.workspace.update({ where: { id: workspace.id }, data: { riskLatePaidDays: 25, riskOverdueDays: 0 } });
    const relaxed = await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } });
    const row = await db.invoice.findUniqueOrThrow({ where: { id: invoice.id } });
    expect((await engagementOfInvoices(db, relaxed, [row], testNow)).get(invoice.id)).toEqual({ state: "engaged", reasons: [] });

    const timeline = await invoiceTimeline(db, workspace.id, invoice.id);
    expect(timeline.map((entry) => entry.kind)).toEqual(["issued", "first_viewed", "payment_failed", "payment_started"]);
    const paidLate = await invoiceTimeline(db, workspace.id, lateOne.id);
    expect(paidLate.map((entry) => [entry.kind, entry.amount])).toEqual([
      ["issued", undefined],
      ["paid", lateOne.total],
    ]);
  });

  it("announces a change of state once, even with two checks at the same moment, and a new unopened invoice not at all", async () => {
    const db = database.prisma;
    const workspace = await aWorkspace(db);
    const customer = await aCustomer(db, workspace.id);
    const invoice = await anInvoice(db, workspace.id, customer.id, {}, testNow);
    const events = () => db.outboxEvent.findMany({ where: { type: "invoice.engagement", aggregateId: invoice.id }, orderBy: { sequence: "asc" } });

    await detectEngagementChanges(db, testNow);
    expect(await events()).toEqual([]);
    expect(await db.invoiceEngagement.findUnique({ where: { invoiceId: invoice.id } })).toMatchObject({ state: "not_opened", reasons: [] });

    const later = new Date(testNow.getTime() + 3 * day);
    await Promise.all([detectEngagementChanges(db, later), detectEngagementChanges(db, later)]);
    await detectEngagementChanges(db, new Date(later.getTime() + hour));
    expect((await events()).map((event) => event.payload)).toEqual([
      { invoiceId: invoice.id, state: "at_risk", reasons: ["not_opened"], previous: "not_opened", previousReasons: [] },
    ]);

    await recordActivity(db, { workspaceId: workspace.id, customerId: customer.id, invoiceId: invoice.id }, "invoice_viewed", later);
    await detectEngagementChanges(db, new Date(later.getTime() + hour));
    expect((await events()).map((event) => event.payload)).toEqual([
      expect.objectContaining({ state: "at_risk" }),
      { invoiceId: invoice.id, state: "engaged", reasons: [], previous: "at_risk", previousReasons: ["not_opened"] },
    ]);
  });
});
