import { saveDocument } from "./context.server.ts";
import { drawText } from "./layout.server.ts";
import { drawPartyAndDetails, drawSlipFooter, openSlip, slip } from "./slip.server.ts";
import type { CreditNoteDocument } from "./types.ts";

/**
 * A one-page credit note in the receipt's letterhead (slip.server.ts), naming the vendor as the invoice did: its own number, the invoice it
 * cancels (and the one replacing it), and the amounts credited, net, tax and total.
 */
export async function renderCreditNotePdf(doc: CreditNoteDocument): Promise<Uint8Array> {
  const { ctx, sheet, top } = await openSlip(doc, { words: "creditNote", number: doc.number, date: doc.issuedAt, titleScale: 2.4 });
  const { palette, format, t, caps } = ctx;
  const { page, width, s } = sheet;
  const { margin, size } = slip;
  let y = top;

  // What it does, and the amount.
  y -= drawText(page, caps(t("creditNote.amountCredited")), s.label, { x: margin, top: y, width, maxLines: 1 });
  y -= drawText(page, format.money(doc.total), s.style(true, palette.text, 3), { x: margin, top: y, width, maxLines: 2 });
  y -= size * 0.4;
  const says = [t("creditNote.cancels", { invoice: doc.invoiceNumber, date: format.date(doc.invoiceDate) })];
  if (doc.replacedBy) says.push(t("creditNote.replacedBy", { invoice: doc.replacedBy }));
  says.push(t("creditNote.noLongerOwed"));
  y -= drawText(page, says.join(" "), s.muted, { x: margin, top: y, width, maxLines: 4 });
  y -= 24;

  // Client and figures.
  const details: [string, string][] = [
    [t("creditNote.number"), doc.number],
    [t("creditNote.date"), format.dateTime(doc.issuedAt)],
    [t("creditNote.invoiceNumber"), doc.invoiceNumber],
    [t("creditNote.invoiceDate"), format.date(doc.invoiceDate)],
  ];
  if (doc.replacedBy) details.push([t("creditNote.replacement"), doc.replacedBy]);
  details.push(
    [t("creditNote.net"), format.money(doc.net)],
    [t("creditNote.tax"), format.money(doc.taxAmount)],
    [t("creditNote.total"), format.money(doc.total)],
  );
  y -= drawPartyAndDetails(ctx, sheet, y, { customer: doc.customer, label: t("creditNote.issuedTo"), details }) + 24;
  if (doc.reason) {
    y -= drawText(page, caps(t("creditNote.reason")), s.label, { x: margin, top: y, width, maxLines: 1 });
    drawText(page, doc.reason, s.body, { x: margin, top: y, width, maxLines: 6 });
  }
  drawSlipFooter(ctx, sheet, t("creditNote.footer", { vendor: doc.vendor.name, number: doc.number, invoice: doc.invoiceNumber }));
  return saveDocument(ctx);
}
