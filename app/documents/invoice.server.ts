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
import { stampLabel, vendorLines, type InvoiceContext, type InvoiceTemplate, type StampPlacement, type TotalsRow } from "./template-parts.server.ts";
import { quoteWords } from "./quote.server.ts";
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
  const base = await createDocument(doc, {
    title: (t) => (doc.quote ? quoteWords(t, doc.quote.status) : t)("invoice.documentTitle", { number: doc.number }),
    subject: (t) =>
      (doc.quote ? quoteWords(t, doc.quote.status) : t)("invoice.subject", { number: doc.number, vendor: doc.vendor.name, customer: doc.customer.name }),
    date: doc.issueDate,
  });
  const ctx: InvoiceContext = { ...base, t: doc.quote ? quoteWords(base.t, doc.quote.status) : base.t, doc };
  const template = templates[doc.template];

  let stamp: StampPlacement | undefined;
  const flow = new PageFlow((index) => {
    const page = ctx.addPage();
    if (index > 0) return { page, top: template.drawNextHeader(ctx, page) };
    const header = template.drawFirstHeader(ctx, page);
    stamp = header.stamp;
    return { page, top: header.top };
  }, template.bottom);

  drawLineTable(ctx, template, flow);
  drawTotals(ctx, template, flow);
  drawInstalments(ctx, template, flow);
  drawVendorAndPayment(ctx, template, flow);
  drawNotes(ctx, template, flow);
  drawFooterText(ctx, template, flow);

  const label = stampLabel(doc.status);
  const firstPage = flow.pages[0];
  if (label && stamp && firstPage) {
    const color = doc.status === "paid" ? ctx.palette.paid : ctx.palette.void;
    drawStamp(firstPage, ctx.caps(ctx.t(`stamp.${label}`)), { font: ctx.fonts.bold, size: template.stampSize, color }, stamp);
  }
  flow.pages.forEach((page, i) => template.drawFooter(ctx, page, i + 1, flow.pages.length));
  return saveDocument(ctx);
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
      cell([line.description, lineTerms(ctx, line)].filter(Boolean).join("\n"), subtle, columns[1]),
      cell(format.quantity(line.quantity), body, columns[2]),
      cell(format.money(line.unitAmount), body, columns[3]),
      cell(format.money(line.amount), body, columns[4]),
    ]),
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

/**
 * A line's own tax rate and discount, when the reader needs them: its discount always, its
 * rate when the invoice has several (one rate is in the totals).
 */
function lineTerms({ doc, format, t }: InvoiceContext, line: InvoiceDocument["lines"][number]): string | null {
  const terms = [
    doc.taxRates.length > 1 ? t("common:line.tax", { rate: format.rate(line.taxRateBps) }) : null,
    line.discountBps ? t("common:line.discount", { rate: format.rate(line.discountBps) }) : null,
  ].filter(Boolean);
  return terms.length ? terms.join(" · ") : null;
}

/** The totals block is kept in one piece: subtotal, the invoice's discount, the tax per rate (VAT Directive art. 226(8)–(10)), totals. */
function drawTotals(ctx: InvoiceContext, template: InvoiceTemplate, flow: PageFlow): void {
  const { doc, format, t } = ctx;
  const rows: TotalsRow[] = [
    { label: t("invoice.subtotal"), value: format.money(doc.subtotal), emphasis: "normal" },
    ...(doc.discountAmount
      ? [{ label: t("common:totals.discount", { rate: format.rate(doc.discountBps) }), value: format.money(-doc.discountAmount), emphasis: "normal" as const }]
      : []),
    ...doc.taxRates.map((rate) => ({
      label: t("common:totals.taxOn", { rate: format.rate(rate.rateBps), base: format.money(rate.taxable) }),
      value: format.money(rate.tax),
      emphasis: "normal" as const,
    })),
    // A quote ends at its total: nothing is paid or due on it.
    ...(doc.quote
      ? [{ label: t("invoice.total"), value: format.money(doc.total), emphasis: "highlight" as const }]
      : [
          { label: t("invoice.total"), value: format.money(doc.total), emphasis: "strong" as const },
          { label: t("invoice.amountPaid"), value: format.money(doc.amountPaid), emphasis: "normal" as const },
          { label: t("invoice.balanceDue"), value: format.money(doc.balanceDue), emphasis: "highlight" as const },
        ]),
  ];
  const block = template.totals(ctx, rows);
  const gap = template.size * 1.6;
  if (block.height + gap > flow.space) flow.newPage();
  else flow.y -= gap;
  block.draw(flow.page, flow.y);
  flow.y -= block.height;
}

/**
 * The payment schedule of a split invoice: each part, its due date, its amount, and whether it
 * is paid, partly paid or open. Kept on one page (twelve parts at most, decision 131).
 */
function drawInstalments(ctx: InvoiceContext, template: InvoiceTemplate, flow: PageFlow): void {
  const { doc, format, t } = ctx;
  if (doc.quote || doc.instalments.length === 0) return;
  const { body, strong, subtle } = bodyStyles(ctx, template);
  const heading: TextStyle = { ...strong, color: ctx.palette.brandText };
  const width = ctx.pageSize[0] - 2 * template.margin;
  const fractions = [0.3, 0.22, 0.22, 0.26];
  let x = template.margin;
  const columns = fractions.map((fraction, index) => {
    const column = { x, width: fraction * width - 6, align: (index === 2 ? "right" : "left") as Column["align"] };
    x += fraction * width;
    return column;
  });
  const count = doc.instalments.length;
  const state = (part: (typeof doc.instalments)[number]) =>
    part.paid >= part.amount
      ? t("invoice.instalments.state.paid")
      : part.paid > 0
        ? t("invoice.instalments.paidOf", { paid: format.money(part.paid), amount: format.money(part.amount) })
        : t("invoice.instalments.state.open");
  const rows = [
    {
      cells: [
        t("invoice.instalments.columns.part"),
        t("invoice.instalments.columns.due"),
        t("invoice.instalments.columns.amount"),
        t("invoice.instalments.columns.status"),
      ],
      style: subtle,
    },
    ...doc.instalments.map((part) => ({
      cells: [t("invoice.instalments.part", { position: part.position, count }), format.date(part.dueDate), format.money(part.amount), state(part)],
      style: part.paid >= part.amount ? subtle : body,
    })),
  ].map((row) => ({ ...row, lines: row.cells.map((text, index) => fitText(text, row.style, columns[index]!.width, 2)) }));
  const rowHeight = (row: (typeof rows)[number]) => textHeight(Math.max(...row.lines.map((lines) => lines.length)), row.style);
  const headingGap = template.size * 0.3;
  const height = textHeight(1, heading) + headingGap + rows.reduce((sum, row) => sum + rowHeight(row), 0);
  const gap = template.size * 1.6;
  if (gap + height > flow.space) flow.newPage();
  else flow.y -= gap;
  flow.y -=
    drawLines(flow.page, fitText(t("invoice.instalments.heading"), heading, width, 1), heading, { x: template.margin, width, top: flow.y }) + headingGap;
  for (const row of rows) {
    row.lines.forEach((lines, index) => drawLines(flow.page, lines, row.style, { ...columns[index]!, top: flow.y }));
    flow.y -= rowHeight(row);
  }
}

/** Bank transfer details for an invoice with a balance, quoting its number as the reference. */
function paymentLines({ doc, t }: InvoiceContext): string[] {
  const offline = doc.vendor.offline;
  if (!offline || doc.quote || doc.balanceDue <= 0 || doc.status === "void" || doc.status === "draft") return [];
  const row = (label: string, value: string | null) => (value ? `${label}: ${value}` : null);
  return [
    row(t("common:offline.bank"), offline.bankName),
    row(t("common:offline.accountHolder"), offline.accountHolder),
    // An account number is one word: it wraps whole, never between its groups.
    row(t("common:offline.iban"), offline.account?.replace(/ /g, "\u00a0") ?? null),
    row(t("common:offline.bic"), offline.bic),
    offline.account ? row(t("common:offline.reference"), doc.number) : null,
    offline.instructions,
  ].filter((line): line is string => Boolean(line));
}

/** "From" (who issued it) and "Pay by bank transfer" side by side, kept on one page. */
function drawVendorAndPayment(ctx: InvoiceContext, template: InvoiceTemplate, flow: PageFlow): void {
  const { body, strong } = bodyStyles(ctx, template);
  const heading: TextStyle = { ...strong, color: ctx.palette.brandText };
  const width = ctx.pageSize[0] - 2 * template.margin;
  const columnWidth = width / 2 - 10;
  const columns = [
    { title: ctx.t("invoice.from"), lines: vendorLines(ctx.doc.vendor, ctx.t) },
    { title: ctx.t("common:offline.heading"), lines: paymentLines(ctx) },
  ].filter((column) => column.lines.length > 0);
  if (columns.length === 0) return;
  const wrapped = columns.map((column) => ({ ...column, lines: column.lines.flatMap((line) => wrapText(line, body, columnWidth)) }));
  const height = Math.max(...wrapped.map((column) => textHeight(1, heading) + template.size * 0.3 + textHeight(column.lines.length, body)));
  const gap = template.size * 1.6;
  if (gap + height > flow.space) flow.newPage();
  else flow.y -= gap;
  wrapped.forEach((column, index) => {
    const box = { x: template.margin + index * (columnWidth + 20), width: columnWidth };
    let y = flow.y;
    y -= drawLines(flow.page, fitText(column.title, heading, box.width, 1), heading, { ...box, top: y }) + template.size * 0.3;
    drawLines(flow.page, column.lines, body, { ...box, top: y });
  });
  flow.y -= height;
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

/** The vendor's footer text (legal wording, terms), muted, after everything else. */
function drawFooterText(ctx: InvoiceContext, template: InvoiceTemplate, flow: PageFlow): void {
  if (!ctx.doc.footer?.trim()) return;
  const { subtle } = bodyStyles(ctx, template);
  const box = { x: template.margin, width: ctx.pageSize[0] - 2 * template.margin };
  flow.y -= template.size * 1.6;
  for (const line of wrapText(ctx.doc.footer, subtle, box.width)) {
    if (lineHeight(subtle.size) > flow.space) flow.newPage();
    flow.y -= drawLines(flow.page, [line], subtle, { ...box, top: flow.y });
  }
}
