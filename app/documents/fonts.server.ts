import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";

type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];
type ParsedFont = ReturnType<Fontkit["create"]>;

interface FontFace {
  /** PostScript name written into the PDF; the "REMITx+" tag marks a subset (ISO 32000 9.6.4). */
  name: string;
  bytes: Uint8Array;
  parsed: ParsedFont;
  /** Code point → whether the face has a glyph for it. */
  coverage: Map<number, boolean>;
}

interface FontFaces {
  regular: FontFace;
  bold: FontFace;
}

export interface DocumentFonts {
  regular: TextFont;
  bold: TextFont;
}

/** Shown in place of anything the font cannot draw (CJK, most emoji); DejaVu has a glyph for it. */
export const replacementCharacter = "\uFFFD";

const fontDirectory = join(
  dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")),
  "ttf",
);

// Parsed once per process. pdf-lib only accepts bytes, so this adapter hands back the parsed
// font for the cached byte arrays instead of letting fontkit re-parse them for every document.
const parsedByBytes = new Map<Uint8Array, ParsedFont>();
const cachingFontkit: Fontkit = {
  create: (bytes, postscriptName) =>
    parsedByBytes.get(bytes) ?? fontkit.create(bytes, postscriptName),
};

let facesPromise: Promise<FontFaces> | undefined;

async function loadFace(file: string, name: string): Promise<FontFace> {
  const bytes = new Uint8Array(await readFile(join(fontDirectory, file)));
  const parsed = fontkit.create(bytes);
  parsedByBytes.set(bytes, parsed);
  return { name, bytes, parsed, coverage: new Map() };
}

function loadFaces(): Promise<FontFaces> {
  facesPromise ??= Promise.all([
    loadFace("DejaVuSans.ttf", "REMITA+DejaVuSans"),
    loadFace("DejaVuSans-Bold.ttf", "REMITB+DejaVuSans-Bold"),
  ]).then(
    ([regular, bold]) => ({ regular, bold }),
    (error: unknown) => {
      facesPromise = undefined; // let the next render retry
      throw error;
    },
  );
  return facesPromise;
}

/** Embeds subsets of DejaVu Sans and DejaVu Sans Bold into `pdf`. */
export async function embedFonts(pdf: PDFDocument): Promise<DocumentFonts> {
  const faces = await loadFaces();
  pdf.registerFontkit(cachingFontkit);
  const embed = async (face: FontFace) =>
    new TextFont(
      await pdf.embedFont(face.bytes, { subset: true, customName: face.name }),
      face,
    );
  return { regular: await embed(faces.regular), bold: await embed(faces.bold) };
}

// Invisible formatting (bidi marks, zero-width joiners, soft hyphens) and variation selectors:
// dropped, since some have visible placeholder glyphs in DejaVu and fontkit does not apply them.
const invisible = /[\p{Cf}\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
const control = /\p{Cc}/gu;
const spaceSeparator = /^\p{Zs}$/u;
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

/** An embedded font plus what is needed to measure text and keep it drawable. */
export class TextFont {
  private readonly widths = new Map<string, number>();

  constructor(
    readonly pdfFont: PDFFont,
    private readonly face: FontFace,
  ) {}

  /**
   * Makes `text` safe to draw on one line: NFC, control characters become spaces, invisible
   * formatting is dropped and each grapheme with a glyph the font lacks becomes U+FFFD.
   */
  clean(text: string): string {
    const normalized = text.replace(invisible, "").replace(control, " ").normalize("NFC");
    if (this.coversAll(normalized)) return normalized;
    let out = "";
    for (const { segment } of graphemes.segment(normalized)) {
      if (this.coversAll(segment)) out += segment;
      else out += spaceSeparator.test(segment) ? " " : replacementCharacter;
    }
    return out;
  }

  /** Width in points of already-cleaned text. */
  width(text: string, size: number): number {
    let unit = this.widths.get(text);
    if (unit === undefined) {
      unit = this.pdfFont.widthOfTextAtSize(text, 1);
      this.widths.set(text, unit);
    }
    return unit * size;
  }

  private coversAll(text: string): boolean {
    for (const char of text) {
      const codePoint = char.codePointAt(0) ?? 0;
      let covered = this.face.coverage.get(codePoint);
      if (covered === undefined) {
        covered = this.face.parsed.hasGlyphForCodePoint(codePoint);
        this.face.coverage.set(codePoint, covered);
      }
      if (!covered) return false;
    }
    return true;
  }
}
