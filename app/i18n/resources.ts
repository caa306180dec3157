// Every catalogue, bundled for the server and the browser alike (a few kilobytes a language).
// A namespace is one area's strings; add one by adding its file for every language here.
import type { Language } from "./languages.ts";
import enCommon from "./catalogues/en/common.json";
import enDocuments from "./catalogues/en/documents.json";
import enPortal from "./catalogues/en/portal.json";
import deCommon from "./catalogues/de/common.json";
import deDocuments from "./catalogues/de/documents.json";
import dePortal from "./catalogues/de/portal.json";
import frCommon from "./catalogues/fr/common.json";
import frDocuments from "./catalogues/fr/documents.json";
import frPortal from "./catalogues/fr/portal.json";
import esCommon from "./catalogues/es/common.json";
import esDocuments from "./catalogues/es/documents.json";
import esPortal from "./catalogues/es/portal.json";
import ruCommon from "./catalogues/ru/common.json";
import ruDocuments from "./catalogues/ru/documents.json";
import ruPortal from "./catalogues/ru/portal.json";
import elCommon from "./catalogues/el/common.json";
import elDocuments from "./catalogues/el/documents.json";
import elPortal from "./catalogues/el/portal.json";
import jaCommon from "./catalogues/ja/common.json";
import jaDocuments from "./catalogues/ja/documents.json";
import jaPortal from "./catalogues/ja/portal.json";

export const namespaces = ["common", "portal", "documents"] as const;

export type Namespace = (typeof namespaces)[number];

/** English is complete by definition: its keys are the type every other catalogue is checked against. */
export const english = { common: enCommon, portal: enPortal, documents: enDocuments };

export type Catalogue = typeof english;

/** A catalogue may leave keys out (they fall back to English), never add unknown ones. */
export type PartialCatalogue = { [N in Namespace]?: DeepPartial<Catalogue[N]> };

type DeepPartial<T> = { [K in keyof T]?: T[K] extends string ? string : DeepPartial<T[K]> };

export const resources: Record<Language, PartialCatalogue> = {
  en: english,
  de: { common: deCommon, portal: dePortal, documents: deDocuments },
  fr: { common: frCommon, portal: frPortal, documents: frDocuments },
  es: { common: esCommon, portal: esPortal, documents: esDocuments },
  ru: { common: ruCommon, portal: ruPortal, documents: ruDocuments },
  el: { common: elCommon, portal: elPortal, documents: elDocuments },
  ja: { common: jaCommon, portal: jaPortal, documents: jaDocuments },
};
