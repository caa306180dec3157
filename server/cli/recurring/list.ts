import { listSchedules, scheduleStatuses } from "#app/billing/schedules.server.ts";
import { listCommand } from "../command.ts";
import { describeSchedule } from "./shared.ts";

export const recurringList = listCommand({
  name: "recurring list",
  summary: "List a workspace's recurring invoices with their next date and amount.",
  statuses: scheduleStatuses,
  statusHelp: "Only schedules in this state",
  none: "No recurring invoices.",
  list: (db, workspaceId, status) => listSchedules(db, workspaceId, status ? { status: [status] } : {}, 1000),
  line: (schedule, workspace) => describeSchedule(schedule, workspace.locale),
});
