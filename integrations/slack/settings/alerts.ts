import { input, plain, valueId } from "../blocks/kit.ts";
import type { SettingsSection } from "./section.ts";
import { textField, textValue } from "./section.ts";

const channel = "settings_alert_channel";
const reminders = "settings_reminder_days";

export const alertsSection: SettingsSection = {
  title: "Alerts",
  blocks: (workspace) => [
    input({
      blockId: channel,
      label: "Alert channel",
      optional: true,
      hint: "Views, payments and late invoices are posted here. For a private channel, invite @Remit first.",
      element: {
        type: "conversations_select",
        action_id: valueId,
        placeholder: plain("Choose a channel"),
        filter: { include: ["public", "private"], exclude_bot_users: true },
        ...(workspace.alertChannelId ? { initial_conversation: workspace.alertChannelId } : {}),
      },
    }),
    textField({
      blockId: reminders,
      label: "Remind the team when an invoice is this many days late",
      optional: true,
      hint: "Comma-separated days, e.g. 1, 7, 14. Day 1 always counts.",
      initial: workspace.reminderDays.join(", "),
    }),
  ],
  read(values) {
    const days = textValue(values, reminders);
    const alertChannelId = values[channel]?.[valueId]?.selected_conversation ?? null;
    if (days && !/^\d+(\s*,\s*\d+)*$/.test(days))
      return { ok: false, errors: { [reminders]: "Write whole numbers of days separated by commas, e.g. 1, 7, 14." }, value: { alertChannelId } };
    return { ok: true, value: { alertChannelId, reminderDays: days ? days.split(",").map((day) => Number(day.trim())) : [] } };
  },
  fields: { alertChannelId: channel, reminderDays: reminders },
};
