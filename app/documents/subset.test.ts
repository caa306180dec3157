import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";
import { TrueTypeSubsetter } from "./subset.server.ts";

const require = createRequire(import.meta.url);
const faces = [
  "dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
  "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf",
  "@expo-google-fonts/noto-sans-arabic/400Regular/NotoSansArabic_400Regular.ttf",
  "@expo-google-fonts/noto-sans-jp/700Bold/NotoSansJP_700Bold.ttf",
  "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
];

function subsetOf(subsetter: TrueTypeSubsetter, ids: number[]): Promise<{ bytes: Uint8Array; mapping: number[] }> {
  const subset = subsetter.createSubset();
  const mapping = ids.map((id) => subset.includeGlyph(id));
  return new Promise((resolve) => subset.encodeStream().on("data", (bytes: Uint8Array) => resolve({ bytes, mapping })));
}

describe("TrueTypeSubsetter", () => {
  it.each(faces)("writes %s's subsets byte for byte as fontkit 2 does, composite glyphs included", async (path) => {
    const bytes = new Uint8Array(readFileSync(require.resolve(path)));
    const font = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
    const subsetter = new TrueTypeSubsetter(bytes);
    const glyphsOf = (text: string) => [...text].map((char) => font.glyphForCodePoint(char.codePointAt(0) ?? 0).id);
    const samples = [
      glyphsOf("Rechnung INV-0042 Größe 1.234,56 €"),
      glyphsOf("ÉÈÊËĒĖĘ Ёё Çç ǅ"), // DejaVu draws these from parts
      glyphsOf("請求書 山田商事株式会社 北京科技有限公司 شركة الخليج"),
      [font.numGlyphs - 1, 3, 3, 0, 17, font.numGlyphs - 1],
      [],
    ];
    for (const ids of samples) {
      const expected = font.createSubset();
      const expectedMapping = ids.map((id) => expected.includeGlyph(font.getGlyph(id)));
      const { bytes: subset, mapping } = await subsetOf(subsetter, ids);
      expect(mapping).toEqual(expectedMapping);
      expect(Buffer.from(subset).equals(Buffer.from(expected.encode()))).toBe(true);
    }
  });

  it("renumbers a composite glyph's parts and includes them after the glyphs asked for", async () => {
    const bytes = new Uint8Array(readFileSync(require.resolve(faces[0] ?? "")));
    const font = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
    const eAcute = font.glyphForCodePoint("É".codePointAt(0) ?? 0).id;
    const { bytes: subset } = await subsetOf(new TrueTypeSubsetter(bytes), [eAcute]);
    const parsed = fontkit.create(Buffer.from(subset)) as fontkit.Font;
    expect(parsed.numGlyphs).toBeGreaterThan(2); // .notdef, É, then its "E" and accent
    const e = parsed.getGlyph(1);
    expect(e.path.commands.length).toBeGreaterThan(0);
    expect(e.advanceWidth).toBe(font.getGlyph(eAcute).advanceWidth);
  });

  it("refuses what is not a static TrueType font", () => {
    expect(() => new TrueTypeSubsetter(new Uint8Array(12))).toThrow(/TrueType/);
  });
});
