import { saveDocument } from "./context.server.ts";
import { drawLines, drawStamp, drawText, fitText } from "./layout.server.ts";
import { drawPartyAndDetails, drawSlipFooter, openSlip, slip } from "./slip.server.ts";
import type { ReceiptDocument } from "./types.ts";

/** A one-page receipt in the letterhead style (slip.server.ts), with a PAID stamp beside the amount. */
export async function renderReceiptPdf(doc: ReceiptDocument): Promise<Uint8Array> {
  const { ctx, sheet, top } = await openSlip(doc, { words: "receipt", number: doc.receiptNumber, date: doc.paidAt, titleScale: 2.6 });
  const { palette, format, t, caps } = ctx;
  const { page, width, s } = sheet;
  const { margin, size } = slip;
  let y = top;

  // Amount, with the stamp to its right.
  const heroTop = y;
  y -= drawText(page, caps(t("receipt.amountPaid")), s.label, { x: margin, top: y, width: width * 0.6, maxLines: 1 });
  y -= drawText(page, format.money(doc.amount), s.style(true, palette.text, 3), {
    x: margin,
    top: y,
    width: width * 0.6,
    maxLines: 2,
  });
  y -= size * 0.4;
  y -= drawText(page, t("receipt.paidVia", { date: format.dateTime(doc.paidAt), method: doc.method }), s.muted, {
    x: margin,
    top: y,
    width: width * 0.6,
    maxLines: 3,
  });
  if (doc.amountRefunded > 0) {
    y -= size * 0.4;
    const refunded = fitText(t("receipt.refundedAmount", { amount: format.money(doc.amountRefunded) }), s.style(true, palette.void, 1.1), width * 0.6, 2);
    y -= drawLines(page, refunded, s.style(true, palette.void, 1.1), { x: margin, top: y, width: width * 0.6 });
  }
  drawStamp(
    page,
    caps(t("stamp.paid")),
    { font: ctx.fonts.bold, size: 34, color: palette.paid },
    {
      x: margin + width * 0.8,
      y: (heroTop + y) / 2,
      angle: 12,
    },
  );
  y -= 30;

  // Payer and payment details.
  const details: [string, string][] = [
    [t("receipt.number"), doc.receiptNumber],
    [t("receipt.invoiceNumber"), doc.invoiceNumber],
    [t("receipt.paymentDate"), format.dateTime(doc.paidAt)],
    [t("receipt.paymentMethod"), doc.method],
    [t("receipt.amountPaid"), format.money(doc.amount)],
  ];
  if (doc.amountRefunded > 0) {
    details.push([t("receipt.refunded"), format.money(doc.amountRefunded)]);
    details.push([t("receipt.netPaid"), format.money(doc.amount - doc.amountRefunded)]);
  }
  if (doc.overpaid > 0) details.push([t("receipt.overpaid"), format.money(doc.overpaid)]);
  details.push([t("receipt.invoiceTotal"), format.money(doc.invoiceTotal)]);
  details.push([t("receipt.balanceDue"), format.money(doc.balanceDueAfter)]);
  y -= drawPartyAndDetails(ctx, sheet, y, { customer: doc.customer, label: t("receipt.receivedFrom"), details }) + 30;
  drawText(page, t("receipt.thanks"), s.style(true, palette.brandText, 1.1), {
    x: margin,
    top: y,
    width,
    maxLines: 1,
  });

  drawSlipFooter(ctx, sheet, t("receipt.footer", { vendor: doc.vendor.name, receipt: doc.receiptNumber, invoice: doc.invoiceNumber }));
  return saveDocument(ctx);
}
