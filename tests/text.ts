import { expect } from "vitest";

/** Expects `text` (a page's, a PDF's, an email's) to hold every one of `pieces`, naming each it lacks. */
export function expectAllIn(text: string, pieces: string[]): void {
  expect(
    pieces.filter((piece) => !text.includes(piece)),
    "missing from the text",
  ).toEqual([]);
}
