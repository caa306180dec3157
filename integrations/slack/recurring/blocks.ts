import type { types } from "@slack/bolt";
import type { AllocatedPart } from "#app/billing/instalments.ts";
import type { ScheduleView } from "#app/billing/schedules.server.ts";
import { frequencies, type Frequency } from "#app/billing/schedule-dates.ts";
import { day, escape, money } from "../format.ts";
import { actionsBlock, button, context, input, option, plain, section, type Block, type Button } from "../blocks/kit.ts";
import { planActions, planViews } from "./ids.ts";

const partState: Record<AllocatedPart["state"], string> = { paid: "paid", due: "next", overdue: "late", upcoming: "scheduled" };

/** "Instalments: 1. $300.00 due Nov 21 · paid  2. …" on the invoice's message. */
export function instalmentsText(parts: readonly AllocatedPart[], currency: string, locale: string): string {
  const lines = parts.map((part) => {
    const paid = part.paid > 0 && part.remaining > 0 ? `, ${money(part.paid, currency, locale)} paid` : "";
    const late = part.state === "overdue" ? ` ${part.daysLate} ${part.daysLate === 1 ? "day" : "days"}` : "";
    return `${part.position}. ${money(part.amount, currency, locale)} due ${day(part.dueDate, locale)} · ${partState[part.state]}${late}${paid}`;
  });
  return `*Instalments*\n${lines.join("\n")}`;
}

/** "Made by the recurring invoice Monthly retainer (no. 3)". */
export function scheduleNote(schedule: { name: string; occurrence: number }): string {
  return `:repeat: From the recurring invoice *${escape(schedule.name)}* (no. ${schedule.occurrence})`;
}

/** The invoice message's buttons for payment plans: split into instalments (while something is due) and repeat it. */
export function planButtons(invoiceId: string, payable: boolean): Button[] {
  return [
    ...(payable ? [button("Instalments", { actionId: planActions.split, value: invoiceId })] : []),
    button("Make recurring", { actionId: planActions.makeRecurring, value: invoiceId }),
  ];
}

const frequencyWords: Record<Frequency, string> = { weekly: "Weekly", monthly: "Monthly", quarterly: "Every 3 months", yearly: "Yearly" };

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** "Monthly on the 31st (the last day of shorter months)". */
export function cadence(schedule: Pick<ScheduleView, "frequency" | "dayOfMonth" | "startDate">, locale: string): string {
  const frequency = schedule.frequency as Frequency;
  if (frequency === "weekly") return `Weekly on ${new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(schedule.startDate)}s`;
  const dayOfMonth = schedule.dayOfMonth ?? schedule.startDate.getUTCDate();
  return `${frequencyWords[frequency]} on the ${ordinal(dayOfMonth)}${dayOfMonth > 28 ? " (the last day of shorter months)" : ""}`;
}

const statusWords: Record<string, string> = {
  active: ":large_green_circle: Active",
  paused: ":double_vertical_bar: Paused",
  stopped: ":black_square_for_stop: Stopped",
  finished: ":checkered_flag: Finished",
};

/** How many schedules one message shows: two blocks each, under Slack's 50. */
export const schedulesShown = 20;

/** `/invoice recurring`: each schedule with its next date and amount, and buttons to pause, resume, change or stop it. */
export function scheduleList(schedules: readonly ScheduleView[], locale: string): { text: string; blocks: Block[] } {
  if (!schedules.length) {
    return {
      text: "No recurring invoices yet.",
      blocks: [section("*No recurring invoices yet.* Press *Make recurring* on an invoice's message to issue one like it every week, month, quarter or year.")],
    };
  }
  const blocks: Block[] = [section(`*Recurring invoices* (${schedules.length})`)];
  for (const schedule of schedules.slice(0, schedulesShown)) {
    const next = schedule.nextDate
      ? `Next *${day(schedule.nextDate, locale)}* for *${money(schedule.nextTotal, schedule.currency, locale)}*${schedule.nextAmount !== null ? " (one-off amount)" : ""}`
      : "No next invoice";
    const ends = schedule.endAfter
      ? ` · ${schedule.issuedCount} of ${schedule.endAfter} issued`
      : schedule.endDate
        ? ` · until ${day(schedule.endDate, locale)}`
        : ` · ${schedule.issuedCount} issued`;
    blocks.push(
      section(
        `*${escape(schedule.name)}* · ${escape(schedule.customer.name)} · ${statusWords[schedule.status] ?? schedule.status}\n${cadence(schedule, locale)} · ${next}${ends}`,
      ),
    );
    const buttons: Button[] = [];
    if (schedule.status === "active") buttons.push(button("Pause", { actionId: planActions.pause, value: schedule.id }));
    if (schedule.status === "paused") buttons.push(button("Resume", { actionId: planActions.resume, value: schedule.id, style: "primary" }));
    if (schedule.status === "active" || schedule.status === "paused") {
      buttons.push(
        button("Next amount", { actionId: planActions.nextAmount, value: schedule.id }),
        button("Stop", {
          actionId: planActions.stop,
          value: schedule.id,
          style: "danger",
          confirm: {
            title: "Stop this recurring invoice?",
            text: `No more invoices are issued for ${escape(schedule.name)}. Those already issued stay as they are.`,
            confirm: "Stop",
          },
        }),
      );
      blocks.push(actionsBlock(buttons, `schedule_${schedule.id}`));
    }
  }
  if (schedules.length > schedulesShown) blocks.push(context(`The first ${schedulesShown} of ${schedules.length}; \`remit recurring list\` shows all.`));
  return { text: `Recurring invoices (${schedules.length})`, blocks };
}

export const scheduleBlock = {
  name: "recurring_name",
  frequency: "recurring_frequency",
  day: "recurring_day",
  start: "recurring_start",
  endAfter: "recurring_end_after",
  endDate: "recurring_end_date",
} as const;

/** "Make recurring": repeat an invoice's lines for its client on a schedule. */
export function scheduleModal(values: { invoiceId: string; summary: string; name: string; start: string; dayOfMonth: number }): types.ModalView {
  const choices = frequencies.map((frequency) => option(frequencyWords[frequency], frequency));
  return {
    type: "modal",
    callback_id: planViews.schedule,
    title: plain("Make recurring"),
    submit: plain("Create schedule"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ invoiceId: values.invoiceId }),
    blocks: [
      context(`${values.summary} Each invoice has the same lines, is numbered, issued and emailed to the client on its day.`),
      input({
        blockId: scheduleBlock.name,
        label: "Name",
        element: { type: "plain_text_input", action_id: "value", max_length: 120, initial_value: values.name },
      }),
      input({
        blockId: scheduleBlock.frequency,
        label: "Every",
        element: { type: "static_select", action_id: "value", options: choices, initial_option: choices[1] },
      }),
      input({
        blockId: scheduleBlock.day,
        label: "Day of the month",
        optional: true,
        hint: "Monthly, quarterly and yearly: 1 to 31; a shorter month takes its last day. Weekly repeats the start's weekday.",
        element: {
          type: "number_input",
          action_id: "value",
          is_decimal_allowed: false,
          min_value: "1",
          max_value: "31",
          initial_value: String(values.dayOfMonth),
        },
      }),
      input({
        blockId: scheduleBlock.start,
        label: "First invoice on or after",
        element: { type: "datepicker", action_id: "value", initial_date: values.start },
      }),
      input({
        blockId: scheduleBlock.endAfter,
        label: "End after (invoices)",
        optional: true,
        hint: "Leave both ends empty to go on until you stop it.",
        element: { type: "number_input", action_id: "value", is_decimal_allowed: false, min_value: "1", max_value: "1000" },
      }),
      input({ blockId: scheduleBlock.endDate, label: "Or end on", optional: true, element: { type: "datepicker", action_id: "value" } }),
    ],
  };
}

export const amountBlock = "recurring_next_amount";

/** "Next amount": a one-off amount before tax for the next invoice only. */
export function nextAmountModal(values: { scheduleId: string; summary: string; currency: string; current: string }): types.ModalView {
  return {
    type: "modal",
    callback_id: planViews.nextAmount,
    title: plain("Next amount"),
    submit: plain("Save"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ scheduleId: values.scheduleId }),
    blocks: [
      context(
        `${values.summary} The next invoice bills its first line's product once at this amount (before tax); the one after goes back to the usual lines.`,
      ),
      input({
        blockId: amountBlock,
        label: `Amount before tax (${values.currency})`,
        optional: true,
        hint: "Leave it empty to bill the usual lines.",
        element: { type: "plain_text_input", action_id: "value", max_length: 50, ...(values.current ? { initial_value: values.current } : {}) },
      }),
    ],
  };
}

/** How many parts the Slack form offers (the CLI takes up to twelve). */
export const partRows = 4;
export const partBlock = (index: number, field: "amount" | "due") => `instalment_${index}_${field}`;

/** "Instalments": up to four parts with their amounts and due dates, summing to the total. */
export function splitModal(values: { invoiceId: string; summary: string; currency: string; parts: { amount: string; due: string }[] }): types.ModalView {
  const blocks: Block[] = [context(`${values.summary} The parts must add up to the total exactly; the client pays them in order from the portal.`)];
  for (let index = 0; index < partRows; index++) {
    const part = values.parts[index];
    blocks.push(
      input({
        blockId: partBlock(index, "amount"),
        label: `Part ${index + 1} (${values.currency})`,
        optional: index >= 2,
        element: { type: "plain_text_input", action_id: "value", max_length: 50, ...(part ? { initial_value: part.amount } : {}) },
      }),
      input({
        blockId: partBlock(index, "due"),
        label: `Part ${index + 1} due`,
        optional: index >= 2,
        element: { type: "datepicker", action_id: "value", ...(part ? { initial_date: part.due } : {}) },
      }),
    );
  }
  return {
    type: "modal",
    callback_id: planViews.split,
    title: plain("Instalments"),
    submit: plain("Split invoice"),
    close: plain("Cancel"),
    private_metadata: JSON.stringify({ invoiceId: values.invoiceId }),
    blocks,
  };
}

/** What the person sees once the schedule exists. */
export function scheduleCreatedView(schedule: ScheduleView, locale: string): types.ModalView {
  const next = schedule.nextDate
    ? `The first invoice is issued on *${day(schedule.nextDate, locale)}* for *${money(schedule.nextTotal, schedule.currency, locale)}*.`
    : "";
  return {
    type: "modal",
    title: plain("Recurring invoice"),
    close: plain("Done"),
    blocks: [
      section(`*${escape(schedule.name)}* is set up: ${cadence(schedule, locale)}. ${next}`),
      context("`/invoice recurring` lists your schedules with buttons to pause, change or stop them."),
    ],
  };
}
