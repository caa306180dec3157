import { createRequire } from "node:module";
import { PDFNumber } from "pdf-lib";
import { pdfNumber } from "./numbers.server.ts";

// pdf-lib's own conversion, on the module numbers.server.ts leaves as it is.
const fromPdfLib = createRequire(createRequire(import.meta.url).resolve("pdf-lib"));
const pdfLibs = (fromPdfLib("./utils/numbers.js") as { numberToString: (value: number) => string }).numberToString;

describe("numbers in a PDF", () => {
  it("are written as pdf-lib writes them, in decimal, never with an exponent", () => {
    const written = (value: number) => PDFNumber.of(value).toString();
    const samples = [0, -12, 595.28, 763.8299999999999, 0.06666666666666667, 1e-6, 1e-7, -2.5e-8, 5e-324, 1e21, -1.5e22, 2 ** 53, Number.MAX_VALUE];
    for (let exponent = -30; exponent <= 30; exponent++) samples.push(1.2345678901234567 * 10 ** exponent, -7 * 10 ** exponent);
    for (const value of samples) {
      expect(written(value)).toBe(pdfLibs(value));
      expect(pdfNumber(value)).toBe(pdfLibs(value));
    }
    expect(written(1e21)).toBe("1000000000000000000000");
    expect(written(-2.5e-8)).not.toContain("e");
  });
});
