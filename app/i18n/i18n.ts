import { createInstance, type i18n, type TFunction } from "i18next";
import { fallbackLanguage, languageOf, type Language } from "./languages.ts";
import { english, namespaces, resources, type Namespace, type PartialCatalogue } from "./resources.ts";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "common";
    resources: typeof english;
    // Catalogues are plain JSON, so keys resolve to strings and never to null.
    returnNull: false;
  }
}

/**
 * One i18next instance for `language` over `catalogue`, initialised synchronously (the
 * resources are in memory), so server render and hydration see the same words.
 * Missing keys fall back to English; a key English lacks too renders as nothing, never as a key.
 */
export function createI18n(language: Language, catalogue: PartialCatalogue = resources[language]): i18n {
  const instance = createInstance();
  void instance.init({
    lng: language,
    fallbackLng: fallbackLanguage,
    supportedLngs: [...new Set([language, fallbackLanguage])],
    ns: [...namespaces],
    defaultNS: "common",
    resources: { [language]: catalogue, [fallbackLanguage]: english },
    initAsync: false,
    // React escapes what it renders; PDFs and emails are not HTML.
    interpolation: { escapeValue: false },
    parseMissingKeyHandler: () => "",
    returnEmptyString: false,
  });
  return instance;
}

const instances = new Map<Language, i18n>();

/** The shared instance of a language: instances are never switched, so one serves every request. */
export function i18nFor(language: Language): i18n {
  let instance = instances.get(language);
  if (!instance) instances.set(language, (instance = createI18n(language)));
  return instance;
}

/**
 * `t` for one namespace in the language of `locale` (English when Remit has no catalogue for
 * it); other namespaces are reached with a prefix, `t("common:status.paid")`.
 */
export function translator<N extends Namespace>(locale: string | null | undefined, namespace: N): TFunction<[N, ...Namespace[]]> {
  const others = namespaces.filter((ns) => ns !== namespace);
  return i18nFor(languageOf(locale) ?? fallbackLanguage).getFixedT(null, [namespace, ...others]);
}
