import { createI18n, translator } from "./i18n.ts";
import { chooseLocale, languageOf, languages, negotiateLanguage } from "./languages.ts";
import { english, namespaces, resources } from "./resources.ts";

/** "a.b.c" paths of every string in a catalogue object. */
function keys(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") return [prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

/** Plural forms ("x_one", "x_few") count as the English key "x". */
const pluralBase = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, "");

describe("catalogues", () => {
  it.each(languages.filter((language) => language !== "en"))("%s has every English key and no other", (language) => {
    for (const namespace of namespaces) {
      const own = new Set(keys(resources[language][namespace] ?? {}).map(pluralBase));
      const expected = new Set(keys(english[namespace]).map(pluralBase));
      expect(
        [...expected].filter((key) => !own.has(key)),
        `${language}/${namespace} missing`,
      ).toEqual([]);
      expect(
        [...own].filter((key) => !expected.has(key)),
        `${language}/${namespace} unknown`,
      ).toEqual([]);
    }
  });

  it.each(languages)("%s has every plural form its language needs", (language) => {
    const forms = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
    for (const namespace of namespaces) {
      const all = keys(resources[language][namespace] ?? {});
      for (const base of new Set(all.filter((key) => /_other$/.test(key)).map(pluralBase))) {
        for (const form of forms) expect(all, `${language}/${namespace}`).toContain(`${base}_${form}`);
      }
    }
  });
});

describe("translation", () => {
  it("speaks the client's language", () => {
    expect(translator("de-DE", "portal")("invoice.downloadPdf")).toBe("PDF herunterladen");
    expect(translator("ja-JP", "portal")("home.balanceDue")).toBe("お支払い残高");
  });

  it("falls back to English for a key the catalogue lacks, and never shows a key", () => {
    const t = createI18n("de", { portal: { invoice: { downloadPdf: "PDF herunterladen" } } }).getFixedT(null, "portal");
    expect(t("invoice.downloadPdf")).toBe("PDF herunterladen");
    expect(t("invoice.notes")).toBe("Notes");
    expect(t("invoice.nonexistent" as "invoice.notes")).toBe("");
  });

  it("takes plurals from the language's rules", () => {
    const t = translator("ru-RU", "common");
    expect(t("overdue", { count: 1 })).toBe("Просрочен на 1 день");
    expect(t("overdue", { count: 3 })).toBe("Просрочен на 3 дня");
    expect(t("overdue", { count: 5 })).toBe("Просрочен на 5 дней");
    expect(t("overdue", { count: 21 })).toBe("Просрочен на 21 день");
    expect(translator("en", "common")("overdue", { count: 1 })).toBe("Overdue · 1 day");
  });

  it("puts words where the language wants them", () => {
    expect(translator("ja", "portal")("home.heading", { customer: "山田商事" })).toBe("山田商事 様のご請求書");
  });
});

describe("choosing a language", () => {
  it("follows the customer, then the workspace", () => {
    expect(chooseLocale({ customer: "el-GR", workspace: "en-US" })).toEqual({ language: "el", locale: "el-GR", tag: "el-GR" });
    expect(chooseLocale({ customer: null, workspace: "fr-CH" })).toEqual({ language: "fr", locale: "fr-CH", tag: "fr-CH" });
  });

  it("keeps an unsupported language's dates and digits with the workspace's words", () => {
    expect(chooseLocale({ customer: "ar-KW", workspace: "de-DE" })).toEqual({ language: "de", locale: "ar-KW", tag: "de" });
    expect(chooseLocale({ customer: "zh-CN", workspace: "en-US" })).toEqual({ language: "en", locale: "zh-CN", tag: "en" });
  });

  it("lets the client's own choice win, keeping their region", () => {
    expect(chooseLocale({ chosen: "en", customer: "ja-JP", workspace: "en-US" })).toEqual({ language: "en", locale: "en-JP", tag: "en-JP" });
    expect(chooseLocale({ chosen: "xx", customer: "ja-JP", workspace: "en-US" }).language).toBe("ja");
  });

  it("survives a malformed locale", () => {
    expect(chooseLocale({ customer: "not a locale", workspace: "es-ES" }).language).toBe("es");
    expect(languageOf("¿?")).toBeNull();
  });

  it("negotiates Accept-Language for pages with no known client", () => {
    expect(negotiateLanguage("zh-CN,zh;q=0.9,fr;q=0.8,en;q=0.7")).toBe("fr");
    expect(negotiateLanguage("de;q=0.5, ru")).toBe("ru");
    expect(negotiateLanguage(null)).toBe("en");
  });
});
