import { z } from "zod";
import { ValidationError } from "#app/billing/errors.ts";
import { splitInvoice } from "#app/billing/instalments.server.ts";
import { balanceDue } from "#app/billing/invoice-math.ts";
import { getInvoice } from "#app/billing/invoices.server.ts";
import { formatAmountInput, parseAmount } from "#app/billing/money.ts";
import { frequencies, type Frequency } from "#app/billing/schedule-dates.ts";
import { getSchedule, listSchedules, pauseSchedule, resumeSchedule, scheduleFromInvoice, setNextAmount, stopSchedule } from "#app/billing/schedules.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { addDays, calendarDateIn, formatCalendarDate } from "#app/platform/calendar.ts";
import { addMonths } from "#app/billing/instalments.ts";
import { valueId } from "../blocks/kit.ts";
import { openView } from "../calls.ts";
import { escape, money } from "../format.ts";
import { refreshInvoiceMessage } from "../invoice-card.ts";
import { carried, errorsOnForm, formErrors, guardedButton, refusedOnForm, slackActor } from "../listeners/support.ts";
import type { ButtonListener, Deps, Message, RemitBolt, ViewListener } from "../listeners/support.ts";
import { amountBlock, nextAmountModal, partBlock, partRows, scheduleBlock, scheduleCreatedView, scheduleList, scheduleModal, splitModal } from "./blocks.ts";
import { planActions, planViews } from "./ids.ts";

/** `/invoice recurring`: the workspace's schedules, only to the person who asked. */
export async function recurringList(deps: Deps, workspaceId: string): Promise<Message> {
  const workspace = await getWorkspace(deps.remit.db, workspaceId);
  return scheduleList(await listSchedules(deps.remit.db, workspaceId), workspace.locale);
}

/**
 * A button whose value is an invoice's or a schedule's id. A schedule issues invoices by itself:
 * changing one takes the right to issue (decision 150).
 */
const idButton = (deps: Deps, act: Parameters<typeof guardedButton>[2]) => guardedButton(deps, "issue", act);

/** Pause, Resume, Stop on the list: the change, then the list redrawn in place. */
function scheduleChange(deps: Deps, change: (workspaceId: string, id: string) => Promise<unknown>): ButtonListener {
  return idButton(deps, async ({ workspaceId, id, respond, body, reply }) => {
    await change(workspaceId, id);
    const list = await recurringList(deps, workspaceId);
    if (body.response_url) await respond({ response_type: "ephemeral", replace_original: true, ...list });
    else await reply(list);
  });
}

/** "Make recurring" on an invoice's message: the form, its start on the same day of the next month. */
const makeRecurring = (deps: Deps) =>
  idButton(deps, async ({ workspaceId, id, body, client }) => {
    const [invoice, workspace] = await Promise.all([getInvoice(deps.remit.db, workspaceId, id), getWorkspace(deps.remit.db, workspaceId)]);
    const today = calendarDateIn(deps.remit.now(), workspace.timezone);
    const start = addMonths(invoice.issueDate > today ? invoice.issueDate : today, 1);
    await openView(
      client,
      body.trigger_id,
      scheduleModal({
        invoiceId: invoice.id,
        summary: `Repeat *${invoice.number}* for *${escape(invoice.customer.name)}* (${money(invoice.total, invoice.currency, workspace.locale)}).`,
        name: `${invoice.customer.name}, monthly`.slice(0, 120),
        start: formatCalendarDate(start),
        dayOfMonth: start.getUTCDate(),
      }),
    );
  });

/** Creates the schedule from the invoice; mistakes go back to the form's fields. */
const scheduleSubmit =
  (deps: Deps): ViewListener =>
  async (args) => {
    const { ack, view, context, body } = args;
    const errors = formErrors(ack);
    if (await refusedOnForm(deps, args, "issue", scheduleBlock.name)) return;
    const target = carried(z.object({ invoiceId: z.string() }), view.private_metadata);
    if (!target) return errors({ [scheduleBlock.name]: "This form is out of date; press Make recurring again." });
    const values = view.state.values;
    const read = (block: string) => values[block]?.[valueId];
    const frequency = read(scheduleBlock.frequency)?.selected_option?.value ?? "monthly";
    const number = (block: string) => {
      const text = read(block)?.value;
      return text ? Number(text) : null;
    };
    const fieldOf: Record<string, string> = {
      name: scheduleBlock.name,
      frequency: scheduleBlock.frequency,
      dayOfMonth: scheduleBlock.day,
      startDate: scheduleBlock.start,
      endAfter: scheduleBlock.endAfter,
      endDate: scheduleBlock.endDate,
    };
    try {
      const created = await scheduleFromInvoice(
        deps.remit.db,
        context.workspaceId,
        target.invoiceId,
        {
          name: read(scheduleBlock.name)?.value ?? null,
          frequency: (frequencies as readonly string[]).includes(frequency) ? (frequency as Frequency) : "monthly",
          dayOfMonth: number(scheduleBlock.day),
          startDate: read(scheduleBlock.start)?.selected_date ?? undefined,
          endAfter: number(scheduleBlock.endAfter),
          endDate: read(scheduleBlock.endDate)?.selected_date ?? null,
        },
        deps.remit.now(),
        slackActor(body.user.id),
      );
      const workspace = await getWorkspace(deps.remit.db, context.workspaceId);
      return ack({ response_action: "update", view: scheduleCreatedView(await getSchedule(deps.remit.db, context.workspaceId, created.id), workspace.locale) });
    } catch (error) {
      if (error instanceof ValidationError) {
        const found: Record<string, string> = {};
        for (const [field, message] of Object.entries(error.issues)) {
          const block = fieldOf[field] ?? scheduleBlock.name;
          found[block] ??= field in fieldOf ? message : `${field}: ${message}`;
        }
        return errors(found);
      }
      return errors(errorsOnForm(error, scheduleBlock.name));
    }
  };

/** "Next amount" on the list: the form with the one-off amount set, if any. */
const nextAmount = (deps: Deps) =>
  idButton(deps, async ({ workspaceId, id, body, client }) => {
    const [schedule, workspace] = await Promise.all([getSchedule(deps.remit.db, workspaceId, id), getWorkspace(deps.remit.db, workspaceId)]);
    await openView(
      client,
      body.trigger_id,
      nextAmountModal({
        scheduleId: schedule.id,
        summary: `*${escape(schedule.name)}* for *${escape(schedule.customer.name)}*.`,
        currency: schedule.currency,
        current: schedule.nextAmount === null ? "" : formatAmountInput(schedule.nextAmount, schedule.currency, workspace.locale),
      }),
    );
  });

const nextAmountSubmit =
  (deps: Deps): ViewListener =>
  async (args) => {
    const { ack, view, context } = args;
    const errors = (message: string) => formErrors(ack)({ [amountBlock]: message });
    if (await refusedOnForm(deps, args, "issue", amountBlock)) return;
    const target = carried(z.object({ scheduleId: z.string() }), view.private_metadata);
    if (!target) return errors("This form is out of date; press Next amount again.");
    const workspace = await getWorkspace(deps.remit.db, context.workspaceId);
    const typed = view.state.values[amountBlock]?.[valueId]?.value?.trim() ?? "";
    try {
      // Typed in the vendor's own locale, as every amount in Slack.
      const schedule = await getSchedule(deps.remit.db, context.workspaceId, target.scheduleId);
      const parsed = typed ? parseAmount(typed, schedule.currency, workspace.locale) : null;
      if (parsed && !parsed.ok) return errors(parsed.error);
      await setNextAmount(deps.remit.db, context.workspaceId, schedule.id, parsed?.ok ? parsed.amount : null);
      return ack();
    } catch (error) {
      return formErrors(ack)(errorsOnForm(error, amountBlock));
    }
  };

/** "Instalments" on an invoice's message: a deposit of half now and the rest on the due date, to change as needed. */
const split = (deps: Deps) =>
  idButton(deps, async ({ workspaceId, id, body, client }) => {
    const [invoice, workspace] = await Promise.all([getInvoice(deps.remit.db, workspaceId, id), getWorkspace(deps.remit.db, workspaceId)]);
    const parts = await deps.remit.db.instalment.findMany({ where: { invoiceId: invoice.id }, orderBy: { position: "asc" } });
    const today = calendarDateIn(deps.remit.now(), workspace.timezone);
    const amount = (value: number) => formatAmountInput(value, invoice.currency, workspace.locale);
    const deposit = Math.ceil(invoice.total / 2);
    const proposed = parts.length
      ? parts.map((part) => ({ amount: amount(part.amount), due: formatCalendarDate(part.dueDate) }))
      : [
          { amount: amount(deposit), due: formatCalendarDate(invoice.issueDate > today ? invoice.issueDate : today) },
          {
            amount: amount(invoice.total - deposit),
            due: formatCalendarDate(invoice.dueDate > today ? invoice.dueDate : addDays(today, workspace.paymentTermsDays)),
          },
        ];
    const left =
      balanceDue(invoice) < invoice.total
        ? ` ${money(invoice.amountPaid, invoice.currency, workspace.locale)} is paid already and covers the first parts.`
        : "";
    await openView(
      client,
      body.trigger_id,
      splitModal({
        invoiceId: invoice.id,
        summary: `*${invoice.number}* for *${escape(invoice.customer.name)}*: ${money(invoice.total, invoice.currency, workspace.locale)} in total.${left}`,
        currency: invoice.currency,
        parts: proposed,
      }),
    );
  });

const splitSubmit =
  (deps: Deps): ViewListener =>
  async (args) => {
    const { ack, view, context, client } = args;
    const first = partBlock(0, "amount");
    const errors = formErrors(ack);
    if (await refusedOnForm(deps, args, "issue", first)) return;
    const target = carried(z.object({ invoiceId: z.string() }), view.private_metadata);
    if (!target) return errors({ [first]: "This form is out of date; press Instalments again." });
    const values = view.state.values;
    const rows: { amount: string; dueDate: string; row: number }[] = [];
    const missing: Record<string, string> = {};
    for (let row = 0; row < partRows; row++) {
      const amount = values[partBlock(row, "amount")]?.[valueId]?.value?.trim() ?? "";
      const due = values[partBlock(row, "due")]?.[valueId]?.selected_date ?? "";
      if (!amount && !due) continue;
      if (!amount) missing[partBlock(row, "amount")] = "Give this part's amount, or clear its date.";
      if (!due) missing[partBlock(row, "due")] = "Pick when this part is due.";
      rows.push({ amount, dueDate: due, row });
    }
    if (Object.keys(missing).length) return errors(missing);
    const workspace = await getWorkspace(deps.remit.db, context.workspaceId);
    try {
      await splitInvoice(
        deps.remit.db,
        { workspaceId: context.workspaceId, invoiceId: target.invoiceId, parts: rows, locale: workspace.locale },
        deps.remit.now(),
      );
    } catch (error) {
      const blockOf = (field: string) => {
        const [, index, which] = /^parts\.(\d+)\.(amount|dueDate)$/.exec(field) ?? [];
        const row = index === undefined ? undefined : rows[Number(index)]?.row;
        return row === undefined ? first : partBlock(row, which === "dueDate" ? "due" : "amount");
      };
      return errors(errorsOnForm(error, first, blockOf));
    }
    await ack();
    // The invoice's message shows the parts from now on.
    const invoice = await getInvoice(deps.remit.db, context.workspaceId, target.invoiceId);
    await refreshInvoiceMessage(client, deps.remit, invoice, workspace);
  };

/** Recurring invoices and instalments in Slack: their buttons and forms. */
export function registerRecurring(app: RemitBolt, deps: Deps): void {
  const { db } = deps.remit;
  app.action(
    planActions.pause,
    scheduleChange(deps, (workspaceId, id) => pauseSchedule(db, workspaceId, id)),
  );
  app.action(
    planActions.resume,
    scheduleChange(deps, (workspaceId, id) => resumeSchedule(db, workspaceId, id, deps.remit.now())),
  );
  app.action(
    planActions.stop,
    scheduleChange(deps, (workspaceId, id) => stopSchedule(db, workspaceId, id)),
  );
  app.action(planActions.nextAmount, nextAmount(deps));
  app.action(planActions.makeRecurring, makeRecurring(deps));
  app.action(planActions.split, split(deps));
  app.view(planViews.schedule, scheduleSubmit(deps));
  app.view(planViews.nextAmount, nextAmountSubmit(deps));
  app.view(planViews.split, splitSubmit(deps));
}
