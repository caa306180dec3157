// What the mirror does with each error Notion documents, and with data at Notion's size limits.
import { describe, expect, it } from "vitest";
import { voidInvoice } from "#app/billing/invoices.server.ts";
import { workspaceAlertMessage } from "#integrations/slack/blocks/alerts.ts";
import { testNow } from "#tests/clock.ts";
import { aCustomer, anInvoice } from "#tests/fixtures.ts";
import { mirrorDatabase, notionToken } from "#tests/notion.ts";

const mirror = mirrorDatabase();
const refusals = (workspaceId: string) => mirror.db.outboxEvent.findMany({ where: { type: "integration.refused", workspaceId } });
const lostAccess = (workspaceId: string) => mirror.db.outboxEvent.count({ where: { type: "integration.failed", workspaceId } });

describe("Notion's documented limits", () => {
  it("writes a 254-character email as empty (Notion takes 200), and splits a 5,000-character name into 2,000-character pieces", async () => {
    const { db, fake, deliverAll, workspace, dataSourceId } = await mirror.connectedVendor();
    const email = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(53)}.example`;
    expect(email.length).toBeGreaterThan(200);
    const customer = await aCustomer(db, workspace.id, { email });
    const name = `${"N".repeat(1999)}😀${"m".repeat(2999)}`;
    await db.customer.update({ where: { id: customer.id }, data: { name } });
    await anInvoice(db, workspace.id, customer.id);

    expect(await deliverAll()).toMatchObject({ dead: 0 });
    expect(fake.pages(dataSourceId)).toEqual([expect.objectContaining({ "Customer email": null, Customer: name })]);
    expect(await refusals(workspace.id)).toEqual([]);
  });

  it("is as strict as Notion: the fake refuses what passes a documented limit, in Notion's words", async () => {
    const { fake, dataSourceId } = await mirror.connectedVendor();
    const write = (properties: Record<string, unknown>) =>
      fetch(`http://notion.test/v1/pages`, {
        method: "POST",
        headers: { authorization: `Bearer ${notionToken}`, "notion-version": "2025-09-03", "content-type": "application/json" },
        body: JSON.stringify({ parent: { type: "data_source_id", data_source_id: dataSourceId }, properties }),
      }).then(async (response) => ({ status: response.status, body: (await response.json()) as { code: string; message: string } }));
    const text = (content: string) => [{ type: "text", text: { content } }];
    expect(await write({ Number: { title: text("x".repeat(2001)) } })).toEqual({
      status: 400,
      body: expect.objectContaining({
        code: "validation_error",
        message: "body failed validation: body.properties.Number.title[0].text.content.length should be ≤ `2000`, instead was `2001`.",
      }),
    });
    expect((await write({ "Customer email": { email: "e".repeat(201) } })).body.message).toContain("email.length should be ≤ `200`, instead was `201`");
    expect((await write({ "Portal link": { url: `https://x/${"u".repeat(2000)}` } })).body.message).toContain("url.length should be ≤ `2000`");
    expect((await write({ Customer: { rich_text: Array.from({ length: 101 }, () => text("a")[0]) } })).body.message).toContain(
      "rich_text.length should be ≤ `100`, instead was `101`",
    );
    expect((await write({ Customer: { rich_text: Array.from({ length: 100 }, () => text("a".repeat(2000))[0]) } })).status).toBe(200);
    expect(fake.pages(dataSourceId)).toHaveLength(1);
  });
});

describe("each Notion error", () => {
  it("validation_error that a schema repair does not cure: dead-lettered, and one Slack alert naming the column, however many invoices hit it", async () => {
    const { db, fake, deliverAll, workspace, customer, dataSourceId } = await mirror.connectedVendor();
    const customerEmail = fake.schema(dataSourceId)["Customer email"]!.id;
    const message = `body failed validation: body.properties.${customerEmail}.email should be a valid email address.`;
    fake.failNext({ method: "POST", pathIncludes: "/v1/pages", status: 400, code: "validation_error", message, times: 100 });
    const invoices = [
      await anInvoice(db, workspace.id, customer.id),
      await anInvoice(db, workspace.id, customer.id),
      await anInvoice(db, workspace.id, customer.id),
    ];

    expect(await deliverAll()).toMatchObject({ delivered: 0, dead: 6 });
    const [refusal, ...more] = await refusals(workspace.id);
    expect(more).toEqual([]);
    expect(refusal!.payload).toEqual({
      integration: "notion",
      invoiceId: expect.toBeOneOf(invoices.map((invoice) => invoice.id)),
      reason:
        'Notion refused a value Remit wrote (body failed validation: the "Customer email" column\'s email should be a valid email address). Check that column in the Notion database (its type and settings)',
    });
    const alert = workspaceAlertMessage({
      kind: "integration_refused",
      integration: "notion",
      reason: (refusal!.payload as { reason: string }).reason,
      invoiceNumber: "INV-0042",
    });
    expect(alert.text).toContain("Notion refused the update of invoice INV-0042: Notion refused a value Remit wrote");
    expect(alert.text).toContain("remit events retry");
    // The mirror is not disconnected: other invoices go on once Notion takes them.
    expect(await lostAccess(workspace.id)).toBe(0);
    fake.clearFailures();
    await voidInvoice(db, workspace.id, invoices[1]!.id, testNow);
    expect(await deliverAll()).toMatchObject({ delivered: 1, dead: 0 });
  });

  it("restricted_resource (the integration lost its edit capability): one 'connection stopped working' alert", async () => {
    const { db, fake, deliverAll, workspace, customer } = await mirror.connectedVendor();
    fake.makeReadOnly(notionToken);
    await anInvoice(db, workspace.id, customer.id);
    await anInvoice(db, workspace.id, customer.id);
    expect(await deliverAll(60_000)).toMatchObject({ delivered: 0 });
    const alerts = await db.outboxEvent.findMany({ where: { type: "integration.failed", workspaceId: workspace.id } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.payload).toMatchObject({ reason: expect.stringContaining("may no longer edit the Notion database") });
    expect(await refusals(workspace.id)).toEqual([]);
  });

  it("conflict_error: retried with backoff and delivered", async () => {
    const { db, fake, deliverAll, workspace, customer, dataSourceId } = await mirror.connectedVendor();
    fake.failNext({
      method: "POST",
      pathIncludes: "/v1/pages",
      status: 409,
      code: "conflict_error",
      message: "Conflict occurred while saving. Please try again.",
      times: 2,
    });
    await anInvoice(db, workspace.id, customer.id, { issue: false });
    expect(await deliverAll(60_000)).toMatchObject({ delivered: 1, retried: 2, dead: 0 });
    expect(fake.pages(dataSourceId)).toHaveLength(1);
    expect(await refusals(workspace.id)).toEqual([]);
  });

  for (const [status, code, body] of [
    [529, "service_overload", "json"],
    [503, "service_unavailable", "json"],
    [502, "bad_gateway", "html"],
    [504, "gateway_timeout", "json"],
    [429, "rate_limited", "json"],
  ] as const) {
    it(`${status} ${code} with Retry-After: the update waits exactly as long, spends no attempt, and the token waits too`, async () => {
      const { db, fake, deliverAll, dispatcher, workspace, customer, dataSourceId, clock } = await mirror.connectedVendor();
      fake.failNext({ method: "POST", pathIncludes: "/v1/pages", status, code, body, headers: { "Retry-After": "9" }, times: 1 });
      await anInvoice(db, workspace.id, customer.id, { issue: false });

      expect(await dispatcher.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
      const delivery = await db.delivery.findFirstOrThrow({ where: { subscriber: "notion", status: "pending" }, include: { attemptLog: true } });
      expect(delivery.attempts).toBe(0);
      expect(delivery.nextAttemptAt.getTime() - delivery.attemptLog[0]!.finishedAt.getTime()).toBe(9000);

      const refusedAt = fake.requests.find((request) => request.status === status)!.at;
      await deliverAll(9000);
      const after = fake.requests.filter((request) => request.at > refusedAt);
      expect(Math.min(...after.map((request) => request.at))).toBeGreaterThanOrEqual(refusedAt + 9000);
      expect(clock.slept).toBeGreaterThanOrEqual(9000);
      expect(fake.pages(dataSourceId)).toHaveLength(1);
    });
  }

  for (const [status, code, body] of [
    [502, "bad_gateway", "html"],
    [503, "service_unavailable", "json"],
    [504, "gateway_timeout", "json"],
  ] as const) {
    it(`${status} without Retry-After: backs off, counts the attempt, and delivers when Notion is back`, async () => {
      const { db, fake, deliverAll, workspace, customer, dataSourceId } = await mirror.connectedVendor();
      fake.failNext({ method: "POST", pathIncludes: "/v1/pages", status, code, body, times: 2 });
      await anInvoice(db, workspace.id, customer.id, { issue: false });
      expect(await deliverAll(60_000)).toMatchObject({ delivered: 1, retried: 2, dead: 0 });
      const delivery = await db.delivery.findFirstOrThrow({ where: { subscriber: "notion" }, include: { attemptLog: { orderBy: { number: "asc" } } } });
      expect(delivery.attemptLog.map((attempt) => attempt.ok)).toEqual([false, false, true]);
      expect(fake.pages(dataSourceId)).toHaveLength(1);
    });
  }
});
