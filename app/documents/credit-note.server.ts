import { createDocument, saveDocument } from "./context.server.ts";
import { drawImageInBox, drawText } from "./layout.server.ts";
import { drawDetails, drawParty, styles } from "./template-parts.server.ts";
import type { CreditNoteDocument } from "./types.ts";

const margin = 50;
const size = 9.5;

/**
 * A one-page credit note in the receipt's letterhead style: its own number, the invoice it
 * cancels (and the one replacing it), and the amounts credited, net, tax and total.
 */
export async function renderCreditNotePdf(doc: CreditNoteDocument): Promise<Uint8Array> {
  const ctx = await createDocument({
    locale: doc.locale,
    timezone: doc.timezone,
    currency: doc.currency,
    language: doc.language,
    vendor: doc.vendor,
    content: doc,
    title: (t) => t("creditNote.documentTitle", { number: doc.number }),
    subject: (t) => t("creditNote.subject", { number: doc.number, invoice: doc.invoiceNumber, vendor: doc.vendor.name }),
    date: doc.issuedAt,
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
  left -= drawText(page, doc.vendor.name, s.style(true, palette.text, 1.5), { x: margin, top: left, width: width * 0.5, maxLines: 2 });
  const right = { x: margin + width * 0.4, width: width * 0.6, align: "right" as const };
  let rightY = top - drawText(page, caps(t("creditNote.title")), s.style(true, palette.brandText, 2.4), { ...right, top, maxLines: 2 });
  rightY -= drawText(page, doc.number, s.style(false, palette.muted, 1.15), { ...right, top: rightY, maxLines: 2 });
  let y = Math.min(left, rightY) - 14;
  page.drawRectangle({ x: margin, y: y - 1.5, width, height: 1.5, color: palette.brand });
  y -= 28;

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
  page.drawRectangle({ x: margin, y: y - 0.5, width, height: 0.5, color: palette.rule });
  y -= 18;
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
  const party = drawParty(
    ctx,
    page,
    doc.customer,
    { x: margin, top: y, width: width * 0.44 },
    { label: caps(t("creditNote.issuedTo")), labelStyle: s.label, size },
  );
  const detailsHeight = drawDetails(page, details, { x: margin + width * 0.52, top: y, width: width * 0.48 }, { label: s.muted, value: s.body });
  y -= Math.max(party, detailsHeight) + 24;
  if (doc.reason) {
    y -= drawText(page, caps(t("creditNote.reason")), s.label, { x: margin, top: y, width, maxLines: 1 });
    drawText(page, doc.reason, s.body, { x: margin, top: y, width, maxLines: 6 });
  }

  page.drawRectangle({ x: margin, y: 43.5, width, height: 0.5, color: palette.rule });
  drawText(page, t("creditNote.footer", { vendor: doc.vendor.name, number: doc.number, invoice: doc.invoiceNumber }), s.style(false, palette.muted, 0.82), {
    x: margin,
    top: 38,
    width,
    maxLines: 1,
  });
  return saveDocument(ctx.pdf);
}
