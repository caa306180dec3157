import { PDFName, type PDFDocument, type PDFPage, type PDFPageLeaf, type PDFRef, type RGB } from "pdf-lib";
import { pdfNumber } from "./numbers.server.ts";

/** A face as pages name it: "F1" for the document's font dictionary `ref`. */
export interface PageFont {
  name: string;
  ref: PDFRef;
}

/** A rectangle is either filled or outlined. */
type Paint = { color: RGB } | { borderColor: RGB; borderWidth: number; borderOpacity?: number };

const colours = new WeakMap<RGB, string>();

/** "r g b", the three operands of `rg` and `RG`; a palette's colours are written once per process. */
function colour(color: RGB): string {
  let operands = colours.get(color);
  if (operands === undefined) {
    operands = `${pdfNumber(color.red)} ${pdfNumber(color.green)} ${pdfNumber(color.blue)}`;
    colours.set(color, operands);
  }
  return operands;
}

const n = pdfNumber;

/**
 * One page of a document and what it draws, written as PDF content operators into one string
 * (decision 178) and compressed into the page's content stream when the document is saved.
 * pdf-lib's drawing functions make an operator object, an array and a number object for every
 * operand of every operator, validate every option and write identity matrices; this writes the
 * same paths, transformations and text. Text carries no `q`…`Q` of its own: its fill colour and
 * font are written only when they differ from what the page's graphics state already holds
 * (rectangles, images and translucent text restore theirs).
 */
export class Page {
  private content = "";
  /** The fill colour and the font and size outside any `q`…`Q`, as last written. */
  private fill = "";
  private font = "";
  private readonly fonts = new Set<string>();
  private readonly images = new Map<PDFRef, string>();
  private readonly opacities = new Map<number, string>();
  private readonly leaf: PDFPageLeaf;

  constructor(
    private readonly pdf: PDFDocument,
    /** pdf-lib's page: its dictionary takes the resources and, at the end, the content. */
    page: PDFPage,
  ) {
    this.leaf = page.node;
  }

  /**
   * Shows `glyphs` (a hex string of glyph codes) in `font` at `size`, with its origin at (x, y)
   * and its baseline turned by the angle whose cosine and sine are given.
   */
  showText(glyphs: string, font: PageFont, options: { x: number; y: number; size: number; color: RGB; cos: number; sin: number; opacity?: number }): void {
    const { x, y, size, cos, sin, opacity } = options;
    const fill = colour(options.color);
    const face = `/${this.useFont(font)} ${n(size)}`;
    const turn = sin === 0 && cos === 1 ? "1 0 0 1" : `${n(cos)} ${n(sin)} ${n(-sin)} ${n(cos)}`;
    const matrix = `${turn} ${n(x)} ${n(y)} Tm\n${glyphs} Tj\nET\n`;
    if (opacity !== undefined) {
      this.content += `q\n/${this.opacity(opacity)} gs\nBT\n${fill} rg\n${face} Tf\n${matrix}Q\n`;
      return;
    }
    let text = "BT\n";
    if (fill !== this.fill) text += `${fill} rg\n`;
    if (face !== this.font) text += `${face} Tf\n`;
    this.content += text + matrix;
    [this.fill, this.font] = [fill, face];
  }

  /**
   * A rectangle from (x, y), `width` by `height`, turned `rotate` degrees about (x, y): filled
   * with `color`, or outlined with `borderColor`, `borderWidth` wide and `borderOpacity` opaque.
   */
  drawRectangle(options: { x: number; y: number; width: number; height: number; rotate?: number } & Paint): void {
    const { x, y, width, height, rotate } = options;
    let path = "q\n";
    if ("color" in options) path += `${colour(options.color)} rg\n`;
    else {
      if (options.borderOpacity !== undefined) path += `/${this.opacity(options.borderOpacity)} gs\n`;
      path += `${colour(options.borderColor)} RG\n${n(options.borderWidth)} w\n`;
    }
    path += `1 0 0 1 ${n(x)} ${n(y)} cm\n`;
    if (rotate) {
      const angle = (rotate * Math.PI) / 180;
      const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
      path += `${n(cos)} ${n(sin)} ${n(-sin)} ${n(cos)} 0 0 cm\n`;
    }
    const paint = "color" in options ? "f" : "S";
    this.content += `${path}0 0 m\n0 ${n(height)} l\n${n(width)} ${n(height)} l\n${n(width)} 0 l\nh\n${paint}\nQ\n`;
  }

  /** Draws the image XObject `image` filling the box from (x, y), `width` by `height`. */
  drawImage(image: PDFRef, box: { x: number; y: number; width: number; height: number }): void {
    let name = this.images.get(image);
    if (name === undefined) {
      name = `Im${this.images.size + 1}`;
      this.leaf.setXObject(PDFName.of(name), image);
      this.images.set(image, name);
    }
    this.content += `q\n1 0 0 1 ${n(box.x)} ${n(box.y)} cm\n${n(box.width)} 0 0 ${n(box.height)} 0 0 cm\n/${name} Do\nQ\n`;
  }

  /** Writes what was drawn into the page's content stream; once, when the document is saved. */
  finish(): void {
    if (!this.content) return;
    const { context } = this.pdf;
    // The content is ASCII: names, numbers, operators and hex strings.
    this.leaf.addContentStream(context.register(context.flateStream(Buffer.from(this.content, "latin1"))));
    this.content = "";
  }

  /** The font's name, added to the page's resources when the page first draws text in it. */
  private useFont(font: PageFont): string {
    if (!this.fonts.has(font.name)) {
      this.leaf.setFontDictionary(PDFName.of(font.name), font.ref);
      this.fonts.add(font.name);
    }
    return font.name;
  }

  /** A graphics state of `opacity` for both filling and stroking, one per page and opacity. */
  private opacity(opacity: number): string {
    let name = this.opacities.get(opacity);
    if (name === undefined) {
      name = `GS${this.opacities.size + 1}`;
      this.leaf.setExtGState(PDFName.of(name), this.pdf.context.obj({ Type: "ExtGState", ca: opacity, CA: opacity }));
      this.opacities.set(opacity, name);
    }
    return name;
  }
}
