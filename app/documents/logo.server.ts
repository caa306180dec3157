import { createHash } from "node:crypto";
import { PDFContext, PDFObjectCopier, PDFStream, PngEmbedder, type PDFDocument, type PDFRef } from "pdf-lib";

/** A vendor's logo in one document: its image XObject and its size in pixels. */
export interface Logo {
  ref: PDFRef;
  width: number;
  height: number;
}

/** A logo as pdf-lib embeds it (colour and alpha channels, compressed), in a context of its own. */
interface PreparedLogo {
  context: PDFContext;
  image: PDFStream;
  width: number;
  height: number;
}

// Decoding a PNG and compressing its channels cost every document about a tenth of its
// rendering (decision 160); a vendor's documents share one logo, so it is done once per image.
const prepared = new Map<string, Promise<PreparedLogo | null>>();
const maxPrepared = 100;

async function prepare(png: Uint8Array): Promise<PreparedLogo | null> {
  try {
    const embedder = await PngEmbedder.for(png);
    const context = PDFContext.create();
    const image = context.lookup(await embedder.embedIntoContext(context), PDFStream);
    return { context, image, width: embedder.width, height: embedder.height };
  } catch {
    return null; // a corrupt upload should cost the logo, not the document
  }
}

/** Adds the logo's image (and its transparency mask) to `pdf`; null without a usable PNG. */
export async function embedLogo(pdf: PDFDocument, png: Uint8Array | null): Promise<Logo | null> {
  if (!png) return null;
  const key = createHash("sha256").update(png).digest("base64");
  let logo = prepared.get(key);
  if (!logo) {
    if (prepared.size >= maxPrepared) prepared.clear();
    logo = prepare(png);
    prepared.set(key, logo);
  }
  const source = await logo;
  if (!source) return null;
  const image = PDFObjectCopier.for(source.context, pdf.context).copy(source.image);
  return { ref: pdf.context.register(image), width: source.width, height: source.height };
}
