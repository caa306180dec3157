import { useMatches } from "@remix-run/react";
import type { ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { i18nFor } from "./i18n.ts";
import { fallbackLanguage, isLanguage, type Language, type LocaleChoice } from "./languages.ts";

/** What a loader returns to set the page's language: `{ i18n: LocaleChoice }`. */
export interface WithLocale {
  i18n: LocaleChoice;
}

function isLocaleChoice(value: unknown): value is LocaleChoice {
  if (typeof value !== "object" || value === null) return false;
  const choice = value as Partial<LocaleChoice>;
  return isLanguage(choice.language) && typeof choice.locale === "string" && typeof choice.tag === "string";
}

/** The deepest route's choice wins: the portal's client over the root's Accept-Language guess. */
export function usePageLocale(): LocaleChoice {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const data: unknown = matches[i]?.data;
    if (typeof data === "object" && data !== null && "i18n" in data && isLocaleChoice(data.i18n)) return data.i18n;
  }
  return { language: fallbackLanguage, locale: "en", tag: "en" };
}

export function LanguageProvider({ language, children }: { language: Language; children: ReactNode }) {
  return <I18nextProvider i18n={i18nFor(language)}>{children}</I18nextProvider>;
}
