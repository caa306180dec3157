import { pauseSchedule, resumeSchedule, setNextAmount, stopSchedule, type ScheduleView } from "#app/billing/schedules.server.ts";
import { flag, text, type NoOptions, type OptionSpecs, type OptionValues } from "#app/platform/cli/command.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { workspaceCommand } from "../command.ts";
import { describeSchedule } from "./shared.ts";

/**
 * A change to one schedule: `remit recurring <verb> SCHEDULE_ID`, made by billing's `change`
 * (given the command's own options last), then the schedule as it now is, after `done`.
 */
function scheduleChange<const O extends OptionSpecs = NoOptions>(spec: {
  name: string;
  summary: string;
  options?: O;
  done: string;
  change: (db: Db, workspaceId: string, id: string, now: Date, options: OptionValues<O>) => Promise<ScheduleView>;
}) {
  return workspaceCommand({
    name: spec.name,
    summary: spec.summary,
    args: ["SCHEDULE_ID"],
    options: spec.options,
    async run({ options, args: [id = ""], io, context, workspace }) {
      io.out(`${spec.done} ${describeSchedule(await spec.change(context.db, workspace.id, id, context.now(), options), workspace.locale)}`);
    },
  });
}

export const recurringPause = scheduleChange({
  name: "recurring pause",
  summary: "Pause a recurring invoice: nothing is issued until it is resumed.",
  done: "Paused",
  change: pauseSchedule,
});

export const recurringResume = scheduleChange({
  name: "recurring resume",
  summary: "Resume a paused recurring invoice from its next date on or after today (dates that fell while paused are skipped).",
  done: "Resumed",
  change: resumeSchedule,
});

export const recurringStop = scheduleChange({
  name: "recurring stop",
  summary: "Stop a recurring invoice for good (its issued invoices stay).",
  done: "Stopped",
  change: stopSchedule,
});

export const recurringAmount = scheduleChange({
  name: "recurring amount",
  summary: "Bill a different amount (before tax) on the next invoice only; --clear goes back to the template.",
  options: {
    amount: text("AMOUNT", "The next invoice's amount before tax, typed in the workspace's locale (1500.00)"),
    clear: flag("Forget a one-off amount set before"),
  },
  done: "Changed",
  change: (db, workspaceId, id, _now, { amount, clear }) => setNextAmount(db, workspaceId, id, clear ? null : (amount ?? null)),
});
