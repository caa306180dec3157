import type { Workspace } from "#app/generated/prisma/client.ts";
import { pauseSchedule, resumeSchedule, setNextAmount, stopSchedule, type ScheduleView } from "#app/billing/schedules.server.ts";
import type { AppContext } from "#app/context.server.ts";
import type { OptionSpecs, OptionValues } from "#app/platform/cli/command.ts";
import { workspaceCommand } from "../command.ts";
import { describeSchedule } from "./shared.ts";
import { flag, text } from "#app/platform/cli/command.ts";

/** A change to one schedule: `remit recurring <verb> SCHEDULE_ID`, then the schedule as it now is, after `done`. */
function scheduleChange<const O extends OptionSpecs>(spec: {
  name: string;
  summary: string;
  options: O;
  done: string;
  change: (call: { context: AppContext; workspace: Workspace; id: string; options: OptionValues<O> }) => Promise<ScheduleView>;
}) {
  return workspaceCommand({
    name: spec.name,
    summary: spec.summary,
    args: ["SCHEDULE_ID"],
    options: spec.options,
    async run({ options, args: [id = ""], io, context, workspace }) {
      io.out(`${spec.done} ${describeSchedule(await spec.change({ context, workspace, id, options }), workspace.locale)}`);
    },
  });
}

export const recurringPause = scheduleChange({
  name: "recurring pause",
  summary: "Pause a recurring invoice: nothing is issued until it is resumed.",
  options: {},
  done: "Paused",
  change: ({ context, workspace, id }) => pauseSchedule(context.db, workspace.id, id),
});

export const recurringResume = scheduleChange({
  name: "recurring resume",
  summary: "Resume a paused recurring invoice from its next date on or after today (dates that fell while paused are skipped).",
  options: {},
  done: "Resumed",
  change: ({ context, workspace, id }) => resumeSchedule(context.db, workspace.id, id, context.now()),
});

export const recurringStop = scheduleChange({
  name: "recurring stop",
  summary: "Stop a recurring invoice for good (its issued invoices stay).",
  options: {},
  done: "Stopped",
  change: ({ context, workspace, id }) => stopSchedule(context.db, workspace.id, id),
});

export const recurringAmount = scheduleChange({
  name: "recurring amount",
  summary: "Bill a different amount (before tax) on the next invoice only; --clear goes back to the template.",
  options: {
    amount: text("AMOUNT", "The next invoice's amount before tax, typed in the workspace's locale (1500.00)"),
    clear: flag("Forget a one-off amount set before"),
  },
  done: "Changed",
  change: ({ context, workspace, id, options: { amount, clear } }) => setNextAmount(context.db, workspace.id, id, clear ? null : (amount ?? null)),
});
