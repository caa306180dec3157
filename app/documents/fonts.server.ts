import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import bidiFactory from "bidi-js";
import * as fontkit from "fontkit";
import type { PDFDocument, PDFFont, RGB } from "pdf-lib";
import type { Page, PageFont } from "./page.server.ts";
import { TrueTypeSubsetter } from "./subset.server.ts";

type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];
type ParsedFont = fontkit.Font;
type GlyphRun = fontkit.GlyphRun;
type Direction = "ltr" | "rtl";

/**
 * One font file. Faces are parsed once per process and only when a document needs them:
 * DejaVu Sans covers Latin, Greek and Cyrillic; Noto Sans JP and SC cover Japanese and
 * Chinese; Noto Sans Arabic covers Arabic script.
 */
interface FontFace {
  /** PostScript name written into the PDF; the six-letter tag marks a subset (ISO 32000 9.6.4). */
  name: string;
  bytes: Uint8Array;
  parsed: ParsedFont;
  /** Code point → whether the face has a glyph for it. */
  coverage: Map<number, boolean>;
  /** The direction the next layout runs in: set around each synchronous pdf-lib call. */
  direction: Direction;
  /** A line's advance in thousandths of an em, as pdf-lib sums it, by direction and text. */
  advances: Record<Direction, Map<string, number>>;
}

type Family = "latin" | "arabic" | "japanese" | "chinese";
type Weight = "regular" | "bold";

const require = createRequire(import.meta.url);
const packageDirectory = (name: string, entry = `${name}/package.json`) => dirname(require.resolve(entry));

const faceFiles: Record<Family, Record<Weight, { path: () => string; name: string }>> = {
  latin: {
    regular: { path: () => join(packageDirectory("dejavu-fonts-ttf"), "ttf", "DejaVuSans.ttf"), name: "REMITA+DejaVuSans" },
    bold: { path: () => join(packageDirectory("dejavu-fonts-ttf"), "ttf", "DejaVuSans-Bold.ttf"), name: "REMITB+DejaVuSans-Bold" },
  },
  arabic: {
    regular: {
      path: () => join(packageDirectory("@expo-google-fonts/noto-sans-arabic"), "400Regular", "NotoSansArabic_400Regular.ttf"),
      name: "REMITC+NotoSansArabic",
    },
    bold: {
      path: () => join(packageDirectory("@expo-google-fonts/noto-sans-arabic"), "700Bold", "NotoSansArabic_700Bold.ttf"),
      name: "REMITD+NotoSansArabic-Bold",
    },
  },
  japanese: {
    regular: { path: () => join(packageDirectory("@expo-google-fonts/noto-sans-jp"), "400Regular", "NotoSansJP_400Regular.ttf"), name: "REMITE+NotoSansJP" },
    bold: { path: () => join(packageDirectory("@expo-google-fonts/noto-sans-jp"), "700Bold", "NotoSansJP_700Bold.ttf"), name: "REMITF+NotoSansJP-Bold" },
  },
  chinese: {
    regular: { path: () => join(packageDirectory("@expo-google-fonts/noto-sans-sc"), "400Regular", "NotoSansSC_400Regular.ttf"), name: "REMITG+NotoSansSC" },
    bold: { path: () => join(packageDirectory("@expo-google-fonts/noto-sans-sc"), "700Bold", "NotoSansSC_700Bold.ttf"), name: "REMITH+NotoSansSC-Bold" },
  },
};

/** Embedding order, fixed so object numbers (and so the bytes) depend only on the document. */
const familyOrder: readonly Family[] = ["latin", "arabic", "japanese", "chinese"];

export interface DocumentFonts {
  regular: TextFont;
  bold: TextFont;
}

/** Shown in place of anything no font can draw (most emoji); DejaVu has a glyph for it. */
const replacementCharacter = "\uFFFD";

// pdf-lib draws glyphs at their advance widths and ignores GPOS positions, so skip computing
// them: shaping gets ~2.5× faster with identical output. Ligatures are off so that extracted
// text equals what was typed ("fi", not "ﬁ"); Arabic's required forms and ligatures stay on.
const features = { kern: false, mark: false, mkmk: false, curs: false, liga: false, clig: false, dlig: false };

// fontkit builds a new shaping plan on every layout() call, which dominates render time.
// pdf-lib only reads a run's glyphs, so runs are shared between calls and documents.
const maxCachedRuns = 5_000;

// Parsed once per process: a fresh parse costs each document ~4 ms of lazy table decoding.
// pdf-lib only accepts bytes, so this adapter hands back the parsed font for the cached arrays.
// fontkit 2 rather than pdf-lib's fork of fontkit 1: the fork's TrueType subsets of the Noto CJK
// faces lose most glyphs (poppler rejects the embedded font), fontkit 2's are correct.
const parsedByBytes = new Map<Uint8Array, ParsedFont>();
const cachingFontkit = {
  create: (bytes: Uint8Array) => parsedByBytes.get(bytes) ?? fontkit.create(Buffer.from(bytes)),
} as unknown as Fontkit;

const faces = new Map<string, Promise<FontFace>>();

async function parseFace(file: { path: () => string; name: string }): Promise<FontFace> {
  const bytes = new Uint8Array(await readFile(file.path()));
  const parsed = fontkit.create(Buffer.from(bytes)) as ParsedFont;
  // fontkit caches glyph objects with the code points they were first requested for, and
  // measuring a composite glyph (its outline's box) requests its parts (the "E" in "É") with none. On a shared font that would
  // leave later documents with unmapped text in /ToUnicode and output depending on what was
  // rendered before. Creating every mapped glyph up front pins them. A glyph keeps the first
  // code point it is created for, and CJK fonts map compatibility forms (the Kangxi radical
  // "⼭") to the same glyph as the character ("山"): characters that are their own NFKC form go
  // first, so the PDF's text reads back as typed.
  const own = (codePoint: number) => String.fromCodePoint(codePoint).normalize("NFKC") === String.fromCodePoint(codePoint);
  const codePoints = [...parsed.characterSet].sort((a, b) => a - b);
  for (const codePoint of [...codePoints.filter(own), ...codePoints.filter((c) => !own(c))]) {
    parsed.glyphForCodePoint(codePoint);
  }
  const face: FontFace = { name: file.name, bytes, parsed, coverage: new Map(), direction: "ltr", advances: { ltr: new Map(), rtl: new Map() } };
  const layout = parsed.layout.bind(parsed);
  const runs = new Map<string, GlyphRun>();
  parsed.layout = (text, requested) => {
    if (requested !== features) return layout(text, requested);
    const key = `${face.direction}\u0000${text}`;
    let run = runs.get(key);
    if (!run) {
      if (runs.size >= maxCachedRuns) runs.clear();
      run = layout(text, requested, undefined, undefined, face.direction);
      runs.set(key, run);
    }
    return run;
  };
  // pdf-lib 1.17 reads a subset as a stream (fontkit 1's); this one writes fontkit 2's bytes.
  const subsetter = new TrueTypeSubsetter(bytes);
  parsed.createSubset = () => subsetter.createSubset() as unknown as ReturnType<ParsedFont["createSubset"]>;
  parsedByBytes.set(bytes, parsed);
  return face;
}

function loadFace(family: Family, weight: Weight): Promise<FontFace> {
  const key = `${family}/${weight}`;
  let face = faces.get(key);
  if (!face) {
    face = parseFace(faceFiles[family][weight]);
    face.catch(() => faces.delete(key)); // let the next render retry
    faces.set(key, face);
  }
  return face;
}

function covers(face: FontFace, codePoint: number): boolean {
  let covered = face.coverage.get(codePoint);
  if (covered === undefined) {
    covered = face.parsed.hasGlyphForCodePoint(codePoint);
    face.coverage.set(codePoint, covered);
  }
  return covered;
}

const arabicScript = /\p{Script_Extensions=Arabic}/u;
// Every character of bidi class R, AL or AN (Hebrew to N'Ko and their presentation forms, the
// supplementary right-to-left blocks), the right-to-left mark, and Arabic-script characters elsewhere.
const rightToLeft = /[\u0590-\u08FF\u200F\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]|\p{Script_Extensions=Arabic}/u;
const invisible = /[\p{Cf}\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/gu;
const control = /\p{Cc}/gu;

/**
 * Which face draws a character, in order: a Japanese or Chinese document sets everything its
 * Noto face covers in it (one consistent design), other documents prefer DejaVu Sans.
 */
function preferenceFor(locale: string): Family[] {
  const language = new Intl.Locale(locale).language;
  if (language === "ja") return ["japanese", "latin", "arabic", "chinese"];
  if (language === "zh") return ["chinese", "latin", "arabic", "japanese"];
  return ["latin", "arabic", "japanese", "chinese"];
}

/** The family that draws a character: the first in `order` that has it, Arabic first for Arabic script. */
async function familyFor(codePoint: number, order: readonly Family[]): Promise<Family | null> {
  const candidates = arabicScript.test(String.fromCodePoint(codePoint)) ? ["arabic" as const, ...order.filter((f) => f !== "arabic")] : order;
  for (const family of candidates) {
    if (covers(await loadFace(family, "regular"), codePoint)) return family;
  }
  return null;
}

// What familyFor answered, the same for every document, by preference order and code point:
// 0 not asked yet, `none` for no family, else 1 + the family's place in familyOrder. The
// arrays' pages stay unallocated until written, so a document's few scripts cost a few pages.
const answersByOrder = new Map<string, Uint8Array>();
const none = 255;

/** The families that draw `text`, each character with the first in `order` that has it. */
async function familiesFor(text: string, order: readonly Family[]): Promise<Set<Family>> {
  const key = order.join();
  let answers = answersByOrder.get(key);
  if (!answers) answersByOrder.set(key, (answers = new Uint8Array(0x110000)));
  const needed = new Set<Family>();
  const sample = text.replace(invisible, "").replace(control, " ").normalize("NFC");
  for (let i = 0; i < sample.length; i++) {
    const codePoint = sample.codePointAt(i) ?? 0;
    if (codePoint > 0xffff) i++;
    let answer = answers[codePoint] ?? none;
    if (answer === 0) {
      const family = await familyFor(codePoint, order);
      answer = family ? familyOrder.indexOf(family) + 1 : none;
      answers[codePoint] = answer;
    }
    const family = familyOrder[answer - 1];
    if (family) needed.add(family);
  }
  return needed;
}

// The scans of text many documents share (a language's words, a locale's formats), by
// preference order and text. The text is the same string each time (context.server.ts), so
// finding it does not hash it again.
const sharedScans = new Map<string, Map<string, Set<Family>>>();
const maxSharedScans = 100;

async function sharedFamilies(text: string, order: readonly Family[]): Promise<Set<Family>> {
  const key = order.join();
  let scans = sharedScans.get(key);
  if (!scans) sharedScans.set(key, (scans = new Map()));
  let families = scans.get(text);
  if (!families) {
    families = await familiesFor(text, order);
    if (scans.size >= maxSharedScans) scans.clear();
    scans.set(text, families);
  }
  return families;
}

/**
 * Embeds subsets of the faces the document's text needs: always DejaVu Sans (regular and bold),
 * and the Arabic, Japanese or Chinese faces only for characters DejaVu lacks. `sharedText` is
 * what many documents print alike (their language's words, their locale's formats): its scan is
 * kept for the next document.
 */
export async function embedFonts(pdf: PDFDocument, options: { locale: string; text: string; sharedText: string }): Promise<DocumentFonts> {
  pdf.registerFontkit(cachingFontkit);
  const order = preferenceFor(options.locale);
  // DejaVu always: it draws U+FFFD for what no face has.
  const needed = new Set<Family>(["latin", ...(await sharedFamilies(options.sharedText, order)), ...(await familiesFor(options.text, order))]);
  const embedded: Record<Weight, Map<Family, EmbeddedFace>> = { regular: new Map(), bold: new Map() };
  let count = 0;
  // Sequential on purpose: object numbers follow embedding order, which must not depend on I/O timing.
  for (const family of familyOrder.filter((f) => needed.has(f))) {
    for (const weight of ["regular", "bold"] as const) {
      const face = await loadFace(family, weight);
      const pdfFont = await pdf.embedFont(face.bytes, { subset: true, customName: face.name, features });
      embedded[weight].set(family, { face, pdfFont, arabic: family === "arabic", name: `F${++count}`, ref: pdfFont.ref });
    }
  }
  const stack = (weight: Weight) => order.flatMap((family) => embedded[weight].get(family) ?? []);
  return { regular: new TextFont(stack("regular")), bold: new TextFont(stack("bold")) };
}

/** A face in one document; pages name it `name` ("F1"). */
interface EmbeddedFace extends PageFont {
  face: FontFace;
  pdfFont: PDFFont;
  /** Preferred for Arabic-script characters (DejaVu has some Arabic, without Noto's shaping). */
  arabic: boolean;
}

/** A stretch of one line drawn with one face in one direction, in visual order. */
interface Run {
  text: string;
  font: EmbeddedFace;
  direction: Direction;
  /** The run's glyph codes in the document's subset of its face ("<0001…>"), once drawn. */
  encoded?: string;
}

const bidi = bidiFactory();
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const spaceSeparator = /^\p{Zs}$/u;

/**
 * The faces of one weight, in fallback order, plus what is needed to measure text and keep it
 * drawable: each grapheme is drawn with the first face that has it, and lines are laid out
 * with the Unicode bidirectional algorithm, so right-to-left text reads right to left while
 * numbers inside it keep their digit order.
 */
export class TextFont {
  private readonly runCache = new Map<string, Run[]>();

  constructor(private readonly faces: readonly EmbeddedFace[]) {}

  /**
   * Makes `text` safe to draw on one line: NFC, control characters become spaces, invisible
   * formatting is dropped and each grapheme no face can draw becomes U+FFFD.
   */
  clean(text: string): string {
    const normalized = text.replace(invisible, "").replace(control, " ").normalize("NFC");
    if (this.firstFaceDraws(normalized)) return normalized;
    let out = "";
    for (const { segment } of graphemes.segment(normalized)) {
      if (this.faceFor(segment)) out += segment;
      else out += spaceSeparator.test(segment) ? " " : replacementCharacter;
    }
    return out;
  }

  /** Width in points of already-cleaned text. */
  width(text: string, size: number): number {
    return this.runs(text).reduce((sum, run) => sum + this.runWidth(run, size), 0);
  }

  /**
   * Draws already-cleaned text with its left end at (x, y), turned `angle` degrees about that
   * point, each run in its face under the face's one name per page (`PDFPage.drawText` adds two
   * names to the page's resources per call).
   */
  draw(page: Page, text: string, options: { x: number; y: number; size: number; color: RGB; opacity?: number; angle?: number }): void {
    const angle = ((options.angle ?? 0) * Math.PI) / 180;
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    let advance = 0;
    for (const run of this.runs(text)) {
      if (run.encoded === undefined) {
        run.font.face.direction = run.direction;
        run.encoded = run.font.pdfFont.encodeText(run.text).toString();
      }
      const [x, y] = [options.x + advance * cos, options.y + advance * sin];
      page.showText(run.encoded, run.font, { x, y, size: options.size, color: options.color, cos, sin, opacity: options.opacity });
      advance += this.runWidth(run, options.size);
    }
  }

  /** The run's width as pdf-lib's `widthOfTextAtSize` gives it, its sum kept per face. */
  private runWidth(run: Run, size: number): number {
    const { face } = run.font;
    const advances = face.advances[run.direction];
    let advance = advances.get(run.text);
    if (advance === undefined) {
      face.direction = run.direction;
      const scale = 1000 / face.parsed.unitsPerEm;
      advance = 0;
      for (const glyph of face.parsed.layout(run.text, features).glyphs) advance += glyph.advanceWidth * scale;
      if (advances.size >= maxCachedRuns) advances.clear();
      advances.set(run.text, advance);
    }
    return advance * (size / 1000);
  }

  /**
   * Whether the first face draws all of `text` left to right on its own: no right-to-left or
   * Arabic-script character and every code point covered. Most lines are, and for them the
   * grapheme and bidi passes below would find exactly that one run.
   */
  private firstFaceDraws(text: string): boolean {
    const first = this.faces[0];
    if (!first || rightToLeft.test(text)) return false;
    for (let i = 0; i < text.length; i++) {
      const codePoint = text.codePointAt(i) ?? 0;
      if (!covers(first.face, codePoint)) return false;
      if (codePoint > 0xffff) i++;
    }
    return true;
  }

  private faceFor(grapheme: string): EmbeddedFace | undefined {
    const all = (face: EmbeddedFace) => [...grapheme].every((char) => covers(face.face, char.codePointAt(0) ?? 0));
    if (arabicScript.test(grapheme)) {
      const arabic = this.faces.find((face) => face.arabic && all(face));
      if (arabic) return arabic;
    }
    return this.faces.find(all);
  }

  /** Splits a line into runs of one face and one bidi level, in the order they are drawn. */
  private runs(text: string): Run[] {
    const cached = this.runCache.get(text);
    if (cached) return cached;
    const first = this.faces[0];
    const runs = first && text && this.firstFaceDraws(text) ? [{ text, font: first, direction: "ltr" as const }] : this.bidiRuns(text);
    if (this.runCache.size >= maxCachedRuns) this.runCache.clear();
    this.runCache.set(text, runs);
    return runs;
  }

  private bidiRuns(text: string): Run[] {
    const levels = bidi.getEmbeddingLevels(text).levels;
    const logical: { text: string; font: EmbeddedFace; level: number }[] = [];
    for (const { segment, index } of graphemes.segment(text)) {
      const font = this.faceFor(segment) ?? this.faces[0];
      if (!font) continue;
      const level = levels[index] ?? 0;
      const last = logical.at(-1);
      if (last && last.font === font && last.level === level) last.text += segment;
      else logical.push({ text: segment, font, level });
    }
    // Rule L2 of UAX #9: from the highest level down to the lowest odd one, reverse every
    // stretch of runs at that level or above. Inside a run, fontkit orders the glyphs.
    const highest = Math.max(0, ...logical.map((run) => run.level));
    const lowestOdd = Math.min(...logical.map((run) => run.level).filter((level) => level % 2 === 1), highest + 1);
    for (let level = highest; level >= lowestOdd; level--) {
      for (let start = 0; start < logical.length; start++) {
        if ((logical[start]?.level ?? 0) < level) continue;
        let end = start;
        while (end + 1 < logical.length && (logical[end + 1]?.level ?? 0) >= level) end++;
        logical.splice(start, end - start + 1, ...logical.slice(start, end + 1).reverse());
        start = end;
      }
    }
    return logical.map((run) => ({ text: run.text, font: run.font, direction: (run.level % 2 === 1 ? "rtl" : "ltr") as Direction }));
  }
}
