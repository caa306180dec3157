import { PageSizes, PDFDocument, type PDFImage } from "pdf-lib";
import { paletteFor, type Palette } from "./color.server.ts";
import { embedFonts, type DocumentFonts } from "./fonts.server.ts";
import { formatterFor, type Formatter } from "./format.server.ts";
import type { DocumentVendor } from "./types.ts";

/** Everything a template needs to draw one document. */
export interface DocumentContext {
  pdf: PDFDocument;
  fonts: DocumentFonts;
  palette: Palette;
  format: Formatter;
  logo: PDFImage | null;
  pageSize: [number, number];
}

interface DocumentSetup {
  locale: string;
  timezone: string;
  currency: string;
  vendor: DocumentVendor;
  title: string;
  subject: string;
  /** Written as both creation and modification date, so output depends only on the input. */
  date: Date;
}

const producer = "Remit";

// US Letter where it is the everyday paper size, A4 elsewhere.
function pageSizeFor(locale: string): [number, number] {
  const region = new Intl.Locale(locale).maximize().region;
  return region === "US" || region === "CA" ? PageSizes.Letter : PageSizes.A4;
}

async function embedLogo(pdf: PDFDocument, png: Uint8Array | null): Promise<PDFImage | null> {
  if (!png) return null;
  try {
    return await pdf.embedPng(png);
  } catch {
    return null; // a corrupt upload should cost the logo, not the invoice
  }
}

export async function createDocument(setup: DocumentSetup): Promise<DocumentContext> {
  // updateMetadata: false stops pdf-lib stamping the current time and its own producer.
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.setTitle(setup.title, { showInWindowTitleBar: true });
  pdf.setSubject(setup.subject);
  pdf.setAuthor(setup.vendor.name);
  pdf.setCreator(producer);
  pdf.setProducer(producer);
  pdf.setCreationDate(setup.date);
  pdf.setModificationDate(setup.date);
  const format = formatterFor(setup.locale, setup.timezone, setup.currency);
  pdf.setLanguage(format.locale);
  // Sequential on purpose: object numbers follow embedding order, which must not depend on I/O timing.
  const fonts = await embedFonts(pdf);
  const logo = await embedLogo(pdf, setup.vendor.logoPng);
  return {
    pdf,
    fonts,
    palette: paletteFor(setup.vendor.brandColor),
    format,
    logo,
    pageSize: pageSizeFor(format.locale),
  };
}

/** Serialises without anything time- or random-dependent: pdf-lib writes no trailer /ID itself. */
export function saveDocument(pdf: PDFDocument): Promise<Uint8Array> {
  return pdf.save({
    addDefaultPage: false,
    updateFieldAppearances: false,
    // By default pdf-lib yields with setTimeout(0) every 50 objects: ≥1 ms idle each time.
    objectsPerTick: Number.POSITIVE_INFINITY,
  });
}
