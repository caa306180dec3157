import { readReminderDays } from "#app/billing/reminders.server.ts";
import { updateWorkspaceSettings } from "#app/billing/workspaces.server.ts";
import { oneOf, onOff, text, UsageError, workspaceOption } from "#app/platform/cli/command.ts";
import { command } from "./command.ts";

export const emailSettings = command({
  name: "email settings",
  summary: "The workspace's email settings (shown after any change).",
  options: {
    ...workspaceOption,
    "reply-to": text("ADDRESS|none", "Where the client's replies go (MAIL_FROM when none)"),
    "client-reminders": text("-3,0,1,7,14|on|off", "Reminder emails: days from the due date, or on, off"),
    "attach-pdf": text("on|off", "Attach the invoice PDF"),
    link: text("invoice|portal", "What the email's link opens"),
  },
  async run({ options, io, app }) {
    const schedule = options["client-reminders"];
    const days = schedule && !["on", "off"].includes(schedule) ? readReminderDays(schedule) : undefined;
    if (days === null) throw new UsageError("--client-reminders takes whole days from the due date, such as -3,0,1,7,14 (or on, off).");
    const replyTo = options["reply-to"];
    const changes = {
      emailReplyTo: replyTo === undefined ? undefined : replyTo === "none" ? null : replyTo,
      clientReminders: schedule === "off" ? false : schedule === undefined ? undefined : true,
      clientReminderDays: days,
      emailAttachPdf: onOff(options["attach-pdf"], "attach-pdf"),
      emailLinkScope: oneOf(options.link, "link", ["invoice", "portal"]),
    };
    const workspace = await updateWorkspaceSettings((await app()).db, options.workspace, changes);
    const step = (day: number) => (day < 0 ? `${-day} before` : day === 0 ? "on the day" : `${day} after`);
    io.out(`Email settings of "${workspace.name}":`);
    io.out(`  Reply-To:         ${workspace.emailReplyTo ?? "none (replies go to MAIL_FROM)"}`);
    io.out(`  Client reminders: ${workspace.clientReminders ? workspace.clientReminderDays.map(step).join(", ") : "off"} (days from the due date)`);
    io.out(`  Invoice PDF:      ${workspace.emailAttachPdf ? "attached" : "not attached (the link has it)"}`);
    io.out(`  Link opens:       ${workspace.emailLinkScope === "portal" ? "the client's portal, on the invoice" : "the invoice only"}`);
  },
});
