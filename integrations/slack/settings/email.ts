import { readReminderDays } from "#app/billing/reminders.server.ts";
import { option } from "../blocks/kit.ts";
import type { SettingsSection } from "./section.ts";
import { choiceField, chosenValue, emailField, textField, textValue, tickField, ticked } from "./section.ts";

const reminders = "settings_client_reminders";
const days = "settings_client_reminder_days";
const replyTo = "settings_reply_to";
const attach = "settings_email_attach";
const link = "settings_email_link";

const remindOn = option("Email clients reminders of what they owe", "on");
const attachPdf = option("Attach the invoice PDF to the invoice email", "on");
const links = [option("The invoice", "invoice"), option("The client's portal, on the invoice", "portal")];

/** The step days as people read them: "-3, 0, 1, 7, 14". */
export const formatReminderDays = (steps: number[]) => steps.join(", ");

/** `/invoice settings` → "Emails to clients": reminders (on or off, and on which days), reply-to, the PDF, the link. */
export const emailSection: SettingsSection = {
  title: "Emails to clients",
  blocks: (workspace) => [
    tickField({ blockId: reminders, label: "Reminders", optional: true, choice: remindOn, on: workspace.clientReminders }),
    textField({
      blockId: days,
      label: "Reminder days",
      hint: "Days from the due date: -3 is three days before, 0 the due date, 7 a week late. Each is sent once per invoice, from 9:00 in your timezone.",
      max: 60,
      initial: formatReminderDays(workspace.clientReminderDays),
    }),
    emailField({
      blockId: replyTo,
      label: "Reply-to address",
      optional: true,
      hint: "Clients' replies to Remit's emails reach this address. Empty: their replies go to the server's sending address.",
      initial: workspace.emailReplyTo,
    }),
    tickField({ blockId: attach, label: "Invoice PDF", optional: true, choice: attachPdf, on: workspace.emailAttachPdf }),
    choiceField({ blockId: link, label: "The emails' button opens", kind: "radio_buttons", choices: links, chosen: workspace.emailLinkScope }),
  ],
  read(values) {
    const value = {
      clientReminders: ticked(values, reminders, remindOn),
      emailReplyTo: textValue(values, replyTo) || null,
      emailAttachPdf: ticked(values, attach, attachPdf),
      emailLinkScope: (chosenValue(values, link) ?? "invoice") as "invoice" | "portal",
    };
    const steps = readReminderDays(textValue(values, days));
    if (!steps) return { ok: false, errors: { [days]: "Write whole days from the due date, separated by commas, such as -3, 0, 1, 7, 14." }, value };
    return { ok: true, value: { ...value, clientReminderDays: steps } };
  },
  fields: { clientReminders: reminders, clientReminderDays: days, emailReplyTo: replyTo, emailAttachPdf: attach, emailLinkScope: link },
};
