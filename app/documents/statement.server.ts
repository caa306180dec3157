import { createDocument, saveDocument, type DocumentWords } from "./context.server.ts";
import { drawImageInBox, drawRowCells, drawText, lineHeight, PageFlow, tableRow, wrapText, type Column, type TextStyle } from "./layout.server.ts";
import { drawColumnLabels, drawDetails, drawParty, styles } from "./template-parts.server.ts";
import type { StatementEntry } from "#app/billing/statement.server.ts";
import type { StatementDocument } from "./types.ts";

const margin = 50;
const size = 9;
const pad = { x: 4, y: 4 };
/** Date, details, charges, credits, balance. */
const fractions = [0.16, 0.36, 0.16, 0.16, 0.16];

/** A statement of account: letterhead, the client and the period's figures, then every entry with its running balance. */
export async function renderStatementPdf(doc: StatementDocument): Promise<Uint8Array> {
  const ctx = await createDocument(doc, {
    title: (t) => t("statement.documentTitle", { from: isoDate(doc.from), to: isoDate(doc.to) }),
    subject: (t) => t("statement.subject", { vendor: doc.vendor.name, customer: doc.customer.name }),
    date: doc.to,
  });
  const { palette, format, pageSize, t, caps } = ctx;
  const [pageWidth, pageHeight] = pageSize;
  const width = pageWidth - 2 * margin;
  const s = styles(ctx, size);
  let x = margin;
  const columns: Column[] = fractions.map((fraction, index) => {
    const column: Column = { x, width: fraction * width, align: index < 2 ? "left" : "right" };
    x += column.width;
    return column;
  });
  const headers = [
    t("statement.columns.date"),
    t("statement.columns.details"),
    t("statement.columns.charges"),
    t("statement.columns.credits"),
    t("statement.columns.balance"),
  ];
  const labelStyle = s.style(true, palette.brandText, 0.84);
  const drawHeaderRow = (flow: PageFlow) => {
    drawColumnLabels(flow.page, columns, headers.map(caps), labelStyle, flow.y - pad.y, pad.x);
    flow.y -= lineHeight(labelStyle.size) + 2 * pad.y;
    flow.page.drawRectangle({ x: margin, y: flow.y - 1, width, height: 1, color: palette.brand });
    flow.y -= 1;
  };

  const flow = new PageFlow((index) => {
    const page = ctx.addPage();
    const top = pageHeight - 50;
    if (index > 0) {
      const height = drawText(page, t("statement.continued", { customer: doc.customer.name }), s.muted, { x: margin, top, width, maxLines: 1 });
      return { page, top: top - height - 12 };
    }
    let left = top;
    if (ctx.logo) {
      drawImageInBox(page, ctx.logo, { x: margin, top, width: 160, height: 48 });
      left -= 56;
    }
    left -= drawText(page, doc.vendor.name, s.style(true, palette.text, 1.5), { x: margin, top: left, width: width * 0.55, maxLines: 2 });
    const right = { x: margin + width * 0.45, width: width * 0.55, align: "right" as const };
    let rightY = top - drawText(page, caps(t("statement.title")), s.style(true, palette.brandText, 2.4), { ...right, top });
    rightY -= drawText(page, t("statement.period", { from: format.date(doc.from), to: format.date(doc.to) }), s.style(false, palette.muted, 1.15), {
      ...right,
      top: rightY,
      maxLines: 2,
    });
    let y = Math.min(left, rightY) - 14;
    page.drawRectangle({ x: margin, y: y - 1.5, width, height: 1.5, color: palette.brand });
    y -= 20;
    const party = drawParty(
      ctx,
      page,
      doc.customer,
      { x: margin, top: y, width: width * 0.44 },
      { label: caps(t("invoice.billTo")), labelStyle: s.label, size },
    );
    const figures: [string, string][] = [
      [t("statement.openingBalance"), format.money(doc.opening)],
      [t("statement.invoiced"), format.money(doc.invoiced)],
      [t("statement.paid"), format.money(doc.paid)],
      ...(doc.credited ? [[t("statement.credited"), format.money(doc.credited)] as [string, string]] : []),
      [t("statement.closingBalance"), format.money(doc.closing)],
    ];
    const details = drawDetails(page, figures, { x: margin + width * 0.52, top: y, width: width * 0.48 }, { label: s.muted, value: s.strong });
    return { page, top: y - Math.max(party, details) - 24 };
  }, 64);

  const drawRow = (cells: [string, string, string, string, string], style: TextStyle) => {
    const tableRowed = tableRow(cells.map((text, index) => ({ lines: wrapText(text, style, (columns[index]?.width ?? 0) - 2 * pad.x), style })));
    const height = lineHeight(style.size) * tableRowed.lineCount + 2 * pad.y;
    if (height > flow.space) {
      flow.newPage();
      drawHeaderRow(flow);
    }
    drawRowCells(flow.page, tableRowed, columns, flow.y, pad);
    flow.y -= height;
    flow.page.drawRectangle({ x: margin, y: flow.y - 0.5, width, height: 0.5, color: palette.rule });
  };

  drawHeaderRow(flow);
  drawRow([format.date(doc.from), t("statement.openingBalance"), "", "", format.money(doc.opening)], s.strong);
  for (const entry of doc.entries) {
    drawRow(
      [
        format.date(entry.date),
        describe(entry, t),
        entry.amount > 0 ? format.money(entry.amount) : "",
        entry.amount < 0 ? format.money(-entry.amount) : "",
        format.money(entry.balance),
      ],
      s.body,
    );
  }
  if (doc.entries.length === 0) drawRow(["", t("statement.noActivity"), "", "", ""], s.muted);
  drawRow([format.date(doc.to), t("statement.closingBalance"), "", "", format.money(doc.closing)], s.strong);

  const footer = s.style(false, palette.muted, 0.82);
  flow.pages.forEach((page, index) => {
    page.drawRectangle({ x: margin, y: 43.5, width, height: 0.5, color: palette.rule });
    drawText(page, t("statement.footer", { vendor: doc.vendor.name, customer: doc.customer.name }), footer, {
      x: margin,
      top: 38,
      width: width * 0.7,
      maxLines: 1,
    });
    drawText(page, t("page", { page: index + 1, pages: flow.pages.length }), footer, {
      x: margin + width * 0.7,
      top: 38,
      width: width * 0.3,
      align: "right",
      maxLines: 1,
    });
  });
  return saveDocument(ctx);
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

function describe(entry: StatementEntry, t: DocumentWords): string {
  switch (entry.kind) {
    case "invoice":
      return t("statement.entry.invoice", { number: entry.invoiceNumber });
    case "payment":
      return t("statement.entry.payment", { number: entry.invoiceNumber, receipt: entry.reference ?? "" });
    case "credit":
      return t("statement.entry.credit", { number: entry.invoiceNumber });
  }
}
