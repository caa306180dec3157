import { parseAmount } from "#app/billing/money.ts";
import { majorAmount } from "../format.ts";
import { option } from "../blocks/kit.ts";
import type { SettingsSection } from "./section.ts";
import { numberField, textValue, tickField, ticked } from "./section.ts";

const partial = "settings_partial";
const minimum = "settings_partial_minimum";
const allow = option("Clients may pay part of an invoice", "allow");

export const paymentsSection: SettingsSection = {
  title: "Partial payments",
  blocks: (workspace) => [
    tickField({ blockId: partial, label: "Partial payments", optional: true, choice: allow, on: workspace.allowPartialPayments }),
    numberField({
      blockId: minimum,
      label: `Smallest part a client may pay (${workspace.defaultCurrency})`,
      optional: true,
      decimal: true,
      min: 0,
      initial: workspace.minimumPartialAmount ? majorAmount(workspace.minimumPartialAmount, workspace.defaultCurrency) : null,
    }),
  ],
  read(values, workspace) {
    const text = textValue(values, minimum);
    // Slack's number input always writes a plain decimal ("50.5"), whatever the person's language.
    const typed = text ? parseAmount(text, workspace.defaultCurrency, "en-US") : null;
    if (typed && !typed.ok) return { ok: false, errors: { [minimum]: typed.error } };
    return { ok: true, value: { allowPartialPayments: ticked(values, partial, allow), minimumPartialAmount: typed?.ok ? typed.amount : null } };
  },
  fields: { allowPartialPayments: partial, minimumPartialAmount: minimum },
};
