import { quoteFollowUps, type QuoteFollowUp } from "#app/billing/quote-input.ts";
import type { WorkspaceSettingsInput } from "#app/billing/workspaces.server.ts";
import { option } from "../blocks/kit.ts";
import type { SettingsSection } from "./section.ts";
import { choiceField, chosenValue, numberField, textField, textValue } from "./section.ts";

const prefix = "settings_quote_prefix";
const validity = "settings_quote_validity";
const terms = "settings_quote_terms";
const followUp = "settings_quote_follow_up";

const followUpWords: Record<QuoteFollowUp, string> = {
  invoice: "Make the invoice (or its deposit) and send it",
  draft: "Make a draft invoice for me to check",
  none: "Nothing: I invoice it myself",
};
const followUpOptions = quoteFollowUps.map((value) => option(followUpWords[value], value));

/**
 * `/invoice settings` → "Quotes": what `remit quote settings` sets (docs/quotes.md): the number
 * prefix, how long a quote is valid when made without a date, the terms a client ticks to
 * accept (empty: no box), and what acceptance does. A form without these blocks (an older open
 * modal) leaves them unchanged.
 */
export const quotesSection: SettingsSection = {
  title: "Quotes",
  blocks: (workspace) => [
    textField({ blockId: prefix, label: "Quote number prefix", optional: true, max: 12, initial: workspace.quotePrefix }),
    numberField({
      blockId: validity,
      label: "Quotes are valid for (days)",
      hint: "For a quote made without a valid-until date. The client can accept it until the end of its last day, in your timezone.",
      min: 1,
      max: 365,
      initial: String(workspace.quoteValidityDays),
    }),
    textField({
      blockId: terms,
      label: "Terms the client ticks to accept",
      optional: true,
      hint: "Shown with a box to tick before Accept, and kept with each acceptance. Empty: no box.",
      max: 2000,
      multiline: true,
      initial: workspace.quoteTerms,
    }),
    choiceField({
      blockId: followUp,
      label: "When a client accepts a quote",
      kind: "radio_buttons",
      choices: followUpOptions,
      chosen: workspace.quoteFollowUp,
    }),
  ],
  read(values) {
    const value: WorkspaceSettingsInput = {};
    if (values[prefix]) value.quotePrefix = textValue(values, prefix);
    // Blank clears the terms: acceptance then asks only for the client's name.
    if (values[terms]) value.quoteTerms = textValue(values, terms);
    const chosen = chosenValue(values, followUp);
    if (chosen) value.quoteFollowUp = chosen as QuoteFollowUp;
    if (!values[validity]) return { ok: true, value };
    const days = textValue(values, validity);
    if (!/^\d+$/.test(days)) return { ok: false, errors: { [validity]: "Write a whole number of days, e.g. 30." }, value };
    return { ok: true, value: { ...value, quoteValidityDays: Number(days) } };
  },
  fields: { quotePrefix: prefix, quoteValidityDays: validity, quoteTerms: terms, quoteFollowUp: followUp },
};
