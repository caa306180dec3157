import { createDocument, saveDocument } from "./context.server.ts";
import {
  drawLines,
  drawRowCells,
  drawStamp,
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
import { templates, type InvoiceContext, type TotalsRow } from "./templates.server.ts";
import type { InvoiceDocument } from "./types.ts";

const columnHeaders = ["Product", "Description", "Qty", "Unit price", "Amount"] as const;

export async function renderInvoicePdf(doc: InvoiceDocument): Promise<Uint8Array> {
  const base = await createDocument({
    locale: doc.locale,
    timezone: doc.timezone,
    currency: doc.currency,
    vendor: doc.vendor,
    title: `Invoice ${doc.number}`,
    subject: `Invoice ${doc.number} from ${doc.vendor.name} to ${doc.customer.name}`,
    date: doc.issueDate,
  });
  const ctx: InvoiceContext = { ...base, doc };
  const template = templates[doc.template];
  const { fonts, palette, format, pageSize } = ctx;
  const [pageWidth] = pageSize;
  const contentWidth = pageWidth - 2 * template.margin;

  let stampCenter = { x: 0, y: 0, angle: 0 };
  const flow = new PageFlow((index) => {
    const page = ctx.pdf.addPage(pageSize);
    if (index > 0) return { page, top: template.drawNextHeader(ctx, page) };
    const header = template.drawFirstHeader(ctx, page);
    stampCenter = header.stamp;
    return { page, top: header.top };
  }, template.bottom);

  // Line table.
  let x = template.margin;
  const columns: Column[] = template.columns.map((fraction, index) => {
    const column: Column = { x, width: fraction * contentWidth, align: index < 2 ? "left" : "right" };
    x += column.width;
    return column;
  });
  const pad = template.cellPadding;
  const body: TextStyle = { font: fonts.regular, size: template.size, color: palette.text };
  const strong: TextStyle = { ...body, font: fonts.bold };
  const subtle: TextStyle = { ...body, color: palette.muted };
  const wrapIn = (text: string, style: TextStyle, column: Column | undefined) =>
    wrapText(text, style, (column?.width ?? 0) - 2 * pad.x);
  const rows: TableRow[] = doc.lines.map((line) => {
    const cells = [
      { lines: wrapIn(line.productName, strong, columns[0]), style: strong },
      { lines: wrapIn(line.description ?? "", subtle, columns[1]), style: subtle },
      { lines: wrapIn(format.quantity(line.quantity), body, columns[2]), style: body },
      { lines: wrapIn(format.money(line.unitAmount), body, columns[3]), style: body },
      { lines: wrapIn(format.money(line.amount), body, columns[4]), style: body },
    ];
    return tableRow(cells);
  });
  const rowHeight = (row: TableRow) => textHeight(row.lineCount, body) + 2 * pad.y;
  const drawTableHeader = () => {
    flow.y -= template.drawTableHeader(ctx, flow.page, flow.y, columns, columnHeaders);
  };

  drawTableHeader();
  let pageTop = flow.y;
  rows.forEach((row, index) => {
    let rest: TableRow | undefined = row;
    while (rest) {
      let piece: TableRow = rest;
      rest = undefined;
      if (rowHeight(piece) > flow.space) {
        const fitting = Math.floor((flow.space - 2 * pad.y) / lineHeight(body.size));
        // Short rows move to the next page whole; long ones split when a couple of lines fit,
        // and a row taller than an empty page always splits.
        const split = flow.y === pageTop ? Math.max(1, fitting) : piece.lineCount > 6 && fitting >= 2 ? fitting : 0;
        if (split === 0) {
          flow.newPage();
          drawTableHeader();
          pageTop = flow.y;
          rest = piece;
          continue;
        }
        [piece, rest] = splitRow(piece, split);
      }
      const height = rowHeight(piece);
      template.drawRowBackground(ctx, flow.page, flow.y, height, index, columns);
      drawRowCells(flow.page, piece, columns, flow.y, pad);
      flow.y -= height;
    }
  });

  // Totals stay together.
  const totals: TotalsRow[] = [
    { label: "Subtotal", value: format.money(doc.subtotal), emphasis: "normal" },
    { label: `Tax (${format.rate(doc.taxRateBps)})`, value: format.money(doc.taxAmount), emphasis: "normal" },
    { label: "Total", value: format.money(doc.total), emphasis: "strong" },
    { label: "Amount paid", value: format.money(doc.amountPaid), emphasis: "normal" },
    { label: "Balance due", value: format.money(doc.balanceDue), emphasis: "highlight" },
  ];
  const totalsBlock = template.totals(ctx, totals);
  const gap = template.size * 1.6;
  if (totalsBlock.height + gap > flow.space) flow.newPage();
  else flow.y -= gap;
  totalsBlock.draw(flow.page, flow.y);
  flow.y -= totalsBlock.height;

  // Notes may run across pages; the heading keeps at least two lines with it.
  if (doc.notes?.trim()) {
    const heading: TextStyle = { ...strong, color: palette.brandText };
    const lines = wrapText(doc.notes, body, contentWidth);
    const headingHeight = textHeight(1, heading) + template.size * 0.3;
    const needed = gap + headingHeight + textHeight(Math.min(2, lines.length), body);
    if (needed > flow.space) flow.newPage();
    else flow.y -= gap;
    flow.y -= drawLines(flow.page, ["Notes"], heading, { x: template.margin, top: flow.y, width: contentWidth });
    flow.y -= template.size * 0.3;
    for (const line of lines) {
      if (lineHeight(body.size) > flow.space) flow.newPage();
      flow.y -= drawLines(flow.page, [line], body, { x: template.margin, top: flow.y, width: contentWidth });
    }
  }

  const stamp = doc.status === "paid" ? "PAID" : doc.status === "void" ? "VOID" : null;
  const firstPage = flow.pages[0];
  if (stamp && firstPage) {
    const color = doc.status === "paid" ? palette.paid : palette.void;
    drawStamp(firstPage, stamp, { font: fonts.bold, size: template.stampSize, color }, stampCenter);
  }
  flow.pages.forEach((page, i) => template.drawFooter(ctx, page, i + 1, flow.pages.length));
  return saveDocument(ctx.pdf);
}
