/**
 * The languages Remit speaks to clients, and how a page or document picks one. Words come from
 * the catalogues of one of these languages; dates and amounts keep the client's own locale.
 */
export const languages = ["en", "de", "fr", "es", "ru", "el", "ja"] as const;

export type Language = (typeof languages)[number];

export const fallbackLanguage: Language = "en";

/** Each language's name in itself, for the portal's language switch. */
export const languageNames: Record<Language, string> = {
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
  ru: "Русский",
  el: "Ελληνικά",
  ja: "日本語",
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

function canonical(locale: string | null | undefined): Intl.Locale | null {
  if (!locale) return null;
  try {
    return new Intl.Locale(locale);
  } catch {
    return null;
  }
}

/** The shipped language of a locale ("de-AT" → "de"), or null when Remit has no catalogue for it. */
export function languageOf(locale: string | null | undefined): Language | null {
  const language = canonical(locale)?.language;
  return isLanguage(language) ? language : null;
}

export interface LocaleChoice {
  /** Which catalogue the words come from. */
  language: Language;
  /** How dates and numbers are written (a BCP 47 tag that Intl accepts). */
  locale: string;
  /** The `lang` of the words: the locale when it is in the words' language, else the language. */
  tag: string;
}

/**
 * The client's language and formatting locale. The client's own choice (the portal's switch)
 * wins, then the customer's locale, then the workspace's; a customer whose language has no
 * catalogue (Arabic, Chinese) reads the workspace's language with their own dates and digits.
 */
export function chooseLocale(input: { chosen?: string | null; customer: string | null | undefined; workspace: string | null | undefined }): LocaleChoice {
  const base = canonical(input.customer) ?? canonical(input.workspace) ?? new Intl.Locale("en-US");
  const chosen = isLanguage(input.chosen) ? input.chosen : null;
  const own = languageOf(base.baseName);
  if (chosen && chosen !== own) {
    const locale = base.region ? `${chosen}-${base.region}` : chosen;
    return { language: chosen, locale, tag: locale };
  }
  if (own) return { language: own, locale: base.baseName, tag: base.baseName };
  const language = languageOf(input.workspace) ?? fallbackLanguage;
  return { language, locale: base.baseName, tag: language };
}

/** The best shipped language for an `Accept-Language` header (pages with no known client). */
export function negotiateLanguage(header: string | null): Language {
  const ranked = (header ?? "")
    .split(",")
    .map((part, index) => {
      const [range = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number.parseFloat(q.slice(2)) : 1;
      return { range: range.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.range && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { range } of ranked) {
    const language = languageOf(range);
    if (language) return language;
  }
  return fallbackLanguage;
}
