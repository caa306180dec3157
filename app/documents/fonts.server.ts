import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";

type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];
type ParsedFont = ReturnType<Fontkit["create"]>;
type GlyphRun = ReturnType<ParsedFont["layout"]>;

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
const replacementCharacter = "\uFFFD";

const fontDirectory = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");

// pdf-lib draws glyphs at their advance widths and ignores GPOS positions, so skip computing
// them: shaping gets ~2.5× faster with identical output. Substitutions (ligatures) still apply.
const noPositioning = { kern: false, mark: false, mkmk: false, curs: false };

// fontkit builds a new shaping plan on every layout() call, which dominates render time.
// pdf-lib only reads a run's glyphs, so runs are shared between calls and documents.
const maxCachedRuns = 5_000;

// Parsed once per process: a fresh parse costs each document ~4 ms of lazy table decoding.
// pdf-lib only accepts bytes, so this adapter hands back the parsed font for the cached arrays.
const parsedByBytes = new Map<Uint8Array, ParsedFont>();
const cachingFontkit: Fontkit = {
  create: (bytes, postscriptName) => parsedByBytes.get(bytes) ?? fontkit.create(bytes, postscriptName),
};

let facesPromise: Promise<FontFaces> | undefined;

async function loadFace(file: string, name: string): Promise<FontFace> {
  const bytes = new Uint8Array(await readFile(join(fontDirectory, file)));
  const parsed = fontkit.create(bytes);
  // fontkit caches glyph objects with the code points they were first requested for, and the
  // subsetter requests composite parts (the "E" in "É") with none. On a shared font that would
  // leave later documents with unmapped text in /ToUnicode and output depending on what was
  // rendered before. Creating every mapped glyph up front, in code point order, pins them.
  for (const codePoint of [...parsed.characterSet].sort((a, b) => a - b)) {
    parsed.glyphForCodePoint(codePoint);
  }
  const layout = parsed.layout.bind(parsed);
  const runs = new Map<string, GlyphRun>();
  parsed.layout = (text, features) => {
    if (features !== noPositioning) return layout(text, features);
    let run = runs.get(text);
    if (!run) {
      if (runs.size >= maxCachedRuns) runs.clear();
      run = layout(text, features);
      runs.set(text, run);
    }
    return run;
  };
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
    }
  );
  return facesPromise;
}

/** Embeds subsets of DejaVu Sans and DejaVu Sans Bold into `pdf`. */
export async function embedFonts(pdf: PDFDocument): Promise<DocumentFonts> {
  const faces = await loadFaces();
  pdf.registerFontkit(cachingFontkit);
  const embed = async (face: FontFace) =>
    new TextFont(
      await pdf.embedFont(face.bytes, { subset: true, customName: face.name, features: noPositioning }),
      face
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
  constructor(readonly pdfFont: PDFFont, private readonly face: FontFace) {}

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
    return this.pdfFont.widthOfTextAtSize(text, size);
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
