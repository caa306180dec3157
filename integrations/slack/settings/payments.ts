import { parseAmount } from "#app/billing/money.ts";
import { majorAmount } from "../format.ts";
import { input, option, valueId } from "../blocks/kit.ts";
import type { SettingsSection } from "./section.ts";
import { textValue } from "./section.ts";

const partial = "settings_partial";
const minimum = "settings_partial_minimum";
const allow = option("Clients may pay part of an invoice", "allow");

export const paymentsSection: SettingsSection = {
  title: "Partial payments",
  blocks: (workspace) => [
    input({
      blockId: partial,
      label: "Partial payments",
      optional: true,
      element: { type: "checkboxes", action_id: valueId, options: [allow], ...(workspace.allowPartialPayments ? { initial_options: [allow] } : {}) },
    }),
    input({
      blockId: minimum,
      label: `Smallest part a client may pay (${workspace.defaultCurrency})`,
      optional: true,
      element: {
        type: "number_input",
        action_id: valueId,
        is_decimal_allowed: true,
        min_value: "0",
        ...(workspace.minimumPartialAmount ? { initial_value: majorAmount(workspace.minimumPartialAmount, workspace.defaultCurrency) } : {}),
      },
    }),
  ],
  read(values, workspace) {
    const text = textValue(values, minimum);
    // Slack's number input always writes a plain decimal ("50.5"), whatever the person's language.
    const typed = text ? parseAmount(text, workspace.defaultCurrency, "en-US") : null;
    if (typed && !typed.ok) return { ok: false, errors: { [minimum]: typed.error } };
    const amount = typed?.ok ? typed.amount : null;
    return {
      ok: true,
      value: {
        allowPartialPayments: (values[partial]?.[valueId]?.selected_options ?? []).some((selected) => selected.value === allow.value),
        minimumPartialAmount: amount,
      },
    };
  },
  fields: { allowPartialPayments: partial, minimumPartialAmount: minimum },
};
