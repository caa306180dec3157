import type { RGB } from "pdf-lib";
import type { TextFont } from "./fonts.server.ts";
import type { Logo } from "./logo.server.ts";
import type { Page } from "./page.server.ts";

export interface TextStyle {
  font: TextFont;
  size: number;
  color: RGB;
}

export type Align = "left" | "right";

const lineHeightRatio = 1.32;
const ellipsis = "…";
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
// Break opportunities: any whitespace except the no-break spaces that keep "1 234,56 €" together.
const breakingSpace = /[^\S\u00A0\u2007\u202F]+/u;

export const lineHeight = (size: number): number => size * lineHeightRatio;

/** Height of `lineCount` lines of `style`. */
export const textHeight = (lineCount: number, style: TextStyle): number => lineCount * lineHeight(style.size);

/**
 * Greedy word wrap of raw text into lines no wider than `maxWidth`. Explicit newlines start new
 * lines; a word longer than a line is broken between graphemes.
 */
export function wrapText(text: string, style: TextStyle, maxWidth: number): string[] {
  const { font, size } = style;
  const space = font.width(" ", size);
  const lines: string[] = [];
  for (const paragraph of text.trim().split(/\r\n|\r|\n/)) {
    const words = font.clean(paragraph).split(breakingSpace).filter(Boolean);
    if (words.length === 0) {
      lines.push("");
      continue;
    }
    let line = "";
    let width = 0;
    for (const word of words) {
      const wordWidth = font.width(word, size);
      if (line && width + space + wordWidth <= maxWidth) {
        line += ` ${word}`;
        width += space + wordWidth;
        continue;
      }
      if (line) lines.push(line);
      if (wordWidth <= maxWidth) {
        [line, width] = [word, wordWidth];
        continue;
      }
      const pieces = breakWord(word, font, size, maxWidth);
      line = pieces.pop() ?? "";
      width = font.width(line, size);
      lines.push(...pieces);
    }
    lines.push(line);
  }
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

function breakWord(word: string, font: TextFont, size: number, maxWidth: number): string[] {
  const pieces: string[] = [];
  let piece = "";
  let width = 0;
  for (const { segment } of graphemes.segment(word)) {
    const segmentWidth = font.width(segment, size);
    // Always place at least one grapheme per line, even in an absurdly narrow column.
    if (piece && width + segmentWidth > maxWidth) {
      pieces.push(piece);
      [piece, width] = ["", 0];
    }
    piece += segment;
    width += segmentWidth;
  }
  pieces.push(piece);
  return pieces;
}

/** Keeps at most `max` lines, ending the last kept line with "…" when something was cut. */
function clampLines(lines: string[], max: number, style: TextStyle, maxWidth: number): string[] {
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  const chars = Array.from(graphemes.segment(kept.at(-1) ?? ""), (s) => s.segment);
  while (chars.length > 0 && style.font.width(chars.join("") + ellipsis, style.size) > maxWidth) {
    chars.pop();
  }
  kept[kept.length - 1] = chars.join("").trimEnd() + ellipsis;
  return kept;
}

/** Wraps then clamps: for header blocks, which must stay on the first page. */
export function fitText(text: string, style: TextStyle, maxWidth: number, maxLines: number): string[] {
  return clampLines(wrapText(text, style, maxWidth), maxLines, style, maxWidth);
}

/** Draws cleaned lines downwards from `top`; returns the height used. */
export function drawLines(page: Page, lines: readonly string[], style: TextStyle, box: { x: number; top: number; width: number; align?: Align }): number {
  const step = lineHeight(style.size);
  // Centre DejaVu's ascent (0.93 em) and descent (0.24 em) within the line box.
  const baselineDrop = (step + style.size * (0.93 - 0.24)) / 2;
  lines.forEach((line, index) => {
    if (!line) return;
    style.font.draw(page, line, {
      x: box.align === "right" ? box.x + box.width - style.font.width(line, style.size) : box.x,
      y: box.top - index * step - baselineDrop,
      size: style.size,
      color: style.color,
    });
  });
  return lines.length * step;
}

/** Wraps and draws raw text; returns the height used. */
export function drawText(page: Page, text: string, style: TextStyle, box: { x: number; top: number; width: number; align?: Align; maxLines?: number }): number {
  const lines = fitText(text, style, box.width, box.maxLines ?? Number.POSITIVE_INFINITY);
  return drawLines(page, lines, style, box);
}

/** Draws `image` scaled to fit the box, left-aligned and vertically centred. Returns its width. */
export function drawImageInBox(page: Page, image: Logo, box: { x: number; top: number; width: number; height: number }): number {
  const scale = Math.min(box.width / image.width, box.height / image.height);
  const [width, height] = [image.width * scale, image.height * scale];
  page.drawImage(image.ref, { x: box.x, y: box.top - (box.height + height) / 2, width, height });
  return width;
}

/** Keeps the cursor on the current page and opens a new one when content runs out of room. */
export class PageFlow {
  readonly pages: Page[] = [];
  page: Page;
  y: number;

  constructor(
    private readonly openPage: (index: number) => { page: Page; top: number },
    readonly bottom: number,
  ) {
    const { page, top } = openPage(0);
    this.pages.push(page);
    [this.page, this.y] = [page, top];
  }

  get space(): number {
    return this.y - this.bottom;
  }

  newPage(): void {
    const { page, top } = this.openPage(this.pages.length);
    this.pages.push(page);
    [this.page, this.y] = [page, top];
  }
}

export interface Column {
  x: number;
  width: number;
  align: Align;
}

export interface TableCell {
  lines: string[];
  style: TextStyle;
}

/** One table row of wrapped cells. All cells share a font size, so lines align across columns. */
export interface TableRow {
  cells: TableCell[];
  lineCount: number;
}

export function tableRow(cells: TableCell[]): TableRow {
  return { cells, lineCount: Math.max(1, ...cells.map((cell) => cell.lines.length)) };
}

/** Splits a row after `lineCount` lines; the tail continues on the next page. */
export function splitRow(row: TableRow, lineCount: number): [TableRow, TableRow] {
  const part = (from: number, to?: number) => tableRow(row.cells.map((cell) => ({ ...cell, lines: cell.lines.slice(from, to) })));
  return [part(0, lineCount), part(lineCount)];
}

/** Draws the row's cells inside `columns` with `padding` around the text. */
export function drawRowCells(page: Page, row: TableRow, columns: readonly Column[], top: number, padding: { x: number; y: number }): void {
  row.cells.forEach((cell, index) => {
    const column = columns[index];
    if (!column) return;
    drawLines(page, cell.lines, cell.style, {
      x: column.x + padding.x,
      top: top - padding.y,
      width: column.width - 2 * padding.x,
      align: column.align,
    });
  });
}

/** A rubber-stamp label ("PAID", "VOID"): framed, rotated about its centre, slightly translucent. */
export function drawStamp(page: Page, text: string, style: TextStyle, center: { x: number; y: number; angle: number }): void {
  const { font, size, color } = style;
  const pad = size * 0.28;
  const capHeight = size * 0.73;
  const width = font.width(text, size) + 2 * pad;
  const height = capHeight + 2 * pad;
  const radians = (center.angle * Math.PI) / 180;
  const [cos, sin] = [Math.cos(radians), Math.sin(radians)];
  // Rotate a point given relative to the stamp's bottom-left corner into page space.
  const place = (dx: number, dy: number) => ({
    x: center.x + (dx - width / 2) * cos - (dy - height / 2) * sin,
    y: center.y + (dx - width / 2) * sin + (dy - height / 2) * cos,
  });
  const rotate = center.angle;
  const inset = size * 0.09;
  const opacity = 0.82;
  page.drawRectangle({
    ...place(0, 0),
    width,
    height,
    rotate,
    borderColor: color,
    borderWidth: size * 0.07,
    borderOpacity: opacity,
  });
  page.drawRectangle({
    ...place(inset, inset),
    width: width - 2 * inset,
    height: height - 2 * inset,
    rotate,
    borderColor: color,
    borderWidth: size * 0.025,
    borderOpacity: opacity,
  });
  font.draw(page, text, { ...place(pad, pad), angle: center.angle, size, color, opacity });
}
