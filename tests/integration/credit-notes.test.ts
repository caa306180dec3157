import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import { createInvoice, voidInvoice } from "#app/billing/invoices.server.ts";
import { discardDraft } from "#app/billing/drafts.server.ts";
import { readPdf } from "#app/documents/pdf-text.test-helper.ts";
import * as creditNotePdf from "#app/routes/p.$token.invoices.$invoiceId.credit-note.pdf.ts";
import * as invoicePage from "#app/routes/p.$token.invoices.$invoiceId._index.tsx";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { createTestApp, routeArgs } from "#tests/app.ts";
import { testNow } from "#tests/clock.ts";
import { createTestDatabase } from "#tests/database.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";

// Issue 20: a printable credit note, in its own number series, for every issued invoice cancelled (decision 152).
let app: AppContext;
beforeAll(async () => {
  app = await createTestApp(await createTestDatabase());
});
afterAll(async () => {
  await app.database.close();
});

async function vendor(name: string, locale = "en-US") {
  const workspace = await aWorkspace(app.db, { name, defaultCurrency: "EUR", locale });
  const customer = await aCustomer(app.db, workspace.id, { name: "Globex GmbH", email: "ap@globex.example", locale });
  return { workspace, customer };
}

async function pdfOf(token: string, invoiceId: string) {
  try {
    const response = await creditNotePdf.loader(routeArgs(app, "/", undefined, { token, invoiceId }));
    return { status: response.status, bytes: new Uint8Array(await response.arrayBuffer()), headers: response.headers };
  } catch (thrown) {
    return { status: (thrown as { init?: { status?: number } }).init?.status ?? 500, bytes: new Uint8Array(), headers: new Headers() };
  }
}

describe("credit notes", () => {
  it("numbers credit notes in their own series per workspace, for issued invoices only, with no gap or duplicate under concurrency", async () => {
    const { workspace, customer } = await vendor("Series One");
    const other = await vendor("Series Two");
    const issued = await Promise.all([1, 2, 3, 4, 5].map(() => anInvoice(app.db, workspace.id, customer.id)));
    const draft = await anInvoice(app.db, workspace.id, customer.id, { issue: false });
    await discardDraft(app.db, workspace.id, draft.id, testNow, "cli");
    await Promise.all(issued.map((invoice) => voidInvoice(app.db, workspace.id, invoice.id, testNow, "cli", "Sent by mistake")));
    const elsewhere = await anInvoice(app.db, other.workspace.id, other.customer.id);
    await voidInvoice(app.db, other.workspace.id, elsewhere.id, testNow);

    const notes = await app.db.creditNote.findMany({ where: { workspaceId: workspace.id }, orderBy: { number: "asc" } });
    expect(notes.map((note) => note.number)).toEqual(["CN-0001", "CN-0002", "CN-0003", "CN-0004", "CN-0005"]);
    expect(new Set(notes.map((note) => note.invoiceId))).toEqual(new Set(issued.map((invoice) => invoice.id)));
    expect(notes[0]).toMatchObject({ reason: "Sent by mistake", total: issued[0]!.total, currency: "EUR", replacedById: null });
    expect(await app.db.creditNote.count({ where: { invoiceId: draft.id } })).toBe(0);
    expect((await app.db.creditNote.findMany({ where: { workspaceId: other.workspace.id } })).map((note) => note.number)).toEqual(["CN-0001"]);
    // Voiding again is refused by the status machine: never a second credit note.
    await expect(voidInvoice(app.db, workspace.id, issued[0]!.id, testNow)).rejects.toThrow();
    expect(await app.db.creditNote.count({ where: { workspaceId: workspace.id } })).toBe(5);
  });

  it("cancels a corrected invoice with a credit note naming its replacement, printed in the client's language and linked from the portal", async () => {
    const { workspace, customer } = await vendor("Nordlicht Studio", "de-DE");
    await app.db.workspace.update({ where: { id: workspace.id }, data: { address: "Hafenstraße 5\n20457 Hamburg", taxId: "DE811907980" } });
    const original = await anInvoice(app.db, workspace.id, customer.id, {
      lines: [{ productName: "Gestaltung", quantity: 2, unitAmount: 50_000, taxRateBps: 1900 }],
    });
    const corrected = await createInvoice(
      app.db,
      workspace.id,
      { customerId: customer.id, lines: [{ productName: "Gestaltung", quantity: 2, unitAmount: 45_000, taxRateBps: 1900 }] },
      testNow,
      { actor: "cli", replaces: { invoiceId: original.id, reason: "Falscher Stundensatz" } },
    );
    const note = await app.db.creditNote.findUniqueOrThrow({ where: { invoiceId: original.id } });
    expect(note).toMatchObject({
      number: "CN-0001",
      replacedById: corrected.id,
      reason: "Falscher Stundensatz",
      subtotal: 100_000,
      taxAmount: 19_000,
      total: 119_000,
    });

    const { url } = await issueCustomerLink(app, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 30 });
    const token = url.split("/p/")[1]!;
    const page = await invoicePage.loader(routeArgs(app, "/", undefined, { token, invoiceId: original.id }));
    expect(JSON.stringify(page)).toContain('"creditNote":{"number":"CN-0001"}');

    const pdf = await pdfOf(token, original.id);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-disposition")).toContain("CN-0001.pdf");
    const [first] = await readPdf(pdf.bytes);
    expect(first!.text).toContain("STORNORECHNUNG");
    expect(first!.text).toContain(`Storniert die Rechnung ${original.number}`);
    expect(first!.text).toContain(`Sie wird durch die Rechnung ${corrected.number} ersetzt.`);
    expect(first!.text).toContain("1.190,00");
    expect(first!.text).toContain("Falscher Stundensatz");
    // The vendor as the law asks, as the cancelled invoice printed them (its frozen parties).
    expect(first!.text).toContain("Hafenstraße 5");
    expect(first!.text).toContain("DE811907980");

    // The replacement itself was never cancelled: no credit note to download.
    expect((await pdfOf(token, corrected.id)).status).toBe(404);
  });
});
