import { createDocument, saveDocument } from "./context.server.ts";
import { drawImageInBox, drawLines, drawStamp, drawText, fitText } from "./layout.server.ts";
import { drawDetails, drawParty, styles } from "./template-parts.server.ts";
import type { ReceiptDocument } from "./types.ts";

const margin = 50;
const size = 9.5;

/** A one-page receipt in the classic letterhead style, with a PAID stamp beside the amount. */
export async function renderReceiptPdf(doc: ReceiptDocument): Promise<Uint8Array> {
  const ctx = await createDocument({
    locale: doc.locale,
    timezone: doc.timezone,
    currency: doc.currency,
    language: doc.language,
    vendor: doc.vendor,
    content: doc,
    title: (t) => t("receipt.documentTitle", { number: doc.receiptNumber }),
    subject: (t) => t("receipt.subject", { number: doc.receiptNumber, invoice: doc.invoiceNumber, vendor: doc.vendor.name }),
    date: doc.paidAt,
  });
  const { palette, format, pageSize, t, caps } = ctx;
  const [pageWidth, pageHeight] = pageSize;
  const width = pageWidth - 2 * margin;
  const s = styles(ctx, size);
  const page = ctx.pdf.addPage(pageSize);

  // Letterhead.
  const top = pageHeight - 50;
  let left = top;
  if (ctx.logo) {
    drawImageInBox(page, ctx.logo, { x: margin, top, width: 160, height: 48 });
    left -= 56;
  }
  left -= drawText(page, doc.vendor.name, s.style(true, palette.text, 1.5), {
    x: margin,
    top: left,
    width: width * 0.55,
    maxLines: 2,
  });
  const right = { x: margin + width * 0.45, width: width * 0.55, align: "right" as const };
  let rightY = top - drawText(page, caps(t("receipt.title")), s.style(true, palette.brandText, 2.6), { ...right, top });
  rightY -= drawText(page, doc.receiptNumber, s.style(false, palette.muted, 1.15), {
    ...right,
    top: rightY,
    maxLines: 2,
  });
  let y = Math.min(left, rightY) - 14;
  page.drawRectangle({ x: margin, y: y - 1.5, width, height: 1.5, color: palette.brand });
  y -= 28;

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
  page.drawRectangle({ x: margin, y: y - 0.5, width, height: 0.5, color: palette.rule });
  y -= 18;
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
  const party = drawParty(
    ctx,
    page,
    doc.customer,
    { x: margin, top: y, width: width * 0.44 },
    {
      label: caps(t("receipt.receivedFrom")),
      labelStyle: s.label,
      size,
    },
  );
  const detailsHeight = drawDetails(
    page,
    details,
    { x: margin + width * 0.52, top: y, width: width * 0.48 },
    {
      label: s.muted,
      value: s.body,
    },
  );
  y -= Math.max(party, detailsHeight) + 30;
  drawText(page, t("receipt.thanks"), s.style(true, palette.brandText, 1.1), {
    x: margin,
    top: y,
    width,
    maxLines: 1,
  });

  page.drawRectangle({ x: margin, y: 43.5, width, height: 0.5, color: palette.rule });
  const footer = s.style(false, palette.muted, 0.82);
  drawText(page, t("receipt.footer", { vendor: doc.vendor.name, receipt: doc.receiptNumber, invoice: doc.invoiceNumber }), footer, {
    x: margin,
    top: 38,
    width,
    maxLines: 1,
  });
  return saveDocument(ctx.pdf);
}
