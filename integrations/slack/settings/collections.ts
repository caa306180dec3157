import { weekdays } from "#app/billing/digest.server.ts";
import { engagementRuleBounds } from "#app/billing/engagement.ts";
import type { WorkspaceSettingsInput } from "#app/billing/workspaces.server.ts";
import type { Workspace } from "#app/generated/prisma/client.ts";
import { option, type Block } from "../blocks/kit.ts";
import type { SettingsSection } from "./section.ts";
import { choiceField, chosenValue, numberField, textValue } from "./section.ts";

/** Each threshold's block, label and hint; 0 turns its rule off. */
const thresholds = [
  {
    field: "riskUnopenedDays",
    bound: engagementRuleBounds.unopenedDays,
    blockId: "settings_risk_unopened",
    label: "At risk when not opened this many days after sending",
  },
  {
    field: "riskOverdueDays",
    bound: engagementRuleBounds.overdueDays,
    blockId: "settings_risk_overdue",
    label: "At risk when opened but unpaid this many days past due",
  },
  {
    field: "riskRetryHours",
    bound: engagementRuleBounds.retryHours,
    blockId: "settings_risk_retry",
    label: "At risk when a failed payment is not retried within (hours)",
  },
  {
    field: "riskLatePaidDays",
    bound: engagementRuleBounds.latePaidDays,
    blockId: "settings_risk_late_paid",
    label: "At risk when the client paid an earlier invoice more than this many days late",
  },
] as const satisfies readonly { field: keyof WorkspaceSettingsInput & keyof Workspace; bound: { max: number }; blockId: string; label: string }[];

const digestDay = "settings_digest_day";
const digestHour = "settings_digest_hour";

const dayOptions = [option("Off", "0"), ...weekdays.map((name, index) => option(name, String(index + 1)))];
const hourOptions = Array.from({ length: 24 }, (_, hour) => option(`${String(hour).padStart(2, "0")}:00`, String(hour)));

/**
 * `/invoice settings` → "Collections": when an open invoice counts as at risk (the engagement
 * rules' thresholds, 0 = rule off) and when the weekly digest is posted. A form without these
 * blocks (an older open modal) leaves them unchanged.
 */
export const collectionsSection: SettingsSection = {
  title: "Collections",
  blocks: (workspace) => [
    ...thresholds.map(({ field, bound, blockId, label }): Block =>
      numberField({ blockId, label, hint: `0 turns this rule off. At most ${bound.max}.`, min: 0, max: bound.max, initial: String(workspace[field]) }),
    ),
    choiceField({
      blockId: digestDay,
      label: "Weekly collections digest",
      hint: "Posted to the alert channel: what came in, what is due this week, what is at risk.",
      kind: "static_select",
      choices: dayOptions,
      chosen: String(workspace.digestWeekday),
      otherwise: dayOptions[1],
    }),
    choiceField({
      blockId: digestHour,
      label: "Digest time (your timezone)",
      kind: "static_select",
      choices: hourOptions,
      chosen: String(workspace.digestHour),
      otherwise: hourOptions[9],
    }),
  ],
  read(values) {
    const value: WorkspaceSettingsInput = {};
    const errors: Record<string, string> = {};
    for (const { field, bound, blockId } of thresholds) {
      if (!values[blockId]) continue;
      const text = textValue(values, blockId);
      if (!/^\d+$/.test(text) || Number(text) > bound.max) errors[blockId] = `Write a whole number from 0 to ${bound.max}.`;
      else value[field] = Number(text);
    }
    const day = chosenValue(values, digestDay);
    if (day !== undefined) value.digestWeekday = Number(day);
    const hour = chosenValue(values, digestHour);
    if (hour !== undefined) value.digestHour = Number(hour);
    return Object.keys(errors).length ? { ok: false, errors, value } : { ok: true, value };
  },
  fields: {
    ...Object.fromEntries(thresholds.map(({ field, blockId }) => [field, blockId])),
    digestWeekday: digestDay,
    digestHour,
  },
};
