// The part of bidi-js (no types of its own) that the PDF layout uses.
declare module "bidi-js" {
  interface EmbeddingLevels {
    /** One level per UTF-16 code unit: odd is right-to-left. */
    levels: Uint8Array;
    paragraphs: { start: number; end: number; level: number }[];
  }
  interface Bidi {
    getEmbeddingLevels(text: string, direction?: "ltr" | "rtl"): EmbeddingLevels;
  }
  export default function bidiFactory(): Bidi;
}
