import { invoiceTemplates } from "#app/billing/invoice-input.ts";
import { input, option, valueId } from "../blocks/kit.ts";
import type { SettingsSection } from "./section.ts";
import { textValue } from "./section.ts";

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
      input({
        blockId: currency,
        label: "Default currency",
        element: { type: "plain_text_input", action_id: valueId, max_length: 3, initial_value: workspace.defaultCurrency },
      }),
      input({
        blockId: terms,
        label: "Payment terms (days until due)",
        element: {
          type: "number_input",
          action_id: valueId,
          is_decimal_allowed: false,
          min_value: "0",
          max_value: "365",
          initial_value: String(workspace.paymentTermsDays),
        },
      }),
      input({
        blockId: timezone,
        label: "Timezone",
        hint: "Invoices are late from the day after their due date in this timezone, e.g. Europe/Paris.",
        element: { type: "plain_text_input", action_id: valueId, initial_value: workspace.timezone },
      }),
      input({
        blockId: locale,
        label: "Language and number format",
        hint: "e.g. en-US, fr-FR, de-DE.",
        element: { type: "plain_text_input", action_id: valueId, initial_value: workspace.locale },
      }),
      input({
        blockId: prefix,
        label: "Invoice number prefix",
        optional: true,
        element: { type: "plain_text_input", action_id: valueId, max_length: 12, initial_value: workspace.invoicePrefix },
      }),
      input({
        blockId: creditNotePrefix,
        label: "Credit note number prefix",
        optional: true,
        hint: "Credit notes cancel voided invoices, numbered in their own series (CN-0001, …).",
        element: { type: "plain_text_input", action_id: valueId, max_length: 12, initial_value: workspace.creditNotePrefix },
      }),
      input({
        blockId: template,
        label: "Invoice template",
        element: {
          type: "static_select",
          action_id: valueId,
          options: templates,
          initial_option: templates.find((candidate) => candidate.value === workspace.defaultTemplate) ?? templates[0],
        },
      }),
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
      defaultTemplate: (values[template]?.[valueId]?.selected_option?.value ?? undefined) as (typeof invoiceTemplates)[number] | undefined,
    };
    if (!/^\d+$/.test(days)) return { ok: false, errors: { [terms]: "Payment terms are a whole number of days, e.g. 30." }, value };
    return { ok: true, value: { ...value, paymentTermsDays: Number(days) } };
  },
  fields: { defaultCurrency: currency, paymentTermsDays: terms, timezone, locale, invoicePrefix: prefix, creditNotePrefix, defaultTemplate: template },
};
