import { readReminderDays } from "#app/billing/reminders.server.ts";
import { input, option, valueId } from "../blocks/kit.ts";
import type { SettingsSection, Values } from "./section.ts";
import { textValue } from "./section.ts";

const reminders = "settings_client_reminders";
const days = "settings_client_reminder_days";
const replyTo = "settings_reply_to";
const attach = "settings_email_attach";
const link = "settings_email_link";

const remindOn = option("Email clients reminders of what they owe", "on");
const attachPdf = option("Attach the invoice PDF to the invoice email", "on");
const links = [option("The invoice", "invoice"), option("The client's portal, on the invoice", "portal")];

const ticked = (values: Values, blockId: string) => (values[blockId]?.[valueId]?.selected_options ?? []).some((selected) => selected.value === "on");

/** The step days as people read them: "-3, 0, 1, 7, 14". */
export const formatReminderDays = (steps: number[]) => steps.join(", ");

/** `/invoice settings` → "Emails to clients": reminders (on or off, and on which days), reply-to, the PDF, the link. */
export const emailSection: SettingsSection = {
  title: "Emails to clients",
  blocks: (workspace) => [
    input({
      blockId: reminders,
      label: "Reminders",
      optional: true,
      element: { type: "checkboxes", action_id: valueId, options: [remindOn], ...(workspace.clientReminders ? { initial_options: [remindOn] } : {}) },
    }),
    input({
      blockId: days,
      label: "Reminder days",
      hint: "Days from the due date: -3 is three days before, 0 the due date, 7 a week late. Each is sent once per invoice, from 9:00 in your timezone.",
      element: { type: "plain_text_input", action_id: valueId, max_length: 60, initial_value: formatReminderDays(workspace.clientReminderDays) },
    }),
    input({
      blockId: replyTo,
      label: "Reply-to address",
      optional: true,
      hint: "Clients' replies to Remit's emails reach this address. Empty: their replies go to the server's sending address.",
      element: { type: "email_text_input", action_id: valueId, ...(workspace.emailReplyTo ? { initial_value: workspace.emailReplyTo } : {}) },
    }),
    input({
      blockId: attach,
      label: "Invoice PDF",
      optional: true,
      element: { type: "checkboxes", action_id: valueId, options: [attachPdf], ...(workspace.emailAttachPdf ? { initial_options: [attachPdf] } : {}) },
    }),
    input({
      blockId: link,
      label: "The emails' button opens",
      element: {
        type: "radio_buttons",
        action_id: valueId,
        options: links,
        initial_option: links.find((candidate) => candidate.value === workspace.emailLinkScope) ?? links[0],
      },
    }),
  ],
  read(values) {
    const value = {
      clientReminders: ticked(values, reminders),
      emailReplyTo: textValue(values, replyTo) || null,
      emailAttachPdf: ticked(values, attach),
      emailLinkScope: (values[link]?.[valueId]?.selected_option?.value ?? "invoice") as "invoice" | "portal",
    };
    const steps = readReminderDays(textValue(values, days));
    if (!steps) return { ok: false, errors: { [days]: "Write whole days from the due date, separated by commas, such as -3, 0, 1, 7, 14." }, value };
    return { ok: true, value: { ...value, clientReminderDays: steps } };
  },
  fields: { clientReminders: reminders, clientReminderDays: days, emailReplyTo: replyTo, emailAttachPdf: attach, emailLinkScope: link },
};
