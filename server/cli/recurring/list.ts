import { listSchedules, scheduleStatuses } from "#app/billing/schedules.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { oneOf } from "#app/platform/cli/command.ts";
import { command } from "../command.ts";
import { describeSchedule } from "./shared.ts";

export const recurringList = command({
  name: "recurring list",
  summary: "List a workspace's recurring invoices with their next date and amount.",
  options: {
    workspace: { type: "string", value: "ID", description: "The workspace", required: true },
    status: { type: "string", value: scheduleStatuses.join("|"), description: "Only schedules in this state" },
  },
  async run({ options, io, app }) {
    const status = oneOf(options.status, "status", scheduleStatuses);
    const { db } = await app();
    const workspace = await getWorkspace(db, options.workspace);
    const schedules = await listSchedules(db, workspace.id, status ? { status: [status] } : {}, 1000);
    if (!schedules.length) io.out("No recurring invoices.");
    for (const schedule of schedules) io.out(describeSchedule(schedule, workspace.locale));
  },
});
