import { setCustomerReminders } from "#app/billing/customers.server.ts";
import { required, UsageError, workspaceOption } from "#app/platform/cli/command.ts";
import { command } from "./command.ts";

export const emailReminders = command({
  name: "email reminders",
  summary: "Turn reminder emails to one client on or off.",
  args: ["on|off"],
  options: {
    ...workspaceOption,
    customer: required("ID", "The client"),
  },
  async run({ options, args: [value], io, app }) {
    if (value !== "on" && value !== "off") throw new UsageError("email reminders takes on or off.");
    await setCustomerReminders((await app()).db, options.workspace, options.customer, value === "on");
    io.out(value === "on" ? "Reminder emails to this client are on." : "Reminder emails to this client are off; invoices and receipts still go.");
  },
});
