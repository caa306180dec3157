import { createDocument, saveDocument } from "./context.server.ts";
import {
  drawLines,
  drawRowCells,
  drawStamp,
  fitText,
  lineHeight,
  PageFlow,
  splitRow,
  tableRow,
  textHeight,
  wrapText,
  type Column,
  type TableRow,
  type TextStyle,
} from "./layout.server.ts";
import {
  stampLabel,
  type InvoiceContext,
  type InvoiceTemplate,
  type StampPlacement,
  type TotalsRow,
} from "./template-parts.server.ts";
import { templates } from "./templates.server.ts";
import type { InvoiceDocument } from "./types.ts";

const columnHeaders = ({ t }: InvoiceContext) =>
  [
    t("invoice.columns.product"),
    t("invoice.columns.description"),
    t("invoice.columns.quantity"),
    t("invoice.columns.unitPrice"),
    t("invoice.columns.amount"),
  ] as const;

/** Rows up to this many lines are never split across pages. */
const unsplittableLines = 6;

export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Uint8Array> {
  const base = await createDocument({
    locale: doc.locale,
    timezone: doc.timezone,
    currency: doc.currency,
    language: doc.language,
    vendor: doc.vendor,
    content: doc,
    title: (t) => t("invoice.documentTitle", { number: doc.number }),
    subject: (t) => t("invoice.subject", { number: doc.number, vendor: doc.vendor.name, customer: doc.customer.name }),
    date: doc.issueDate,
  });
  const ctx: InvoiceContext = { ...base, doc };
  const template = templates[doc.template];

  let stamp: StampPlacement | undefined;
  const flow = new PageFlow((index) => {
    const page = ctx.pdf.addPage(ctx.pageSize);
    if (index > 0) return { page, top: template.drawNextHeader(ctx, page) };
    const header = template.drawFirstHeader(ctx, page);
    stamp = header.stamp;
    return { page, top: header.top };
  }, template.bottom);

  drawLineTable(ctx, template, flow);
  drawTotals(ctx, template, flow);
  drawNotes(ctx, template, flow);

  const label = stampLabel(doc.status);
  const firstPage = flow.pages[0];
  if (label && stamp && firstPage) {
    const color = doc.status === "paid" ? ctx.palette.paid : ctx.palette.void;
    drawStamp(firstPage, ctx.caps(ctx.t(`stamp.${label}`)), { font: ctx.fonts.bold, size: template.stampSize, color }, stamp);
  }
  flow.pages.forEach((page, i) => template.drawFooter(ctx, page, i + 1, flow.pages.length));
  return saveDocument(ctx.pdf);
}

function bodyStyles(ctx: InvoiceContext, template: InvoiceTemplate) {
  const body: TextStyle = { font: ctx.fonts.regular, size: template.size, color: ctx.palette.text };
  return { body, strong: { ...body, font: ctx.fonts.bold }, subtle: { ...body, color: ctx.palette.muted } };
}

function drawLineTable(ctx: InvoiceContext, template: InvoiceTemplate, flow: PageFlow): void {
  const { format } = ctx;
  const contentWidth = ctx.pageSize[0] - 2 * template.margin;
  let x = template.margin;
  const columns: Column[] = template.columns.map((fraction, index) => {
    const column: Column = { x, width: fraction * contentWidth, align: index < 2 ? "left" : "right" };
    x += column.width;
    return column;
  });
  const pad = template.cellPadding;
  const { body, strong, subtle } = bodyStyles(ctx, template);
  const cell = (text: string, style: TextStyle, column: Column | undefined) => ({
    lines: wrapText(text, style, (column?.width ?? 0) - 2 * pad.x),
    style,
  });
  const rows = ctx.doc.lines.map((line) =>
    tableRow([
      cell(line.productName, strong, columns[0]),
      cell(line.description ?? "", subtle, columns[1]),
      cell(format.quantity(line.quantity), body, columns[2]),
      cell(format.money(line.unitAmount), body, columns[3]),
      cell(format.money(line.amount), body, columns[4]),
    ])
  );
  const rowHeight = (row: TableRow) => textHeight(row.lineCount, body) + 2 * pad.y;

  let pageTop = 0;
  const startTablePage = () => {
    flow.y -= template.drawTableHeader(ctx, flow.page, flow.y, columns, columnHeaders(ctx));
    pageTop = flow.y;
  };
  startTablePage();

  rows.forEach((row, index) => {
    let rest: TableRow | undefined = row;
    while (rest) {
      let piece: TableRow = rest;
      rest = undefined;
      if (rowHeight(piece) > flow.space) {
        // Short rows move to the next page whole. Long rows split once a couple of lines fit;
        // a row taller than an empty page has to split wherever the page ends.
        const fitting = Math.floor((flow.space - 2 * pad.y) / lineHeight(body.size));
        if (flow.y === pageTop) {
          [piece, rest] = splitRow(piece, Math.max(1, fitting));
        } else if (piece.lineCount > unsplittableLines && fitting >= 2) {
          [piece, rest] = splitRow(piece, fitting);
        } else {
          flow.newPage();
          startTablePage();
          rest = piece;
          continue;
        }
      }
      const height = rowHeight(piece);
      template.drawRowBackground(ctx, flow.page, flow.y, height, index, columns);
      drawRowCells(flow.page, piece, columns, flow.y, pad);
      flow.y -= height;
    }
  });
}

/** The totals block is kept in one piece. */
function drawTotals(ctx: InvoiceContext, template: InvoiceTemplate, flow: PageFlow): void {
  const { doc, format, t } = ctx;
  const rows: TotalsRow[] = [
    { label: t("invoice.subtotal"), value: format.money(doc.subtotal), emphasis: "normal" },
    { label: t("invoice.tax", { rate: format.rate(doc.taxRateBps) }), value: format.money(doc.taxAmount), emphasis: "normal" },
    { label: t("invoice.total"), value: format.money(doc.total), emphasis: "strong" },
    { label: t("invoice.amountPaid"), value: format.money(doc.amountPaid), emphasis: "normal" },
    { label: t("invoice.balanceDue"), value: format.money(doc.balanceDue), emphasis: "highlight" },
  ];
  const block = template.totals(ctx, rows);
  const gap = template.size * 1.6;
  if (block.height + gap > flow.space) flow.newPage();
  else flow.y -= gap;
  block.draw(flow.page, flow.y);
  flow.y -= block.height;
}

/** Notes flow across pages; the heading keeps at least two lines with it. */
function drawNotes(ctx: InvoiceContext, template: InvoiceTemplate, flow: PageFlow): void {
  if (!ctx.doc.notes?.trim()) return;
  const { body, strong } = bodyStyles(ctx, template);
  const heading: TextStyle = { ...strong, color: ctx.palette.brandText };
  const box = { x: template.margin, width: ctx.pageSize[0] - 2 * template.margin };
  const lines = wrapText(ctx.doc.notes, body, box.width);
  const gap = template.size * 1.6;
  const headingGap = template.size * 0.3;
  const needed = gap + textHeight(1, heading) + headingGap + textHeight(Math.min(2, lines.length), body);
  if (needed > flow.space) flow.newPage();
  else flow.y -= gap;
  flow.y -= drawLines(flow.page, fitText(ctx.t("invoice.notes"), heading, box.width, 1), heading, { ...box, top: flow.y }) + headingGap;
  for (const line of lines) {
    if (lineHeight(body.size) > flow.space) flow.newPage();
    flow.y -= drawLines(flow.page, [line], body, { ...box, top: flow.y });
  }
}
