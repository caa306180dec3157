import { expect, it } from "vitest";
import type { Database } from "#app/platform/db/database.server.ts";
import { withTestDatabase } from "#tests/database.ts";
import { aWorkspace } from "#tests/fixtures.ts";
import { createInvoiceForNewCustomer } from "./invoice-entry.server.ts";
import { testNow } from "#tests/clock.ts";

let database: Database;
withTestDatabase((opened) => (database = opened));

it("creates a new customer with their first invoice, or reports every mistake at once and creates neither", async () => {
  const db = database.prisma;
  const workspace = await aWorkspace(db);
  const line = { productName: "Logo", quantity: 1, unitAmount: 50_000 };
  await expect(createInvoiceForNewCustomer(db, workspace.id, { name: "", email: "nope" }, { currency: "XYZ", lines: [line] }, testNow)).rejects.toMatchObject({
    issues: {
      "customer.name": "Customer name is required",
      "customer.email": "Email must be an address such as billing@example.com",
      currency: expect.stringContaining("XYZ"),
    },
  });
  // Only creating the invoice can tell a line total is too large: one transaction, so no customer either.
  await expect(
    createInvoiceForNewCustomer(
      db,
      workspace.id,
      { name: "Huge Co" },
      { lines: [{ productName: "Everything", quantity: 1_000_000, unitAmount: 999_999_999 }] },
      testNow,
    ),
  ).rejects.toMatchObject({ issues: { "lines.0.unitAmount": "Line amount is too large" } });
  expect(await db.customer.count({ where: { workspaceId: workspace.id } })).toBe(0);

  const invoice = await createInvoiceForNewCustomer(db, workspace.id, { name: "Acme", email: "ap@acme.example" }, { lines: [line] }, testNow);
  expect(invoice).toMatchObject({ status: "open", total: 50_000, number: "INV-0001" });
  expect(await db.customer.findUniqueOrThrow({ where: { id: invoice.customerId } })).toMatchObject({ name: "Acme", email: "ap@acme.example" });
});
