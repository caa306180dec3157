import { PageSizes, PDFDocument } from "pdf-lib";
import { paletteFor, type Palette } from "./color.server.ts";
import "./deflate.server.ts";
import "./numbers.server.ts";
import { embedFonts, type DocumentFonts } from "./fonts.server.ts";
import { formatterFor, type Formatter } from "./format.server.ts";
import { embedLogo, type Logo } from "./logo.server.ts";
import { Page } from "./page.server.ts";
import type { PrintedFor } from "./types.ts";
import { i18nFor, type translator } from "#app/i18n/i18n.ts";
import { english, namespaces, resources } from "#app/i18n/resources.ts";
import type { Language } from "#app/i18n/languages.ts";

/** The documents' words in one language; other namespaces by prefix ("common:status.paid"). */
export type DocumentWords = ReturnType<typeof translator<"documents">>;

/** Everything a template needs to draw one document. */
export interface DocumentContext {
  pdf: PDFDocument;
  fonts: DocumentFonts;
  palette: Palette;
  format: Formatter;
  t: DocumentWords;
  /** Capitals for headings, as the language writes them (Greek drops its accents in capitals). */
  caps(text: string): string;
  logo: Logo | null;
  pageSize: [number, number];
  /** A new page of `pageSize` at the end of the document. */
  addPage(): Page;
  /** The document's pages, in order. */
  pages: Page[];
}

interface DocumentMetadata {
  title: (t: DocumentWords) => string;
  subject: (t: DocumentWords) => string;
  /** Written as both creation and modification date, so output depends only on the input. */
  date: Date;
}

const wordsByLanguage = new Map<Language, DocumentWords>();

/**
 * The documents' words in `language`, as `translator(language, "documents")` gives them but
 * cheaper (decision 160): i18next's `getFixedT` function copies all of i18next's settings into a
 * new object on every call (for selectors Remit does not use), so words are asked of the
 * language's instance directly, and a word asked for without options, the same in every
 * document, is looked up once per process.
 */
function documentWords(language: Language): DocumentWords {
  let words = wordsByLanguage.get(language);
  if (!words) {
    const i18n = i18nFor(language);
    const ns = ["documents", ...namespaces.filter((namespace) => namespace !== "documents")];
    const t = i18n.t.bind(i18n) as unknown as (key: string | string[], options: Record<string, unknown>) => string;
    const plain = new Map<string, string>();
    const lookup = (key: string | string[], options?: Record<string, unknown>): string => {
      if (options !== undefined || typeof key !== "string") return t(key, { ...options, ns });
      let word = plain.get(key);
      if (word === undefined) {
        word = t(key, { ns });
        plain.set(key, word);
      }
      return word;
    };
    words = lookup as unknown as DocumentWords;
    wordsByLanguage.set(language, words);
  }
  return words;
}

const catalogueTexts = new Map<Language, string>();

/** A language's words and the English they fall back to, as one string (made once per language). */
function catalogueText(language: Language): string {
  let text = catalogueTexts.get(language);
  if (text === undefined) {
    text = JSON.stringify(resources[language]) + JSON.stringify(english);
    catalogueTexts.set(language, text);
  }
  return text;
}

/** The document's data: every string in it may be printed. */
function dataText(doc: PrintedFor): string {
  return JSON.stringify(doc, (_key, value: unknown) => (value instanceof Uint8Array ? null : value));
}

const sharedTexts = new WeakMap<Formatter, Map<Language, string>>();

/**
 * What every document in this language and locale may print, for choosing fonts before drawing:
 * its language's words, and the shapes of its amounts and dates (currency signs, 年月日). Made
 * once per formatter and language, so the fonts' scan of it is found again by the same string.
 */
function sharedText(language: Language, format: Formatter): string {
  let byLanguage = sharedTexts.get(format);
  if (!byLanguage) sharedTexts.set(format, (byLanguage = new Map()));
  let text = byLanguage.get(language);
  if (text === undefined) {
    const months = Array.from({ length: 12 }, (_, month) => new Date(Date.UTC(2000, month, 28, 12)));
    const dates = months.map((day) => `${format.date(day)} ${format.dateTime(day)}`).join(" ");
    text = `${catalogueText(language)} ${format.money(1_234_567_890)} ${format.money(-1)} ${format.quantity(1234.5)} ${format.rate(1250)} ${dates}`;
    byLanguage.set(language, text);
  }
  return text;
}

const producer = "Remit";

const pageSizes = new Map<string, [number, number]>();

// US Letter where it is the everyday paper size, A4 elsewhere.
function pageSizeFor(locale: string): [number, number] {
  let size = pageSizes.get(locale);
  if (!size) {
    const region = new Intl.Locale(locale).maximize().region;
    size = region === "US" || region === "CA" ? PageSizes.Letter : PageSizes.A4;
    pageSizes.set(locale, size);
  }
  return size;
}

/**
 * A new PDF for `doc`: its metadata, the formats of its locale, timezone and currency, and the
 * fonts for every string it may print (the data of `doc`, which is all printable, and its words).
 */
export async function createDocument(doc: PrintedFor, setup: DocumentMetadata): Promise<DocumentContext> {
  // updateMetadata: false stops pdf-lib stamping the current time and its own producer.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const t = documentWords(doc.language);
  pdf.setTitle(setup.title(t), { showInWindowTitleBar: true });
  pdf.setSubject(setup.subject(t));
  pdf.setAuthor(doc.vendor.name);
  pdf.setCreator(producer);
  pdf.setProducer(producer);
  pdf.setCreationDate(setup.date);
  pdf.setModificationDate(setup.date);
  const format = formatterFor(doc.locale, doc.timezone, doc.currency);
  // /Lang names the words' language; the formatting locale when it is the same language.
  pdf.setLanguage(new Intl.Locale(format.locale).language === doc.language ? format.locale : doc.language);
  // Sequential on purpose: object numbers follow embedding order, which must not depend on I/O timing.
  const fonts = await embedFonts(pdf, { locale: format.locale, text: dataText(doc), sharedText: sharedText(doc.language, format) });
  const logo = await embedLogo(pdf, doc.vendor.logoPng);
  const pageSize = pageSizeFor(format.locale);
  const pages: Page[] = [];
  return {
    pdf,
    fonts,
    palette: paletteFor(doc.vendor.brandColor),
    format,
    t,
    caps: (text) => capitals(text, doc.language),
    logo,
    pageSize,
    addPage() {
      const page = new Page(pdf, pdf.addPage(pageSize));
      pages.push(page);
      return page;
    },
    pages,
  };
}

function capitals(text: string, language: Language): string {
  const upper = text.toLocaleUpperCase(language);
  return language === "el"
    ? upper
        .normalize("NFD")
        .replace(/\u0301/g, "")
        .normalize("NFC")
    : upper;
}

/** Serialises without anything time- or random-dependent: pdf-lib writes no trailer /ID itself. */
export function saveDocument({ pdf, pages }: DocumentContext): Promise<Uint8Array> {
  for (const page of pages) page.finish();
  return pdf.save({
    addDefaultPage: false,
    updateFieldAppearances: false,
    // By default pdf-lib yields with setTimeout(0) every 50 objects: ≥1 ms idle each time.
    objectsPerTick: Number.POSITIVE_INFINITY,
  });
}
