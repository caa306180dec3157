import { createInstance, type TOptions } from "i18next";

/** A message module's strings: i18next templates (`{{name}}`), English, ready to move into a catalogue. */
export type Strings = Record<string, string>;

const instance = createInstance();
void instance.init({
  lng: "en",
  fallbackLng: "en",
  initAsync: false,
  resources: { en: {} },
  // Interpolated values are escaped where they are rendered (React), and plain text needs none.
  interpolation: { escapeValue: false },
});

/** Keys of the strings, or a plural key without its `_one`/`_other` ending (with `count`). */
export type Translate = (key: string, values?: TOptions) => string;

/**
 * The `t` of one message: its strings are an i18next namespace (`email-invoice`, …), so a
 * catalogue per language can later supply the same keys without touching the message.
 */
export function messageStrings<S extends Strings>(namespace: string, strings: S): Translate {
  instance.addResourceBundle("en", namespace, strings, true, true);
  // i18next's types are bound to Remit's catalogues (app/i18n); these namespaces join at run time.
  const t = instance.getFixedT("en", namespace as never) as unknown as (key: string, values: TOptions) => string;
  return (key, values) => t(key, values ?? {});
}
