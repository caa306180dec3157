import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

export interface PdfTextItem {
  text: string;
  x: number;
  y: number;
  width: number;
}

export interface PdfPageText {
  text: string;
  width: number;
  height: number;
  items: PdfTextItem[];
}

/**
 * Parses a PDF back with pdfjs and returns each page's text: items joined by spaces, except
 * pieces of one word drawn side by side (a word set in two fonts), which join as one.
 */
export async function readPdf(bytes: Uint8Array): Promise<PdfPageText[]> {
  // pdfjs transfers (detaches) the buffer it is given, so hand it a copy.
  const pdf = await getDocument({ data: bytes.slice(), disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  try {
    const pages: PdfPageText[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const [, , width, height] = page.view;
      const items = (await page.getTextContent()).items.flatMap((item) =>
        "str" in item && item.str ? [{ text: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width }] : [],
      );
      const text = items
        .map((item, index) => {
          const previous = items[index - 1];
          const adjacent = previous && Math.abs(previous.y - item.y) < 0.5 && Math.abs(previous.x + previous.width - item.x) < 0.5;
          return index === 0 || adjacent ? item.text : ` ${item.text}`;
        })
        .join("");
      pages.push({ text, width: width ?? 0, height: height ?? 0, items });
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}
