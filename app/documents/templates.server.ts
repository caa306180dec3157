import type { Page } from "./page.server.ts";
import { drawImageInBox, drawLines, drawText, fitText, lineHeight } from "./layout.server.ts";
import {
  drawColumnLabels,
  drawDetails,
  drawFooterText,
  drawParty,
  drawSplitLine,
  invoiceDetails,
  stampLabel,
  styles,
  totalsBlock,
  type InvoiceContext,
  type InvoiceTemplate,
} from "./template-parts.server.ts";
import type { TemplateName } from "./types.ts";

const contentWidth = (ctx: InvoiceContext, margin: number) => ctx.pageSize[0] - 2 * margin;

/** The totals block against the right margin, `width` wide, its balance standing out as `highlight` says. */
function totalsAtRight(
  ctx: InvoiceContext,
  rows: Parameters<InvoiceTemplate["totals"]>[1],
  template: { margin: number; size: number },
  width: number,
  highlight: "rule" | "band",
) {
  return totalsBlock(ctx, rows, { right: ctx.pageSize[0] - template.margin, width, size: template.size, highlight });
}

/** The page's footer words (page numbers) between the margins, muted, `top` points from the bottom. */
function footerText(
  ctx: InvoiceContext,
  page: Page,
  pages: { pageNumber: number; pageCount: number },
  template: { margin: number; size: number },
  top: number,
  scale: number,
): void {
  drawFooterText(ctx, page, pages.pageNumber, pages.pageCount, {
    x: template.margin,
    top,
    width: contentWidth(ctx, template.margin),
    style: styles(ctx, template.size).style(false, ctx.palette.muted, scale),
  });
}

function hairline(page: Page, x: number, y: number, width: number, ctx: InvoiceContext, weight = 0.5): void {
  page.drawRectangle({ x, y: y - weight, width, height: weight, color: ctx.palette.rule });
}

/** Letterhead on white: logo and name left, "INVOICE" in the brand colour right, ruled table. */
const classic: InvoiceTemplate = {
  size: 9.5,
  stampSize: 30,
  margin: 50,
  bottom: 64,
  columns: [0.22, 0.37, 0.08, 0.165, 0.165],
  cellPadding: { x: 4, y: 5 },

  drawFirstHeader(ctx, page) {
    const { margin } = classic;
    const [, pageHeight] = ctx.pageSize;
    const width = contentWidth(ctx, margin);
    const s = styles(ctx, classic.size);
    const top = pageHeight - 50;
    let left = top;
    if (ctx.logo) {
      drawImageInBox(page, ctx.logo, { x: margin, top, width: 160, height: 48 });
      left -= 56;
    }
    left -= drawText(page, ctx.doc.vendor.name, s.style(true, ctx.palette.text, 1.5), {
      x: margin,
      top: left,
      width: width * 0.55,
      maxLines: 2,
    });
    const right = { x: margin + width * 0.45, width: width * 0.55, align: "right" as const };
    let rightY = top - drawText(page, ctx.caps(ctx.t("invoice.title")), s.style(true, ctx.palette.brandText, 2.6), { ...right, top });
    rightY -= drawText(page, ctx.doc.number, s.style(false, ctx.palette.muted, 1.15), {
      ...right,
      top: rightY,
      maxLines: 2,
    });

    let y = Math.min(left, rightY) - 14;
    page.drawRectangle({ x: margin, y: y - 1.5, width, height: 1.5, color: ctx.palette.brand });
    y -= 20;
    const billTo = drawParty(
      ctx,
      page,
      ctx.doc.customer,
      { x: margin, top: y, width: width * 0.46 },
      {
        label: ctx.caps(ctx.t("invoice.billTo")),
        labelStyle: s.label,
        size: classic.size,
      },
    );
    const details = drawDetails(
      page,
      invoiceDetails(ctx),
      { x: margin + width * 0.56, top: y, width: width * 0.44 },
      {
        label: s.muted,
        value: s.body,
      },
    );
    const sectionTop = y;
    y -= Math.max(billTo, details) + 26;
    return { top: y, stamp: { x: margin + width * 0.5, y: (sectionTop + top) / 2 + 4, angle: 14 } };
  },

  drawNextHeader(ctx, page) {
    const { margin } = classic;
    const [, pageHeight] = ctx.pageSize;
    const width = contentWidth(ctx, margin);
    const s = styles(ctx, classic.size);
    const top = pageHeight - 42;
    drawSplitLine(
      page,
      { x: margin, top, width },
      { text: ctx.doc.vendor.name, style: s.strong },
      { text: ctx.t("invoice.continued", { number: ctx.doc.number }), style: s.muted },
    );
    const y = top - lineHeight(classic.size) - 8;
    page.drawRectangle({ x: margin, y: y - 1, width, height: 1, color: ctx.palette.brand });
    return y - 16;
  },

  drawTableHeader(ctx, page, top, columns, headers) {
    const s = styles(ctx, classic.size);
    const style = s.style(true, ctx.palette.brandText, 0.84);
    const pad = classic.cellPadding;
    drawColumnLabels(
      page,
      columns,
      headers.map((header) => ctx.caps(header)),
      style,
      top - pad.y,
      pad.x,
    );
    const height = lineHeight(style.size) + 2 * pad.y;
    page.drawRectangle({
      x: classic.margin,
      y: top - height - 1,
      width: contentWidth(ctx, classic.margin),
      height: 1,
      color: ctx.palette.brand,
    });
    return height + 1;
  },

  drawRowBackground(ctx, page, top, height) {
    hairline(page, classic.margin, top - height, contentWidth(ctx, classic.margin), ctx);
  },

  totals(ctx, rows) {
    return totalsAtRight(ctx, rows, classic, 250, "rule");
  },

  drawFooter(ctx, page, pageNumber, pageCount) {
    const { margin } = classic;
    const width = contentWidth(ctx, margin);
    hairline(page, margin, 44, width, ctx);
    footerText(ctx, page, { pageNumber, pageCount }, classic, 38, 0.82);
  },
};

/** Full-bleed brand band, summary cards, zebra-striped table and a filled balance bar. */
const modern: InvoiceTemplate = {
  size: 9.5,
  stampSize: 26,
  margin: 44,
  bottom: 60,
  columns: [0.24, 0.35, 0.08, 0.165, 0.165],
  cellPadding: { x: 6, y: 6 },

  drawFirstHeader(ctx, page) {
    const { margin } = modern;
    const [pageWidth, pageHeight] = ctx.pageSize;
    const width = contentWidth(ctx, margin);
    const { palette } = ctx;
    const s = styles(ctx, modern.size);
    const bandHeight = 118;
    page.drawRectangle({
      x: 0,
      y: pageHeight - bandHeight,
      width: pageWidth,
      height: bandHeight,
      color: palette.brand,
    });

    const bandMiddle = pageHeight - bandHeight / 2;
    let nameX = margin;
    if (ctx.logo) {
      const tile = 60;
      page.drawRectangle({ x: margin, y: bandMiddle - tile / 2, width: tile, height: tile, color: palette.paper });
      drawImageInBox(page, ctx.logo, {
        x: margin + 6,
        top: bandMiddle + tile / 2 - 6,
        width: tile - 12,
        height: tile - 12,
      });
      nameX += tile + 14;
    }
    const nameStyle = s.style(true, palette.onBrand, 1.75);
    const nameLines = fitText(ctx.doc.vendor.name, nameStyle, margin + width * 0.55 - nameX, 2);
    drawLines(page, nameLines, nameStyle, {
      x: nameX,
      top: bandMiddle + (nameLines.length * lineHeight(nameStyle.size)) / 2,
      width: margin + width * 0.55 - nameX,
    });
    const right = { x: margin + width * 0.55, width: width * 0.45, align: "right" as const };
    const titleStyle = s.style(true, palette.onBrand, 2.8);
    const numberStyle = s.style(false, palette.onBrand, 1.2);
    const numberLines = fitText(ctx.doc.number, numberStyle, right.width, 3);
    const rightHeight = lineHeight(titleStyle.size) + numberLines.length * lineHeight(numberStyle.size);
    let y = bandMiddle + rightHeight / 2;
    y -= drawLines(page, fitText(ctx.t("invoice.title"), titleStyle, right.width, 1), titleStyle, { ...right, top: y });
    drawLines(page, numberLines, numberStyle, { ...right, top: y });

    // Three cards: who, when, how much.
    const top = pageHeight - bandHeight - 26;
    const gutter = 18;
    const cardWidth = (width - 2 * gutter) / 3;
    const cardX = (i: number) => margin + i * (cardWidth + gutter);
    const labelStyle = s.style(true, palette.muted, 0.78);
    const party = drawParty(
      ctx,
      page,
      ctx.doc.customer,
      { x: cardX(0) + 10, top, width: cardWidth - 10 },
      {
        label: ctx.caps(ctx.t("invoice.billTo")),
        labelStyle,
        size: modern.size,
      },
    );
    let detailsY = top - drawText(page, ctx.caps(ctx.t("invoice.details")), labelStyle, { x: cardX(1) + 10, top, width: cardWidth - 10 });
    detailsY -= modern.size * 0.3;
    detailsY -= drawDetails(
      page,
      invoiceDetails(ctx).slice(1),
      { x: cardX(1) + 10, top: detailsY, width: cardWidth - 10 },
      {
        label: s.muted,
        value: s.body,
      },
    );
    // A stamped invoice shows the stamp where the amount due would be.
    const stamped = stampLabel(ctx.doc.status) !== null;
    const dueLabel = drawText(page, ctx.caps(stamped ? ctx.t("invoice.status") : ctx.t("invoice.amountDue")), labelStyle, {
      x: cardX(2) + 10,
      top,
      width: cardWidth - 10,
    });
    let dueY = top - dueLabel - modern.size * 0.3;
    if (!stamped) {
      dueY -= drawText(page, ctx.format.money(ctx.doc.balanceDue), s.style(true, palette.brandText, 2.1), {
        x: cardX(2) + 10,
        top: dueY,
        width: cardWidth - 10,
        maxLines: 2,
      });
      dueY -= drawText(page, ctx.t("invoice.dueOn", { date: ctx.format.date(ctx.doc.dueDate) }), s.muted, {
        x: cardX(2) + 10,
        top: dueY,
        width: cardWidth - 10,
        maxLines: 2,
      });
    }
    const cardsHeight = Math.max(party, top - detailsY, stamped ? dueLabel + 58 : top - dueY);
    for (let i = 0; i < 3; i++) {
      page.drawRectangle({ x: cardX(i), y: top - cardsHeight, width: 2.5, height: cardsHeight, color: palette.brand });
    }
    return {
      top: top - cardsHeight - 28,
      stamp: { x: cardX(2) + cardWidth / 2 + 4, y: top - dueLabel - (cardsHeight - dueLabel) / 2, angle: -10 },
    };
  },

  drawNextHeader(ctx, page) {
    const { margin } = modern;
    const [pageWidth, pageHeight] = ctx.pageSize;
    const width = contentWidth(ctx, margin);
    const s = styles(ctx, modern.size);
    const bandHeight = 42;
    page.drawRectangle({
      x: 0,
      y: pageHeight - bandHeight,
      width: pageWidth,
      height: bandHeight,
      color: ctx.palette.brand,
    });
    const top = pageHeight - bandHeight / 2 + lineHeight(modern.size * 1.1) / 2;
    drawSplitLine(
      page,
      { x: margin, top, width },
      { text: ctx.doc.vendor.name, style: s.style(true, ctx.palette.onBrand, 1.1) },
      { text: ctx.t("invoice.continued", { number: ctx.doc.number }), style: s.style(false, ctx.palette.onBrand, 1.1) },
    );
    return pageHeight - bandHeight - 24;
  },

  drawTableHeader(ctx, page, top, columns, headers) {
    const s = styles(ctx, modern.size);
    const style = s.style(true, ctx.palette.brandText, 0.9);
    const pad = modern.cellPadding;
    const height = lineHeight(style.size) + 2 * pad.y;
    page.drawRectangle({
      x: modern.margin,
      y: top - height,
      width: contentWidth(ctx, modern.margin),
      height,
      color: ctx.palette.tintStrong,
    });
    drawColumnLabels(page, columns, headers, style, top - pad.y, pad.x);
    return height;
  },

  drawRowBackground(ctx, page, top, height, index) {
    if (index % 2 === 1) {
      page.drawRectangle({
        x: modern.margin,
        y: top - height,
        width: contentWidth(ctx, modern.margin),
        height,
        color: ctx.palette.tint,
      });
    }
  },

  totals(ctx, rows) {
    return totalsAtRight(ctx, rows, modern, 260, "band");
  },

  drawFooter(ctx, page, pageNumber, pageCount) {
    const [pageWidth] = ctx.pageSize;
    page.drawRectangle({ x: 0, y: 0, width: pageWidth, height: 6, color: ctx.palette.brand });
    footerText(ctx, page, { pageNumber, pageCount }, modern, 36, 0.82);
  },
};

/** Dense: small type, brand stripe down the left edge, solid header bar, most rows per page. */
const compact: InvoiceTemplate = {
  size: 8,
  stampSize: 22,
  margin: 34,
  bottom: 44,
  columns: [0.2, 0.44, 0.07, 0.145, 0.145],
  cellPadding: { x: 3, y: 3 },

  drawFirstHeader(ctx, page) {
    const { margin } = compact;
    const [, pageHeight] = ctx.pageSize;
    const width = contentWidth(ctx, margin);
    const { palette } = ctx;
    const s = styles(ctx, compact.size);
    page.drawRectangle({ x: 0, y: 0, width: 8, height: pageHeight, color: palette.brand });
    const top = pageHeight - 32;
    let nameX = margin;
    if (ctx.logo) nameX += drawImageInBox(page, ctx.logo, { x: margin, top, width: 90, height: 26 }) + 10;
    const nameStyle = s.style(true, palette.text, 1.45);
    const nameLines = fitText(ctx.doc.vendor.name, nameStyle, margin + width * 0.55 - nameX, 2);
    drawLines(page, nameLines, nameStyle, {
      x: nameX,
      top: top - Math.max(0, (26 - nameLines.length * lineHeight(nameStyle.size)) / 2),
      width: margin + width * 0.55 - nameX,
    });
    const titleStyle = s.style(true, palette.brandText, 1.45);
    const title = fitText(`${ctx.caps(ctx.t("invoice.title"))} ${ctx.doc.number}`, titleStyle, width * 0.45, 3);
    drawLines(page, title, titleStyle, {
      x: margin + width * 0.55,
      top: top - Math.max(0, (26 - title.length * lineHeight(titleStyle.size)) / 2),
      width: width * 0.45,
      align: "right",
    });
    const headerBottom = top - Math.max(26, nameLines.length * lineHeight(nameStyle.size), title.length * lineHeight(titleStyle.size));
    let y = headerBottom - 8;
    hairline(page, margin, y, width, ctx, 0.75);
    y -= 12;

    const column = (width - 40) / 3;
    const party = drawParty(
      ctx,
      page,
      ctx.doc.customer,
      { x: margin, top: y, width: column },
      {
        label: ctx.t("invoice.billTo"),
        labelStyle: s.label,
        size: compact.size,
      },
    );
    const details = drawDetails(
      page,
      invoiceDetails(ctx).slice(1),
      { x: margin + column + 20, top: y, width: column },
      {
        label: s.muted,
        value: s.body,
      },
    );
    // A stamped invoice shows the stamp where the balance due would be.
    const dueX = margin + 2 * (column + 20);
    let dueY = y;
    if (stampLabel(ctx.doc.status) === null) {
      dueY -= drawText(page, ctx.t("invoice.balanceDue"), s.label, { x: dueX, top: y, width: column, align: "right" });
      dueY -= drawText(page, ctx.format.money(ctx.doc.balanceDue), s.style(true, palette.brandText, 1.8), {
        x: dueX,
        top: dueY,
        width: column,
        align: "right",
        maxLines: 2,
      });
    }
    const sectionHeight = Math.max(party, details, y - dueY, 44);
    return {
      top: y - sectionHeight - 16,
      stamp: { x: dueX + column * 0.6, y: y - sectionHeight / 2, angle: 10 },
    };
  },

  drawNextHeader(ctx, page) {
    const { margin } = compact;
    const [, pageHeight] = ctx.pageSize;
    const width = contentWidth(ctx, margin);
    const s = styles(ctx, compact.size);
    page.drawRectangle({ x: 0, y: 0, width: 8, height: pageHeight, color: ctx.palette.brand });
    const top = pageHeight - 30;
    drawSplitLine(
      page,
      { x: margin, top, width },
      { text: ctx.doc.vendor.name, style: s.strong },
      { text: ctx.caps(ctx.t("invoice.continued", { number: ctx.doc.number })), style: s.style(true, ctx.palette.brandText) },
    );
    const y = top - lineHeight(compact.size) - 5;
    hairline(page, margin, y, width, ctx, 0.75);
    return y - 10;
  },

  drawTableHeader(ctx, page, top, columns, headers) {
    const s = styles(ctx, compact.size);
    const style = s.style(true, ctx.palette.onBrand, 0.95);
    const pad = compact.cellPadding;
    const height = lineHeight(style.size) + 2 * pad.y + 2;
    page.drawRectangle({
      x: compact.margin,
      y: top - height,
      width: contentWidth(ctx, compact.margin),
      height,
      color: ctx.palette.brand,
    });
    drawColumnLabels(page, columns, headers, style, top - pad.y - 1, pad.x);
    return height;
  },

  drawRowBackground(ctx, page, top, height) {
    hairline(page, compact.margin, top - height, contentWidth(ctx, compact.margin), ctx, 0.4);
  },

  totals(ctx, rows) {
    return totalsAtRight(ctx, rows, compact, 210, "rule");
  },

  drawFooter(ctx, page, pageNumber, pageCount) {
    footerText(ctx, page, { pageNumber, pageCount }, compact, 30, 0.9);
  },
};

export const templates: Record<TemplateName, InvoiceTemplate> = { classic, modern, compact };
