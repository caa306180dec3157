import { createRequire } from "node:module";

/**
 * pdf-lib writes every number of a document (about 3,000 in a 20-line invoice: coordinates,
 * colours, font widths, object numbers) through `numberToString`, which converts it to a string
 * three times and splits one of them to look for an exponent. JavaScript writes a number without
 * one unless it is below 1e-6 or from 1e21; only then is pdf-lib's own conversion needed. Same
 * output, in about half the time (decision 160). `PDFNumber` looks the function up on pdf-lib's
 * utils module at each call, so replacing it there takes effect everywhere.
 */
const fromPdfLib = createRequire(createRequire(import.meta.url).resolve("pdf-lib"));
const utils = fromPdfLib("./utils/index.js") as { numberToString: (value: number) => string };
const withoutExponent = utils.numberToString;
utils.numberToString = (value) => {
  const text = String(value);
  return text.includes("e") ? withoutExponent(value) : text;
};
