import { invoiceTemplates } from "#app/billing/invoice-input.ts";
import { option } from "../blocks/kit.ts";
import type { SettingsSection } from "./section.ts";
import { choiceField, chosenValue, numberField, textField, textValue } from "./section.ts";

const currency = "settings_currency";
const terms = "settings_terms";
const timezone = "settings_timezone";
const locale = "settings_locale";
const prefix = "settings_prefix";
const creditNotePrefix = "settings_credit_note_prefix";
const template = "settings_template";

export const termsSection: SettingsSection = {
  title: "Default terms",
  blocks: (workspace) => {
    const templates = invoiceTemplates.map((name) => option(name.charAt(0).toUpperCase() + name.slice(1), name));
    return [
      textField({ blockId: currency, label: "Default currency", max: 3, initial: workspace.defaultCurrency }),
      numberField({ blockId: terms, label: "Payment terms (days until due)", min: 0, max: 365, initial: String(workspace.paymentTermsDays) }),
      textField({
        blockId: timezone,
        label: "Timezone",
        hint: "Invoices are late from the day after their due date in this timezone, e.g. Europe/Paris.",
        initial: workspace.timezone,
      }),
      textField({ blockId: locale, label: "Language and number format", hint: "e.g. en-US, fr-FR, de-DE.", initial: workspace.locale }),
      textField({ blockId: prefix, label: "Invoice number prefix", optional: true, max: 12, initial: workspace.invoicePrefix }),
      textField({
        blockId: creditNotePrefix,
        label: "Credit note number prefix",
        optional: true,
        hint: "Credit notes cancel voided invoices, numbered in their own series (CN-0001, …).",
        max: 12,
        initial: workspace.creditNotePrefix,
      }),
      choiceField({ blockId: template, label: "Invoice template", kind: "static_select", choices: templates, chosen: workspace.defaultTemplate }),
    ];
  },
  read(values) {
    const days = textValue(values, terms);
    const value = {
      defaultCurrency: textValue(values, currency),
      timezone: textValue(values, timezone),
      locale: textValue(values, locale),
      invoicePrefix: textValue(values, prefix),
      creditNotePrefix: textValue(values, creditNotePrefix),
      defaultTemplate: chosenValue(values, template) as (typeof invoiceTemplates)[number] | undefined,
    };
    if (!/^\d+$/.test(days)) return { ok: false, errors: { [terms]: "Payment terms are a whole number of days, e.g. 30." }, value };
    return { ok: true, value: { ...value, paymentTermsDays: Number(days) } };
  },
  fields: { defaultCurrency: currency, paymentTermsDays: terms, timezone, locale, invoicePrefix: prefix, creditNotePrefix, defaultTemplate: template },
};
