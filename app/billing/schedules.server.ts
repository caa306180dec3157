/**
 * Recurring invoices (docs/decisions/130): a schedule holds a template invoice for one customer
 * and a frequency; `issueDueOccurrences`, run by the server's jobs, issues each occurrence once,
 * numbered and emailed like any issued invoice, on its day in the workspace's timezone.
 */
import { z } from "zod";
import type { Prisma, RecurringSchedule } from "#app/generated/prisma/client.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { calendarDateIn, addDays, parseCalendarDate } from "#app/platform/calendar.ts";
import { emit, type Tx } from "#app/platform/outbox/outbox.server.ts";
import type { Actor } from "./audit.server.ts";
import { IllegalTransitionError, NotFoundError, ValidationError } from "./errors.ts";
import { createInvoiceIn, priceInvoice, type InvoiceWithLines } from "./invoices.server.ts";
import { createInvoiceInput, lineInput, lineItemInput, maxAmount, type CreateInvoiceInput } from "./invoice-input.ts";
import { parseAmount } from "./money.ts";
import { firstIndexFrom, frequencies, nextOccurrence, type Frequency, type Recurrence } from "./schedule-dates.ts";
import { optionalText, parseInput } from "./validation.ts";

export const scheduleStatuses = ["active", "paused", "stopped", "finished"] as const;
export type ScheduleStatus = (typeof scheduleStatuses)[number];

/** At most this many missed occurrences of one schedule are issued per run; the next run goes on. */
const catchUpPerRun = 24;

/** What each invoice of a schedule is made of: an invoice's content without customer, dates or issue choice. */
export const templateInput = z.object({
  currency: z.string().nullish(),
  taxRateBps: z.number().int().min(0).max(10_000).default(0),
  discountBps: z.number().int().min(0).max(10_000).default(0),
  notes: optionalText("Notes", 2000),
  poNumber: optionalText("PO number or reference", 80),
  footer: optionalText("Footer", 1000),
  template: z.enum(["classic", "modern", "compact"]).nullish(),
  lines: z.array(lineItemInput).min(1, "An invoice needs at least one line item").max(500),
  emailClient: z.boolean().default(true),
});
export type TemplateInput = z.input<typeof templateInput>;
type Template = z.infer<typeof templateInput>;

const calendarDate = (label: string) =>
  z.union([z.string(), z.date()]).transform((value, ctx) => {
    const date = parseCalendarDate(value instanceof Date ? value.toISOString().slice(0, 10) : value);
    if (!date) ctx.addIssue({ code: "custom", message: `${label} must be a real date written YYYY-MM-DD` });
    return date ?? z.NEVER;
  });

export const scheduleInput = z
  .object({
    customerId: z.string({ error: "Customer is required" }).min(1, "Customer is required"),
    name: optionalText("Name", 120),
    frequency: z.enum(frequencies, { error: `Frequency must be one of ${frequencies.join(", ")}` }),
    dayOfMonth: z.number().int().min(1, "Day of the month is 1 to 31").max(31, "Day of the month is 1 to 31").nullish(),
    /** The first occurrence is on this day, or the first day after it that fits the frequency. Today when absent. */
    startDate: calendarDate("Start date").optional(),
    endAfter: z.number().int().min(1, "End after at least 1 invoice").max(1000, "End after at most 1000 invoices").nullish(),
    endDate: calendarDate("End date").nullish(),
    invoice: templateInput,
  })
  .refine((input) => !(input.endAfter && input.endDate), { message: "End after a number of invoices or on a date, not both", path: ["endAfter"] });
export type ScheduleInput = z.input<typeof scheduleInput>;

function recurrenceOf(schedule: Pick<RecurringSchedule, "frequency" | "startDate" | "dayOfMonth" | "endAfter" | "endDate">): Recurrence {
  return { ...schedule, frequency: schedule.frequency as Frequency };
}

/** The lines the next invoice will have: the template's, or the template's first product at the one-off amount. */
function nextLines(template: Template, nextAmount: number | null): Template["lines"] {
  if (nextAmount === null) return template.lines;
  const [first] = template.lines;
  return [
    {
      productName: first?.productName ?? "Invoice",
      description: first?.description ?? null,
      quantity: 1,
      unitAmount: nextAmount,
      taxRateBps: first?.taxRateBps,
    },
  ];
}

function invoiceInputOf(schedule: { customerId: string }, template: Template, lines: Template["lines"]) {
  return {
    customerId: schedule.customerId,
    currency: template.currency ?? undefined,
    taxRateBps: template.taxRateBps,
    discountBps: template.discountBps,
    notes: template.notes,
    poNumber: template.poNumber,
    footer: template.footer,
    template: template.template ?? undefined,
    lines,
    emailClient: template.emailClient,
  } satisfies CreateInvoiceInput;
}

/**
 * Creates a schedule. Typed prices ("1.200,00") are read once, now, in the workspace's locale and
 * stored in minor units, so every invoice of the schedule has exactly the same amounts.
 */
export async function createSchedule(db: Db, workspaceId: string, raw: ScheduleInput, now: Date, actor: Actor | null = null): Promise<RecurringSchedule> {
  const input = parseInput(scheduleInput, raw);
  const customer = await db.customer.findFirst({ where: { id: input.customerId, workspaceId }, include: { workspace: true } });
  if (!customer) throw new ValidationError({ customerId: "No such customer in this workspace" });
  const { workspace } = customer;
  // Priced like any invoice, so a template that could not be issued is refused now, by field.
  const priced = priceInvoice(parseInput(createInvoiceInput, invoiceInputOf(input, input.invoice, input.invoice.lines)), customer, workspace, now);
  const template: Template = {
    ...input.invoice,
    currency: priced.currency,
    lines: priced.lines.map(lineInput),
  };
  const today = calendarDateIn(now, workspace.timezone);
  const startDate = input.startDate ?? today;
  if (startDate < today) throw new ValidationError({ startDate: "The start cannot be in the past" });
  if (input.endDate && input.endDate < startDate) throw new ValidationError({ endDate: "The end date cannot be before the start" });
  const recurrence: Recurrence = {
    frequency: input.frequency,
    startDate,
    dayOfMonth: input.frequency === "weekly" ? null : (input.dayOfMonth ?? startDate.getUTCDate()),
    endAfter: input.endAfter ?? null,
    endDate: input.endDate ?? null,
  };
  const nextDate = nextOccurrence(recurrence, 0, 0);
  if (!nextDate) throw new ValidationError({ endDate: "The schedule would end before its first invoice" });
  const name = input.name ?? `${customer.name}, ${input.frequency}`;
  return db.recurringSchedule.create({
    data: { workspaceId, customerId: customer.id, name, template: template as Prisma.InputJsonValue, ...recurrence, nextDate, createdBy: actor },
  });
}

/** A schedule that repeats an existing invoice's content (its lines, tax, notes) for the same customer. */
export async function scheduleFromInvoice(
  db: Db,
  workspaceId: string,
  invoiceId: string,
  recurrence: Omit<ScheduleInput, "customerId" | "invoice">,
  now: Date,
  actor: Actor | null = null,
): Promise<RecurringSchedule> {
  const invoice = await db.invoice.findFirst({ where: { id: invoiceId, workspaceId }, include: { lines: { orderBy: { position: "asc" } } } });
  if (!invoice) throw new NotFoundError("No such invoice in this workspace.");
  return createSchedule(
    db,
    workspaceId,
    {
      ...recurrence,
      name: recurrence.name ?? null,
      customerId: invoice.customerId,
      invoice: {
        currency: invoice.currency,
        taxRateBps: invoice.taxRateBps,
        discountBps: invoice.discountBps,
        notes: invoice.notes,
        poNumber: invoice.poNumber,
        footer: invoice.footer,
        template: (invoice.template as Template["template"]) ?? null,
        lines: invoice.lines.map(lineInput),
      },
    },
    now,
    actor,
  );
}

/** One schedule of the workspace, with what its next invoice will come to. */
export async function getSchedule(db: Db, workspaceId: string, scheduleId: string) {
  const schedule = await db.recurringSchedule.findFirst({ where: { id: scheduleId, workspaceId }, include: { customer: { include: { workspace: true } } } });
  if (!schedule) throw new NotFoundError("No such recurring schedule in this workspace.");
  return describe(schedule);
}

function describe(schedule: RecurringSchedule & { customer: Prisma.CustomerGetPayload<{ include: { workspace: true } }> }) {
  const template = templateInput.parse(schedule.template);
  const { workspace, ...customer } = schedule.customer;
  const input = parseInput(createInvoiceInput, invoiceInputOf(schedule, template, nextLines(template, schedule.nextAmount)));
  const next = priceInvoice(input, customer, workspace, schedule.nextDate ?? schedule.startDate);
  return { ...schedule, status: schedule.status as ScheduleStatus, customer, template, nextTotal: next.totals.total, currency: next.currency };
}
export type ScheduleView = ReturnType<typeof describe>;

/** The workspace's schedules: active and paused first (soonest next), then the ended ones. */
export async function listSchedules(db: Db, workspaceId: string, filter: { status?: ScheduleStatus[]; customerId?: string } = {}, take = 100) {
  const rows = await db.recurringSchedule.findMany({
    where: { workspaceId, ...(filter.status ? { status: { in: filter.status } } : {}), ...(filter.customerId ? { customerId: filter.customerId } : {}) },
    include: { customer: { include: { workspace: true } } },
    orderBy: [{ nextDate: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
    take,
  });
  const rank = (status: string) => (status === "active" || status === "paused" ? 0 : 1);
  return rows.map(describe).sort((a, b) => rank(a.status) - rank(b.status));
}

/**
 * What the client's portal shows of their active schedules: the next invoice's day and amount,
 * priced for `customer` of its workspace as the portal already read them.
 */
export async function upcomingInvoices(db: Db, customer: Prisma.CustomerGetPayload<{ include: { workspace: true } }>) {
  const rows = await db.recurringSchedule.findMany({
    where: { workspaceId: customer.workspaceId, customerId: customer.id, status: { in: ["active"] }, nextDate: { not: null } },
    orderBy: [{ nextDate: "asc" }, { createdAt: "asc" }],
    take: 100,
  });
  return rows
    .map((row) => describe({ ...row, customer }))
    .map((schedule) => ({
      id: schedule.id,
      name: schedule.name,
      frequency: schedule.frequency as Frequency,
      date: schedule.nextDate as Date,
      total: schedule.nextTotal,
      currency: schedule.currency,
    }));
}

/** Changes a schedule's state if it is in one of `from`: a concurrent change loses cleanly. */
async function change(
  db: Db,
  workspaceId: string,
  scheduleId: string,
  from: ScheduleStatus[],
  verb: string,
  data: (schedule: RecurringSchedule) => Prisma.RecurringScheduleUpdateManyMutationInput,
) {
  for (;;) {
    const schedule = await db.recurringSchedule.findFirst({ where: { id: scheduleId, workspaceId } });
    if (!schedule) throw new NotFoundError("No such recurring schedule in this workspace.");
    if (!from.includes(schedule.status as ScheduleStatus)) {
      throw new IllegalTransitionError(`"${schedule.name}" is ${schedule.status}: it cannot be ${verb}.`);
    }
    const { count } = await db.recurringSchedule.updateMany({
      where: { id: schedule.id, status: schedule.status, nextIndex: schedule.nextIndex },
      data: data(schedule),
    });
    if (count) return getSchedule(db, workspaceId, scheduleId);
  }
}

/** No invoice is issued while paused. */
export const pauseSchedule = (db: Db, workspaceId: string, scheduleId: string) =>
  change(db, workspaceId, scheduleId, ["active"], "paused", () => ({ status: "paused" }));

/**
 * Resumes from the next occurrence on or after today: occurrences that fell while paused are
 * skipped, not billed late (pausing is how a vendor stops billing for a while). "End after N"
 * counts issued invoices, so a pause makes the schedule end later.
 */
export async function resumeSchedule(db: Db, workspaceId: string, scheduleId: string, now: Date) {
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timezone: true } });
  const today = calendarDateIn(now, workspace.timezone);
  return change(db, workspaceId, scheduleId, ["paused"], "resumed", (schedule) => {
    const recurrence = recurrenceOf(schedule);
    const nextIndex = firstIndexFrom(recurrence, schedule.nextIndex, today);
    const nextDate = nextOccurrence(recurrence, nextIndex, schedule.issuedCount);
    return { status: nextDate ? "active" : "finished", nextIndex, nextDate };
  });
}

/** Stops for good: no later invoice is issued; the issued ones stay as they are. */
export const stopSchedule = (db: Db, workspaceId: string, scheduleId: string) =>
  change(db, workspaceId, scheduleId, ["active", "paused"], "stopped", () => ({ status: "stopped", nextDate: null }));

/**
 * A one-off amount for the next invoice only (before tax, minor units, or typed in the
 * workspace's locale): it bills the template's first product once at that amount, with its tax
 * rate; the invoice after goes back to the template. Null clears it.
 */
export async function setNextAmount(db: Db, workspaceId: string, scheduleId: string, amount: number | string | null) {
  let minor: number | null = null;
  if (amount !== null && amount !== "") {
    const schedule = await getSchedule(db, workspaceId, scheduleId);
    if (typeof amount === "number") minor = amount;
    else {
      const parsed = parseAmount(amount, schedule.currency, schedule.customer.locale ?? "en-US");
      if (!parsed.ok) throw new ValidationError({ amount: parsed.error });
      minor = parsed.amount;
    }
    if (!Number.isSafeInteger(minor) || minor <= 0 || minor > maxAmount) throw new ValidationError({ amount: "The next amount must be more than 0" });
  }
  return change(db, workspaceId, scheduleId, ["active", "paused"], "changed", () => ({ nextAmount: minor }));
}

/**
 * Issues the occurrence a schedule is due for, inside one transaction with the schedule's row
 * locked: the invoice (numbered from the workspace's counter), its occurrence row (whose primary
 * key is (schedule, occurrence)), its events (the email, Slack, Notion) and the schedule's next
 * date commit together or not at all. Another instance waiting on the lock then finds the
 * schedule moved on, so each occurrence is one invoice. Null when nothing is due.
 */
async function issueNextOccurrence(db: Db, scheduleId: string, now: Date): Promise<InvoiceWithLines | null> {
  const sourceKey = { value: "" };
  const workspaceId = { value: "" };
  const run = () =>
    db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "RecurringSchedule" WHERE "id" = ${scheduleId} FOR UPDATE`;
      const schedule = await tx.recurringSchedule.findUnique({ where: { id: scheduleId }, include: { workspace: { select: { timezone: true } } } });
      if (!schedule || schedule.status !== "active" || !schedule.nextDate) return null;
      const today = calendarDateIn(now, schedule.workspace.timezone);
      if (schedule.nextDate > today) return null;
      sourceKey.value = `recurring:${schedule.id}:${schedule.nextIndex}`;
      workspaceId.value = schedule.workspaceId;
      return issueIn(tx, schedule, today, now);
    });
  try {
    return await run();
  } catch (error) {
    // The same occurrence issued by another instance in between: createOnce's guard says so.
    if (sourceKey.value) {
      const existing = await db.invoice.findFirst({ where: { workspaceId: workspaceId.value, sourceKey: sourceKey.value } });
      if (existing) return null;
    }
    throw error;
  }
}

async function issueIn(tx: Tx, schedule: RecurringSchedule, today: Date, now: Date) {
  const template = templateInput.parse(schedule.template);
  const date = schedule.nextDate as Date;
  // A missed occurrence (the server was down) is issued today, for the period it bills: its
  // supply date is the day it was due, and the client gets the full payment terms from today.
  const late = date < today;
  const invoice = await createInvoiceIn(
    tx,
    schedule.workspaceId,
    { ...invoiceInputOf(schedule, template, nextLines(template, schedule.nextAmount)), issueDate: today, supplyDate: late ? date : undefined, issue: true },
    now,
    { sourceKey: `recurring:${schedule.id}:${schedule.nextIndex}` },
  );
  await tx.recurringOccurrence.create({ data: { scheduleId: schedule.id, index: schedule.nextIndex, date, invoiceId: invoice.id, createdAt: now } });
  await emit(
    tx,
    {
      type: "recurring.issued",
      workspaceId: schedule.workspaceId,
      aggregateId: invoice.id,
      payload: { invoiceId: invoice.id, scheduleId: schedule.id, occurrence: schedule.issuedCount + 1 },
    },
    now,
  );
  const issuedCount = schedule.issuedCount + 1;
  const nextIndex = schedule.nextIndex + 1;
  const nextDate = nextOccurrence(recurrenceOf(schedule), nextIndex, issuedCount);
  await tx.recurringSchedule.update({
    where: { id: schedule.id },
    data: { issuedCount, nextIndex, nextDate, nextAmount: null, status: nextDate ? "active" : "finished" },
  });
  return invoice;
}

/**
 * Issues every occurrence that is due, in every workspace: today's, and those missed while no
 * server ran (each its own invoice, oldest first: caught up, never skipped or doubled). Safe
 * with several instances running it at once. Returns how many invoices were issued; a schedule
 * that fails (its customer's currency cannot be read, say) is reported and the others go on.
 */
export async function issueDueOccurrences(db: Db, now: Date, onError: (scheduleId: string, error: unknown) => void = () => {}): Promise<number> {
  // Every timezone's "today" is at most one day after UTC's: a cheap superset to check.
  const due = await db.recurringSchedule.findMany({
    where: { status: "active", nextDate: { lte: addDays(calendarDateIn(now, "UTC"), 1) } },
    select: { id: true },
    orderBy: { nextDate: "asc" },
  });
  let issued = 0;
  for (const { id } of due) {
    try {
      for (let run = 0; run < catchUpPerRun; run++) {
        if (!(await issueNextOccurrence(db, id, now))) break;
        issued++;
      }
    } catch (error) {
      onError(id, error);
    }
  }
  return issued;
}

/** The schedule an invoice was issued from, if any: its name, id and which of its invoices this is (1 for the first issued). */
export async function scheduleOfInvoice(db: Db, invoiceId: string) {
  const occurrence = await db.recurringOccurrence.findUnique({
    where: { invoiceId },
    select: { scheduleId: true, index: true, schedule: { select: { id: true, name: true, frequency: true } } },
  });
  if (!occurrence) return null;
  // Occurrences skipped while paused were never issued: count the issued ones up to this one.
  const issuedBefore = await db.recurringOccurrence.count({ where: { scheduleId: occurrence.scheduleId, index: { lte: occurrence.index } } });
  return { ...occurrence.schedule, occurrence: issuedBefore };
}
