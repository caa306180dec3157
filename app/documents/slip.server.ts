import type { Page } from "./page.server.ts";
import { createDocument, type DocumentContext } from "./context.server.ts";
import { drawImageInBox, drawText } from "./layout.server.ts";
import { drawDetails, drawParty, styles, vendorLines } from "./template-parts.server.ts";
import type { DocumentCustomer, DocumentVendor, PrintedFor } from "./types.ts";

/**
 * The parts of Remit's one-page documents (receipts, credit notes), one home for each: a
 * letterhead that names the vendor as the law asks (address, tax ID, registration, as the
 * invoice's "From" block prints them), the client and the document's figures side by side, and a
 * footer line.
 */
export const slip = { margin: 50, size: 9.5 } as const;

export interface Slip {
  page: Page;
  /** Content width between the margins. */
  width: number;
  s: ReturnType<typeof styles>;
}

/**
 * A one-page document begun: the PDF with its metadata (title and subject from the `words`'
 * `documentTitle` and `subject`, naming the invoice it is about), its page, and the letterhead
 * under the `words`' `title`; `top` is where the content starts.
 */
export async function openSlip(
  doc: PrintedFor & { invoiceNumber: string },
  head: { words: "receipt" | "creditNote"; number: string; date: Date; titleScale: number },
): Promise<{ ctx: DocumentContext; sheet: Slip; top: number }> {
  const { words, number } = head;
  const ctx = await createDocument(doc, {
    title: (t) => t(`${words}.documentTitle`, { number }),
    subject: (t) => t(`${words}.subject`, { number, invoice: doc.invoiceNumber, vendor: doc.vendor.name }),
    date: head.date,
  });
  const page = ctx.addPage();
  const sheet = { page, width: ctx.pageSize[0] - 2 * slip.margin, s: styles(ctx, slip.size) };
  const top = drawLetterhead(ctx, sheet, { vendor: doc.vendor, title: ctx.t(`${words}.title`), number, titleScale: head.titleScale });
  return { ctx, sheet, top };
}

/**
 * Logo, vendor name and the vendor's details on the left; the document's title (`titleScale`
 * times the body size) and number on the right; the brand rule under both. Returns where the
 * content starts.
 */
function drawLetterhead(
  ctx: DocumentContext,
  { page, width, s }: Slip,
  head: { vendor: DocumentVendor; title: string; number: string; titleScale: number },
): number {
  const { palette } = ctx;
  const { margin } = slip;
  const top = ctx.pageSize[1] - 50;
  let left = top;
  if (ctx.logo) {
    drawImageInBox(page, ctx.logo, { x: margin, top, width: 160, height: 48 });
    left -= 56;
  }
  const box = { x: margin, width: width * 0.5 };
  left -= drawText(page, head.vendor.name, s.style(true, palette.text, 1.5), { ...box, top: left, maxLines: 2 });
  left -= 2;
  const details = s.style(false, palette.muted, 0.85);
  // The legal name only where it differs from the trading name just printed.
  for (const line of vendorLines(head.vendor, ctx.t).filter((line) => line !== head.vendor.name)) {
    left -= drawText(page, line, details, { ...box, top: left, maxLines: 4 });
  }
  const right = { x: margin + width * 0.45, width: width * 0.55, align: "right" as const };
  let rightY = top - drawText(page, ctx.caps(head.title), s.style(true, palette.brandText, head.titleScale), { ...right, top, maxLines: 2 });
  rightY -= drawText(page, head.number, s.style(false, palette.muted, 1.15), { ...right, top: rightY, maxLines: 2 });
  const y = Math.min(left, rightY) - 14;
  page.drawRectangle({ x: margin, y: y - 1.5, width, height: 1.5, color: palette.brand });
  return y - 28;
}

/** A thin rule, then the client (under `label`) on the left and the document's figures on the right. Returns the height used. */
export function drawPartyAndDetails(
  ctx: DocumentContext,
  { page, width, s }: Slip,
  top: number,
  parts: { customer: DocumentCustomer; label: string; details: [string, string][] },
): number {
  const { margin, size } = slip;
  page.drawRectangle({ x: margin, y: top - 0.5, width, height: 0.5, color: ctx.palette.rule });
  const y = top - 18;
  const party = drawParty(ctx, page, parts.customer, { x: margin, top: y, width: width * 0.44 }, { label: ctx.caps(parts.label), labelStyle: s.label, size });
  const details = drawDetails(page, parts.details, { x: margin + width * 0.52, top: y, width: width * 0.48 }, { label: s.muted, value: s.body });
  return 18 + Math.max(party, details);
}

/** The footer line above the page's bottom edge. */
export function drawSlipFooter(ctx: DocumentContext, { page, width, s }: Slip, text: string): void {
  page.drawRectangle({ x: slip.margin, y: 43.5, width, height: 0.5, color: ctx.palette.rule });
  drawText(page, text, s.style(false, ctx.palette.muted, 0.82), { x: slip.margin, top: 38, width, maxLines: 1 });
}
