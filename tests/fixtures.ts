import type { Db } from "#app/platform/db/database.server.ts";
import { createCustomer, type CustomerInput } from "#app/billing/customers.server.ts";
import { splitInvoice } from "#app/billing/instalments.server.ts";
import { createInvoice } from "#app/billing/invoices.server.ts";
import type { CreateInvoiceInput } from "#app/billing/invoice-input.ts";
import { createWorkspace, type WorkspaceInput } from "#app/billing/workspaces.server.ts";
import type { PortalAccess } from "#app/portal/access.server.ts";
import { testNow } from "#tests/clock.ts";

let counter = 0;

export async function aWorkspace(db: Db, input: Partial<WorkspaceInput> = {}) {
  return createWorkspace(db, { name: `Studio ${++counter}`, ...input });
}

export async function aCustomer(db: Db, workspaceId: string, input: Partial<CustomerInput> = {}) {
  return createCustomer(db, workspaceId, { name: `Client ${++counter}`, email: `client${counter}@example.com`, ...input });
}

export async function anInvoice(db: Db, workspaceId: string, customerId: string, input: Partial<CreateInvoiceInput> = {}, now = testNow) {
  return createInvoice(
    db,
    workspaceId,
    {
      customerId,
      lines: [{ productName: "Design work", quantity: 10, unitAmount: 12_000 }],
      ...input,
    },
    now,
  );
}

/** Splits an issued invoice into instalments, each `[amount, due date]`. */
export async function inParts(db: Db, invoice: { workspaceId: string; id: string }, parts: [number, Date | string][], now = testNow) {
  return splitInvoice(db, { workspaceId: invoice.workspaceId, invoiceId: invoice.id, parts: parts.map(([amount, dueDate]) => ({ amount, dueDate })) }, now);
}

/** A workspace with one customer, ready to invoice. */
export async function aVendor(db: Db, workspace: Partial<WorkspaceInput> = {}) {
  const ws = await aWorkspace(db, workspace);
  const customer = await aCustomer(db, ws.id);
  return { workspace: ws, customer };
}

/** Marks a workspace as mirroring into Notion (its connection row), so its events are queued for the mirror. */
export async function aNotionConnection(db: Db, workspaceId: string, connectedAt = testNow) {
  return db.notionConnection.create({ data: { workspaceId, databaseId: "notion-database", dataSourceId: "notion-data-source", properties: {}, connectedAt } });
}

/** The client's own link to all their invoices, as the portal sees it at `now`: valid for a day more. */
export function aClientLink(invoice: { workspaceId: string; customerId: string }, now: Date): PortalAccess {
  return { workspaceId: invoice.workspaceId, customerId: invoice.customerId, invoiceId: null, preview: false, expiresAt: new Date(now.getTime() + 86_400_000) };
}
