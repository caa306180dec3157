import { pauseSchedule, resumeSchedule, setNextAmount, stopSchedule } from "#app/billing/schedules.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { command } from "../command.ts";
import { describeSchedule } from "./shared.ts";
import { workspaceOption } from "#app/platform/cli/command.ts";

const options = {
  ...workspaceOption,
} as const;

export const recurringPause = command({
  name: "recurring pause",
  summary: "Pause a recurring invoice: nothing is issued until it is resumed.",
  args: ["SCHEDULE_ID"],
  options,
  async run({ options: { workspace }, args: [id = ""], io, app }) {
    const { db } = await app();
    const ws = await getWorkspace(db, workspace);
    io.out(`Paused ${describeSchedule(await pauseSchedule(db, ws.id, id), ws.locale)}`);
  },
});

export const recurringResume = command({
  name: "recurring resume",
  summary: "Resume a paused recurring invoice from its next date on or after today (dates that fell while paused are skipped).",
  args: ["SCHEDULE_ID"],
  options,
  async run({ options: { workspace }, args: [id = ""], io, app }) {
    const { db, now } = await app();
    const ws = await getWorkspace(db, workspace);
    io.out(`Resumed ${describeSchedule(await resumeSchedule(db, ws.id, id, now()), ws.locale)}`);
  },
});

export const recurringStop = command({
  name: "recurring stop",
  summary: "Stop a recurring invoice for good (its issued invoices stay).",
  args: ["SCHEDULE_ID"],
  options,
  async run({ options: { workspace }, args: [id = ""], io, app }) {
    const { db } = await app();
    const ws = await getWorkspace(db, workspace);
    io.out(`Stopped ${describeSchedule(await stopSchedule(db, ws.id, id), ws.locale)}`);
  },
});

export const recurringAmount = command({
  name: "recurring amount",
  summary: "Bill a different amount (before tax) on the next invoice only; --clear goes back to the template.",
  args: ["SCHEDULE_ID"],
  options: {
    ...options,
    amount: { type: "string", value: "AMOUNT", description: "The next invoice's amount before tax, typed in the workspace's locale (1500.00)" },
    clear: { type: "boolean", description: "Forget a one-off amount set before" },
  },
  async run({ options: { workspace, amount, clear }, args: [id = ""], io, app }) {
    const { db } = await app();
    const ws = await getWorkspace(db, workspace);
    const schedule = await setNextAmount(db, ws.id, id, clear ? null : (amount ?? null));
    io.out(`Changed ${describeSchedule(schedule, ws.locale)}`);
  },
});
