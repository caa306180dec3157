import type { RGB } from "pdf-lib";
import type { Page } from "./page.server.ts";
import type { DocumentContext, DocumentWords } from "./context.server.ts";
import { drawLines, drawText, fitText, lineHeight, type Column, type TextStyle } from "./layout.server.ts";
import type { InvoiceStatus } from "#app/billing/invoice-status.ts";
import type { DocumentVendor, InvoiceDocument } from "./types.ts";

export interface InvoiceContext extends DocumentContext {
  doc: InvoiceDocument;
}

export interface TotalsRow {
  label: string;
  value: string;
  emphasis: "normal" | "strong" | "highlight";
}

/** Content measured up front so the caller can decide where it goes before drawing it. */
export interface Block {
  height: number;
  draw(page: Page, top: number): void;
}

export interface StampPlacement {
  x: number;
  y: number;
  angle: number;
}

export interface InvoiceTemplate {
  /** Body font size. */
  size: number;
  stampSize: number;
  /** Left and right margin. */
  margin: number;
  /** Lowest y content may reach; the footer lives below. */
  bottom: number;
  /** Fractions of the content width: product, description, qty, unit price, amount. */
  columns: readonly [number, number, number, number, number];
  cellPadding: { x: number; y: number };
  /** Draws the first page's header; returns where content starts and where a stamp goes. */
  drawFirstHeader(ctx: InvoiceContext, page: Page): { top: number; stamp: StampPlacement };
  /** Draws the running header of later pages; returns where content starts. */
  drawNextHeader(ctx: InvoiceContext, page: Page): number;
  /** Returns the header's height. */
  drawTableHeader(ctx: InvoiceContext, page: Page, top: number, columns: readonly Column[], headers: readonly string[]): number;
  drawRowBackground(ctx: InvoiceContext, page: Page, top: number, height: number, index: number, columns: readonly Column[]): void;
  totals(ctx: InvoiceContext, rows: readonly TotalsRow[]): Block;
  drawFooter(ctx: InvoiceContext, page: Page, pageNumber: number, pageCount: number): void;
}

/** The stamp a status earns, if any. */
export function stampLabel(status: InvoiceStatus): "paid" | "void" | "draft" | null {
  return status === "paid" || status === "void" || status === "draft" ? status : null;
}

export function invoiceDetails({ doc, format, t }: InvoiceContext): [string, string][] {
  const rows: [string, string][] = [
    [t("invoice.number"), doc.number],
    [t("invoice.issueDate"), format.date(doc.issueDate)],
    [t("invoice.dueDate"), format.date(doc.dueDate)],
    [t("invoice.status"), t(`common:status.${doc.status}`)],
  ];
  if (doc.supplyDate) rows.splice(2, 0, [t("common:supplyDate"), format.date(doc.supplyDate)]);
  if (doc.paidAt) rows.push([t("invoice.paidOn"), format.dateTime(doc.paidAt)]);
  if (doc.poNumber) rows.push([t("invoice.poNumber"), doc.poNumber]);
  return rows;
}

/**
 * The vendor's lines that make a document complete (legal name, address, tax ID, registration,
 * contact), label-less: the invoice's "From" block and the receipt's and credit note's letterhead.
 */
export function vendorLines(vendor: DocumentVendor, t: DocumentWords): string[] {
  const { details } = vendor;
  return [
    details.legalName,
    details.address,
    details.taxId ? t("common:vendor.taxId", { value: details.taxId }) : null,
    details.registrationNumber ? t("common:vendor.registration", { value: details.registrationNumber }) : null,
    details.email,
    details.phone ? t("common:vendor.phone", { value: details.phone }) : null,
    details.website ? t("common:vendor.website", { value: details.website }) : null,
  ].filter((line): line is string => Boolean(line));
}

export function styles(ctx: DocumentContext, size: number) {
  const { fonts, palette } = ctx;
  const style = (bold: boolean, color: RGB, scale = 1): TextStyle => ({
    font: bold ? fonts.bold : fonts.regular,
    size: size * scale,
    color,
  });
  return {
    body: style(false, palette.text),
    muted: style(false, palette.muted),
    strong: style(true, palette.text),
    label: style(true, palette.brandText, 0.82),
    style,
  };
}

/** The table's column headings, one line each, aligned like their columns. */
export function drawColumnLabels(page: Page, columns: readonly Column[], labels: readonly string[], style: TextStyle, top: number, padX: number): void {
  columns.forEach((column, index) => {
    const room = column.width - 2 * padX;
    const label = style.font.clean(labels[index] ?? "");
    // A heading a little wider than its column ("MENGE") is set smaller rather than cut.
    const fitted = {
      ...style,
      size: Math.max(style.size * 0.75, Math.min(style.size, (style.size * room) / Math.max(1, style.font.width(label, style.size)))),
    };
    const lines = fitText(label, fitted, room, 1);
    drawLines(page, lines, fitted, { x: column.x + padX, top, width: room, align: column.align });
  });
}

/** "Bill to" block: label, name, email, address. Returns its height. */
export function drawParty(
  ctx: DocumentContext,
  page: Page,
  party: { name: string; email: string | null; address: string | null; taxId?: string | null },
  box: { x: number; top: number; width: number },
  text: { label: string; labelStyle: TextStyle; size: number },
): number {
  const s = styles(ctx, text.size);
  let y = box.top;
  y -= drawText(page, text.label, text.labelStyle, { ...box, top: y, maxLines: 1 });
  y -= text.size * 0.3;
  y -= drawText(page, party.name, s.style(true, ctx.palette.text, 1.15), { ...box, top: y, maxLines: 3 });
  if (party.email) y -= drawText(page, party.email, s.muted, { ...box, top: y, maxLines: 2 });
  if (party.address) y -= drawText(page, party.address, s.muted, { ...box, top: y, maxLines: 6 });
  if (party.taxId) y -= drawText(page, ctx.t("common:customer.taxId", { value: party.taxId }), s.muted, { ...box, top: y, maxLines: 1 });
  return box.top - y;
}

/** Label/value rows, values right-aligned. Returns the height used. */
export function drawDetails(
  page: Page,
  rows: readonly [string, string][],
  box: { x: number; top: number; width: number },
  text: { label: TextStyle; value: TextStyle },
): number {
  // As wide as the longest label needs ("Rechnungsnummer"), between 42% and 60% of the box.
  const widest = Math.max(0, ...rows.map(([label]) => text.label.font.width(text.label.font.clean(label), text.label.size)));
  const labelWidth = Math.min(box.width * 0.6, Math.max(box.width * 0.42, widest + text.label.size * 0.8));
  const gap = text.value.size * 0.25;
  let y = box.top;
  for (const [label, value] of rows) {
    const labelHeight = drawText(page, label, text.label, { x: box.x, top: y, width: labelWidth, maxLines: 2 });
    const valueHeight = drawText(page, value, text.value, {
      x: box.x + labelWidth,
      top: y,
      width: box.width - labelWidth,
      align: "right",
      maxLines: 3,
    });
    y -= Math.max(labelHeight, valueHeight) + gap;
  }
  return box.top - y;
}

/**
 * Right-aligned totals. "strong" rows get a rule above; the "highlight" row is either ruled in
 * the brand colour or set on a brand-coloured band.
 */
export function totalsBlock(
  ctx: InvoiceContext,
  rows: readonly TotalsRow[],
  options: { right: number; width: number; size: number; highlight: "rule" | "band" },
): Block {
  const { palette } = ctx;
  const s = styles(ctx, options.size);
  const padX = options.highlight === "band" ? options.size * 0.8 : 0;
  const labelWidth = options.width * 0.5;
  const valueWidth = options.width - labelWidth - padX * 2;
  const rowGap = options.size * 0.55;
  const x = options.right - options.width;
  const laidOut = rows.map((row) => {
    const highlighted = row.emphasis === "highlight";
    const color = highlighted ? (options.highlight === "band" ? palette.onBrand : palette.brandText) : palette.text;
    const style = s.style(row.emphasis !== "normal", color, highlighted ? 1.2 : 1);
    const labelStyle = row.emphasis === "normal" ? s.muted : style;
    const label = fitText(row.label, labelStyle, labelWidth, 2);
    const value = fitText(row.value, style, valueWidth, 3);
    const pad = highlighted ? options.size * 0.6 : 0;
    const height = lineHeight(style.size) * Math.max(label.length, value.length) + 2 * pad;
    return { row, style, labelStyle, label, value, pad, height };
  });
  // Emphasised rows get a rule and an extra gap above them.
  const height = laidOut.reduce((sum, r) => sum + r.height + rowGap * (r.row.emphasis === "normal" ? 1 : 2), 0);
  return {
    height,
    draw(page, top) {
      let y = top;
      for (const r of laidOut) {
        if (r.row.emphasis !== "normal") {
          y -= rowGap * 0.5;
          if (r.row.emphasis === "highlight" && options.highlight === "band") {
            page.drawRectangle({ x, y: y - r.height, width: options.width, height: r.height, color: palette.brand });
          } else {
            const thick = r.row.emphasis === "highlight";
            page.drawRectangle({
              x,
              y: y - (thick ? 1.2 : 0.6),
              width: options.width,
              height: thick ? 1.2 : 0.6,
              color: thick ? palette.brand : palette.rule,
            });
          }
          y -= rowGap * 0.5;
        }
        const top = y - r.pad;
        drawLines(page, r.label, r.labelStyle, { x: x + padX, top, width: labelWidth });
        drawLines(page, r.value, r.style, { x: x + padX + labelWidth, top, width: valueWidth, align: "right" });
        y -= r.height + rowGap;
      }
    },
  };
}

/** One line: `right` right-aligned, `left` in whatever room remains, so the right side wins. */
export function drawSplitLine(
  page: Page,
  box: { x: number; top: number; width: number },
  left: { text: string; style: TextStyle },
  right: { text: string; style: TextStyle },
): void {
  const rightLines = fitText(right.text, right.style, box.width * 0.65, 1);
  const rightWidth = right.style.font.width(rightLines[0] ?? "", right.style.size);
  drawLines(page, rightLines, right.style, { ...box, align: "right" });
  drawLines(page, fitText(left.text, left.style, box.width - rightWidth - 16, 1), left.style, box);
}

/** Footer line: vendor and invoice number on the left, "Page N of M" on the right. */
export function drawFooterText(
  ctx: InvoiceContext,
  page: Page,
  pageNumber: number,
  pageCount: number,
  box: { x: number; top: number; width: number; style: TextStyle },
): void {
  const { style } = box;
  drawSplitLine(
    page,
    box,
    { text: ctx.t("invoice.footer", { vendor: ctx.doc.vendor.name, number: ctx.doc.number }), style },
    { text: ctx.t("page", { page: pageNumber, pages: pageCount }), style },
  );
}
