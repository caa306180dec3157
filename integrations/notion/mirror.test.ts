import { describe, expect, it } from "vitest";
import { resolveSecrets } from "#app/platform/config/secrets.server.ts";
import { recordEmailed } from "#app/portal/activity.server.ts";
import type { DeliveredEvent } from "#app/ports/events.ts";
import { PermanentDeliveryError, RetryLaterError } from "#app/ports/events.ts";
import { recordManualPayment, voidInvoice } from "#app/billing/invoices.server.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";
import { verifyPortalToken } from "#app/portal/access.server.ts";
import { anInvoice } from "#tests/fixtures.ts";
import { mirrorDatabase, notionToken } from "#tests/notion.ts";
import { testNow } from "#tests/clock.ts";
import { updateCustomer } from "#app/billing/customer-desk.server.ts";

const mirror = mirrorDatabase();
/** A vendor connected to a database Remit created, with one open invoice of 1,200.00 USD. */
async function connectedVendor() {
  const vendor = await mirror.connectedVendor({ timezone: "Europe/Paris" });
  const invoice = await anInvoice(vendor.db, vendor.workspace.id, vendor.customer.id, { issueDate: "2026-11-02", dueDate: "2026-12-02" });
  return { ...vendor, invoice };
}

function eventFor(workspaceId: string, invoiceId: string): DeliveredEvent {
  return { id: crypto.randomUUID(), sequence: 1n, type: "invoice.issued", workspaceId, aggregateId: invoiceId, payload: { invoiceId }, createdAt: testNow };
}

const requestsOf = (fake: { requests: { method: string; path: string }[] }) =>
  fake.requests.map((request) => `${request.method} ${request.path.replace(/[0-9a-f-]{36}/g, ":id")}`);

describe("Notion mirror", () => {
  it("shows who last changed the invoice, in the words Slack's context line uses (issue 20)", async () => {
    const { db, fake, deliverAll, invoice, dataSourceId } = await connectedVendor();
    await recordManualPayment(
      db,
      { workspaceId: invoice.workspaceId, invoiceId: invoice.id, amount: 10_000, method: "Cash", recordedBy: "slack:U0BEN" },
      testNow,
    );
    await deliverAll();
    expect(fake.pages(dataSourceId)[0]).toMatchObject({ "Last change": "$100.00 marked paid by Slack user U0BEN on 2026-11-21" });
  });

  it("shows a customer's new name and email on every row of theirs, paid ones too (issue 20)", async () => {
    const { db, fake, deliverAll, workspace, customer, invoice, dataSourceId } = await connectedVendor();
    const paid = await anInvoice(db, workspace.id, customer.id, { issueDate: "2026-10-02", dueDate: "2026-11-02" });
    await recordManualPayment(db, { workspaceId: workspace.id, invoiceId: paid.id, amount: paid.total, method: "Cash" }, testNow);
    await deliverAll();
    await updateCustomer(db, workspace.id, customer.id, { name: "Acme Holdings", email: "finance@acme.example" }, testNow, "slack:U1");
    await deliverAll();
    const rows = fake.pages(dataSourceId).map((page: Record<string, unknown>) => [page.Number, page.Customer, page["Customer email"]]);
    expect(rows.sort()).toEqual([invoice, paid].map((one) => [one.number, "Acme Holdings", "finance@acme.example"]).sort());
  });

  it("creates one page per invoice with its current state, then updates that same page", async () => {
    const { db, fake, deliverAll, invoice, customer, dataSourceId, env } = await connectedVendor();
    type Row = Record<string, unknown>;

    expect(await deliverAll()).toEqual({ delivered: 2, retried: 0, dead: 0 });

    // invoice.created: look for a page with the Remit ID, create it; invoice.issued: update it.
    expect(requestsOf(fake)).toEqual(["POST /v1/data_sources/:id/query", "POST /v1/pages", "PATCH /v1/pages/:id"]);
    const [page, ...others] = fake.pages(dataSourceId);
    expect(others).toEqual([]);
    expect(page).toEqual({
      id: (await db.notionPage.findUniqueOrThrow({ where: { invoiceId: invoice.id } })).pageId,
      Number: "INV-0001",
      Type: "Invoice",
      Customer: customer.name,
      "Customer email": customer.email,
      Amount: 1200,
      Currency: "USD",
      Status: "Open",
      Issued: "2026-11-02",
      Due: "2026-12-02",
      "Paid on": null,
      "Amount paid": 0,
      "Balance due": 1200,
      Overpaid: 0,
      "Portal link": expect.stringMatching(/^http:\/\/remit\.test\/p\/[\w-]+\.[\w-]+\.[\w-]+$/),
      "Last viewed": null,
      Views: 0,
      "Last emailed": null,
      "Reminders sent": 0,
      "Last reminder": null,
      // Issued, not opened, and too recent to be at risk: the rules are app/billing/engagement.test.ts's.
      Engagement: "Not opened",
      "At-risk reasons": "",
      // Made by a fixture that names no one: no change recorded yet.
      "Last change": "",
      "Next part due": null,
      Instalments: "",
      Answer: "",
      "Remit ID": invoice.id,
    });
    // The link is the vendor's preview of this one invoice: opening it from Notion is no client view.
    const token = String((page as Row)["Portal link"]).split("/p/")[1]!;
    const access = await verifyPortalToken(db, resolveSecrets(env).signingKeys, token, testNow);
    expect(access).toMatchObject({ ok: true, access: { invoiceId: invoice.id, preview: true } });

    await recordManualPayment(db, { workspaceId: invoice.workspaceId, invoiceId: invoice.id, amount: 20_000, method: "Bank transfer" }, testNow);
    await db.activityEvent.createMany({
      data: [
        {
          workspaceId: invoice.workspaceId,
          customerId: customer.id,
          invoiceId: invoice.id,
          kind: "invoice_viewed",
          createdAt: new Date("2026-11-03T10:00:00Z"),
        },
        {
          workspaceId: invoice.workspaceId,
          customerId: customer.id,
          invoiceId: invoice.id,
          kind: "invoice_viewed",
          createdAt: new Date("2026-11-04T10:00:00Z"),
        },
        {
          workspaceId: invoice.workspaceId,
          customerId: customer.id,
          invoiceId: invoice.id,
          kind: "invoice_viewed",
          preview: true,
          createdAt: new Date("2026-11-05T10:00:00Z"),
        },
      ],
    });
    await emit(
      db,
      { type: "invoice.viewed", workspaceId: invoice.workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id, firstView: false, views: 2 } },
      testNow,
    );
    // The client was emailed the invoice and two reminders (what the email subscriber records when the mail server takes one).
    const emailed = (kind: "email_sent" | "reminder_sent", at: string) =>
      recordEmailed(db, { workspaceId: invoice.workspaceId, customerId: customer.id, invoiceId: invoice.id, kind, at: new Date(at) });
    await emailed("email_sent", "2026-11-02T09:00:00Z");
    await emailed("reminder_sent", "2026-11-09T09:00:00Z");
    await emailed("reminder_sent", "2026-11-16T09:00:00Z");
    await emit(
      db,
      {
        type: "email.sent",
        workspaceId: invoice.workspaceId,
        aggregateId: invoice.id,
        payload: { kind: "reminder", customerId: customer.id, invoiceId: invoice.id },
      },
      testNow,
    );
    await recordManualPayment(
      db,
      { workspaceId: invoice.workspaceId, invoiceId: invoice.id, amount: 100_000, method: "Bank transfer", paidAt: new Date("2026-11-20T23:30:00Z") },
      testNow,
    );
    fake.requests.length = 0;

    await deliverAll();

    expect(fake.pages(dataSourceId)).toEqual([
      expect.objectContaining({
        id: page!.id,
        Status: "Paid",
        "Paid on": "2026-11-21", // the workspace is in Paris
        "Amount paid": 1200,
        "Balance due": 0,
        Views: 2,
        "Last viewed": "2026-11-04T10:00:00.000Z",
        "Last emailed": "2026-11-16T09:00:00.000Z",
        "Reminders sent": 2,
        "Last reminder": "2026-11-16T09:00:00.000Z",
        // Paid: no engagement state any more.
        Engagement: null,
        "At-risk reasons": "",
      }),
    ]);
    expect(new Set(requestsOf(fake))).toEqual(new Set(["PATCH /v1/pages/:id"]));
  });

  it("recreates a page deleted or trashed in Notion, and never keeps two", async () => {
    const { db, fake, deliverAll, invoice, dataSourceId } = await connectedVendor();
    await deliverAll();
    const first = fake.pages(dataSourceId)[0]!.id;

    fake.deletePage(first);
    await voidInvoice(db, invoice.workspaceId, invoice.id, testNow);
    await deliverAll();
    const [second, ...none] = fake.pages(dataSourceId);
    expect(none).toEqual([]);
    expect(second).toMatchObject({ Status: "Void", "Balance due": 0 });
    expect(second!.id).not.toBe(first);

    fake.trashPage(second!.id);
    await emit(db, { type: "invoice.voided", workspaceId: invoice.workspaceId, aggregateId: invoice.id, payload: { invoiceId: invoice.id } }, testNow);
    await deliverAll();
    const live = fake.pages(dataSourceId);
    expect(live).toHaveLength(1);
    expect(live[0]!.id).not.toBe(second!.id);
    expect((await db.notionPage.findUniqueOrThrow({ where: { invoiceId: invoice.id } })).pageId).toBe(live[0]!.id);
  });

  it("never creates a second page under redelivery, a lost page id, or two writers at once", async () => {
    const { db, fake, deliverAll, invoice, dataSourceId, service, workspace, customer } = await connectedVendor();
    await deliverAll();
    const pageId = fake.pages(dataSourceId)[0]!.id;

    // Created in Notion, then the process died before it stored the id: the Remit ID finds it.
    await db.notionPage.update({ where: { invoiceId: invoice.id }, data: { pageId: null } });
    await service.subscriber.deliver(eventFor(workspace.id, invoice.id));
    await service.subscriber.deliver(eventFor(workspace.id, invoice.id));
    expect(fake.pages(dataSourceId).map((page) => page.id)).toEqual([pageId]);
    expect((await db.notionPage.findUniqueOrThrow({ where: { invoiceId: invoice.id } })).pageId).toBe(pageId);

    // Two deliveries of a new invoice at the same moment (two instances, or a backfill): one
    // writes, the other is told to come back later.
    const fresh = await anInvoice(db, workspace.id, customer.id);
    await db.delivery.updateMany({ where: { subscriber: "notion", status: "pending" }, data: { status: "delivered" } });
    const outcomes = await Promise.allSettled([
      service.subscriber.deliver(eventFor(workspace.id, fresh.id)),
      service.subscriber.deliver(eventFor(workspace.id, fresh.id)),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === "rejected")).toMatchObject({ reason: expect.any(RetryLaterError) });
    await service.subscriber.deliver(eventFor(workspace.id, fresh.id));
    expect(fake.pages(dataSourceId).filter((page) => (page as Record<string, unknown>)["Remit ID"] === fresh.id)).toHaveLength(1);

    // An event about an invoice that does not exist is given up at once, not retried as "busy".
    await expect(service.subscriber.deliver(eventFor(workspace.id, crypto.randomUUID()))).rejects.toBeInstanceOf(PermanentDeliveryError);
  });

  it("honours 429 Retry-After: the delivery comes back exactly then, and the token waits meanwhile", async () => {
    const { fake, deliverAll, dispatcher, dispatcherNow, db, dataSourceId, clock } = await connectedVendor();
    fake.failNext({
      method: "POST",
      pathIncludes: "/v1/pages",
      status: 429,
      code: "rate_limited",
      message: "You have been rate limited.",
      headers: { "Retry-After": "7" },
      times: 1,
    });

    expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    const delivery = await db.delivery.findFirstOrThrow({
      where: { subscriber: "notion", status: "pending", lastError: { not: null } },
      include: { attemptLog: true },
    });
    expect(delivery.lastError).toContain("429 rate_limited");
    expect(delivery.attempts).toBe(0); // a 429 is pacing, not a failure (docs/decisions/040)
    expect(delivery.nextAttemptAt.getTime() - delivery.attemptLog[0]!.finishedAt.getTime()).toBe(7000);
    expect(delivery.nextAttemptAt.getTime()).toBeGreaterThan(dispatcherNow().getTime() + 6000);

    const limitedAt = fake.requests.find((request) => request.status === 429)!.at;
    await deliverAll(7000);
    const after = fake.requests.filter((request) => request.at > limitedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(Math.min(...after.map((request) => request.at))).toBeGreaterThanOrEqual(limitedAt + 7000);
    expect(clock.slept).toBeGreaterThanOrEqual(7000);
    expect(fake.pages(dataSourceId)).toHaveLength(1);
  });

  it("backs off through 500s and, after an outage, applies every pending update in order", async () => {
    const { db, fake, deliverAll, invoice, dataSourceId } = await connectedVendor();
    fake.failNext({ method: "POST", pathIncludes: "/v1/pages", status: 500, code: "internal_server_error", times: 3 });

    await deliverAll(60_000);

    const created = await db.delivery.findFirstOrThrow({
      where: { subscriber: "notion", event: { type: "invoice.created", aggregateId: invoice.id } },
      include: { attemptLog: { orderBy: { number: "asc" } } },
    });
    expect(created.attemptLog.map((attempt) => attempt.ok)).toEqual([false, false, false, true]);
    expect(created.status).toBe("delivered");
    expect(fake.pages(dataSourceId)).toHaveLength(1);

    // An outage: Notion answers 503 to everything while the invoice is paid in two parts.
    fake.failNext({ status: 503, code: "service_unavailable", times: 1000 });
    await recordManualPayment(db, { workspaceId: invoice.workspaceId, invoiceId: invoice.id, amount: 50_000, method: "Cash" }, testNow);
    await recordManualPayment(db, { workspaceId: invoice.workspaceId, invoiceId: invoice.id, amount: 70_000, method: "Cash" }, testNow);
    for (let round = 0; round < 3; round++) await deliverAll(0);
    expect(await db.delivery.count({ where: { subscriber: "notion", status: "pending" } })).toBe(3);
    fake.clearFailures();

    await deliverAll(60_000);
    expect(await db.delivery.count({ where: { subscriber: "notion", status: { not: "delivered" } } })).toBe(0);
    expect(fake.pages(dataSourceId)).toEqual([expect.objectContaining({ Status: "Paid", "Amount paid": 1200, "Balance due": 0 })]);
  });

  it("dead-letters every update after the token is revoked, with one alert for the team", async () => {
    const { db, fake, deliverAll, invoice, workspace, customer, service } = await connectedVendor();
    const more = [await anInvoice(db, workspace.id, customer.id), await anInvoice(db, workspace.id, customer.id)];
    await deliverAll();
    fake.revokeToken(notionToken);
    fake.requests.length = 0;

    for (const each of [invoice, ...more]) await voidInvoice(db, workspace.id, each.id, testNow);
    const result = await deliverAll(60_000);

    expect(result).toMatchObject({ delivered: 0, dead: 3 });
    const alerts = await db.outboxEvent.findMany({ where: { type: "integration.failed", workspaceId: workspace.id } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      aggregateId: workspace.id,
      payload: { integration: "notion", reason: expect.stringContaining("no longer accepts Remit's integration token") },
    });
    expect(await service.status(workspace.id)).toMatchObject({ failure: { reason: expect.stringContaining("token") }, failedUpdates: 3 });
    // Once access is known lost, the other updates do not even ask Notion.
    expect(fake.requests.length).toBeLessThanOrEqual(3);
  });

  it("dead-letters with one alert when the database is no longer shared (404)", async () => {
    const { db, fake, deliverAll, invoice, workspace, service } = await connectedVendor();
    await deliverAll();
    const databaseId = (await db.notionConnection.findUniqueOrThrow({ where: { workspaceId: workspace.id } })).databaseId;
    fake.unshareDatabase(databaseId, notionToken);

    await voidInvoice(db, workspace.id, invoice.id, testNow);
    await emit(db, { type: "invoice.voided", workspaceId: workspace.id, aggregateId: invoice.id, payload: { invoiceId: invoice.id } }, testNow);
    expect(await deliverAll(60_000)).toMatchObject({ delivered: 0, dead: 2 });

    expect(await db.outboxEvent.count({ where: { type: "integration.failed", workspaceId: workspace.id } })).toBe(1);
    expect((await service.status(workspace.id)).failure?.reason).toMatch(/can no longer see the Notion database/);
  });

  it("puts back a column removed in Notion and keeps writing to one the vendor renamed", async () => {
    const { db, fake, deliverAll, invoice, dataSourceId, workspace } = await connectedVendor();
    await deliverAll();
    fake.removeProperty(dataSourceId, "Amount paid");
    fake.renameProperty(dataSourceId, "Customer", "Client");

    await voidInvoice(db, workspace.id, invoice.id, testNow);
    expect(await deliverAll()).toMatchObject({ delivered: 1, dead: 0 });

    const schema = fake.schema(dataSourceId);
    expect(schema["Amount paid"]).toMatchObject({ type: "number" });
    expect(schema.Customer).toBeUndefined();
    expect(fake.pages(dataSourceId)).toEqual([expect.objectContaining({ Client: expect.stringMatching(/^Client \d+$/), Status: "Void", "Amount paid": 0 })]);
  });
});
