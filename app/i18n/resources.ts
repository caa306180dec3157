// Every catalogue, bundled for the server and the browser alike (a few kilobytes a language).
// A namespace is one area's strings; add one by adding its file for every language here.
import type { Language } from "./languages.ts";
import enCommon from "./catalogues/en/common.json";
import enDocuments from "./catalogues/en/documents.json";
import enPortal from "./catalogues/en/portal.json";
import enEmail from "./catalogues/en/email.json";
import enQuotes from "./catalogues/en/quotes.json";
import deCommon from "./catalogues/de/common.json";
import deDocuments from "./catalogues/de/documents.json";
import dePortal from "./catalogues/de/portal.json";
import deEmail from "./catalogues/de/email.json";
import deQuotes from "./catalogues/de/quotes.json";
import frCommon from "./catalogues/fr/common.json";
import frDocuments from "./catalogues/fr/documents.json";
import frPortal from "./catalogues/fr/portal.json";
import frEmail from "./catalogues/fr/email.json";
import frQuotes from "./catalogues/fr/quotes.json";
import esCommon from "./catalogues/es/common.json";
import esDocuments from "./catalogues/es/documents.json";
import esPortal from "./catalogues/es/portal.json";
import esEmail from "./catalogues/es/email.json";
import esQuotes from "./catalogues/es/quotes.json";
import ruCommon from "./catalogues/ru/common.json";
import ruDocuments from "./catalogues/ru/documents.json";
import ruPortal from "./catalogues/ru/portal.json";
import ruEmail from "./catalogues/ru/email.json";
import ruQuotes from "./catalogues/ru/quotes.json";
import elCommon from "./catalogues/el/common.json";
import elDocuments from "./catalogues/el/documents.json";
import elPortal from "./catalogues/el/portal.json";
import elEmail from "./catalogues/el/email.json";
import elQuotes from "./catalogues/el/quotes.json";
import jaCommon from "./catalogues/ja/common.json";
import jaDocuments from "./catalogues/ja/documents.json";
import jaPortal from "./catalogues/ja/portal.json";
import jaEmail from "./catalogues/ja/email.json";
import jaQuotes from "./catalogues/ja/quotes.json";

export const namespaces = ["common", "portal", "documents", "email", "quotes"] as const;

export type Namespace = (typeof namespaces)[number];

/** English is complete by definition: its keys are the type every other catalogue is checked against. */
export const english = { common: enCommon, portal: enPortal, documents: enDocuments, email: enEmail, quotes: enQuotes };

export type Catalogue = typeof english;

/** A catalogue may leave keys out (they fall back to English), never add unknown ones. */
export type PartialCatalogue = { [N in Namespace]?: DeepPartial<Catalogue[N]> };

type DeepPartial<T> = { [K in keyof T]?: T[K] extends string ? string : DeepPartial<T[K]> };

export const resources: Record<Language, PartialCatalogue> = {
  en: english,
  de: { common: deCommon, portal: dePortal, documents: deDocuments, email: deEmail, quotes: deQuotes },
  fr: { common: frCommon, portal: frPortal, documents: frDocuments, email: frEmail, quotes: frQuotes },
  es: { common: esCommon, portal: esPortal, documents: esDocuments, email: esEmail, quotes: esQuotes },
  ru: { common: ruCommon, portal: ruPortal, documents: ruDocuments, email: ruEmail, quotes: ruQuotes },
  el: { common: elCommon, portal: elPortal, documents: elDocuments, email: elEmail, quotes: elQuotes },
  ja: { common: jaCommon, portal: jaPortal, documents: jaDocuments, email: jaEmail, quotes: jaQuotes },
};
