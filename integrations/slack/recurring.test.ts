import { describe, expect, it } from "vitest";
import { issueDueOccurrences } from "#app/billing/schedules.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";
import { testClock } from "#tests/clock.ts";
import { type SlackCall } from "#tests/msw/slack.ts";
import { untouchedState } from "#tests/slack.ts";
import { plain, slackWorkspace } from "#tests/slack-workspace.ts";

// Issue 14: recurring invoices and instalments from Slack, signed requests against the fake Slack.
const alertChannel = "C0ALERTS1";

const clock = testClock();
const vendor = slackWorkspace({ now: clock.now, workspace: { timezone: "America/New_York" }, bound: true, alertChannelId: alertChannel });

type SentView = Record<string, unknown> & { callback_id: string; blocks: { block_id?: string; type: string }[] };
const lastResponse = () =>
  vendor.slack.responses.at(-1)!.body as {
    text: string;
    replace_original?: boolean;
    blocks: { type: string; text?: { text: string }; elements?: { action_id: string; value?: string }[] }[];
  };
const texts = (blocks: { text?: { text: string } }[]) => blocks.map((block) => block.text?.text ?? "").join("\n");
const slackDeliveries = async () => {
  const dispatcher = createDispatcher(vendor.app.db, {
    subscribers: vendor.app.subscribers.filter((subscriber) => subscriber.name === "slack"),
    now: vendor.app.now,
  });
  for (let round = 0; round < 5; round++) if ((await dispatcher.runOnce()).claimed === 0) return;
};
const postedText = (call: SlackCall) => JSON.stringify(call.args.blocks);

describe("recurring invoices from Slack", () => {
  it("makes an invoice recurring, lists it, pauses and resumes it, changes the next amount, and posts each issued invoice naming its schedule", async () => {
    const invoice = await vendor.anInvoice({ lines: [{ productName: "Retainer", quantity: 1, unitAmount: 200_000 }] });

    await vendor.press({ actionId: "invoice_make_recurring", value: invoice.id });
    const form = vendor.openedView<SentView>();
    expect(form.callback_id).toBe("recurring_modal");
    const state = {
      ...untouchedState(form),
      recurring_frequency: { value: { type: "static_select", selected_option: { text: plain("Monthly"), value: "monthly" } } },
      recurring_day: { value: { type: "number_input", value: "31" } },
      recurring_start: { value: { type: "datepicker", selected_date: "2026-11-25" } },
      recurring_end_after: { value: { type: "number_input", value: "3" } },
    };
    // A start in the past is refused on its field.
    const refused = await vendor.submit(form, { ...state, recurring_start: { value: { type: "datepicker", selected_date: "2026-11-01" } } });
    expect(await refused.json()).toEqual({ response_action: "errors", errors: { recurring_start: "The start cannot be in the past" } });

    const created = await vendor.submit(form, state);
    const answer = (await created.json()) as { response_action: string; view: { blocks: { text?: { text: string } }[] } };
    expect(answer.response_action).toBe("update");
    expect(texts(answer.view.blocks)).toContain("Monthly on the 31st (the last day of shorter months)");
    expect(texts(answer.view.blocks)).toContain("Nov 30, 2026");
    const schedule = await vendor.app.db.recurringSchedule.findFirstOrThrow({ where: { workspaceId: vendor.workspaceId } });
    expect([schedule.customerId, schedule.endAfter, schedule.createdBy]).toEqual([vendor.acme.id, 3, "slack:U0VENDOR01"]);

    // `/invoice recurring`: the schedule with its next date, amount and buttons.
    await vendor.command("recurring");
    let list = lastResponse();
    expect(texts(list.blocks)).toContain("Next *Nov 30, 2026* for *$2,000.00* · 0 of 3 issued");
    const buttons = list.blocks.find((block) => block.type === "actions")!.elements!;
    expect(buttons.map((element) => element.action_id)).toEqual(["schedule_pause", "schedule_next_amount", "schedule_stop"]);

    await vendor.press({ actionId: "schedule_pause", value: schedule.id });
    list = lastResponse();
    expect(list.replace_original).toBe(true);
    expect(texts(list.blocks)).toContain("Paused");
    // Nothing is issued while paused.
    expect(await issueDueOccurrences(vendor.app.db, new Date("2026-11-30T15:00:00Z"))).toBe(0);
    clock.advance(10 * 86_400_000); // Dec 1
    await vendor.press({ actionId: "schedule_resume", value: schedule.id });
    expect(texts(lastResponse().blocks)).toContain("Next *Dec 31, 2026*");

    await vendor.press({ actionId: "schedule_next_amount", value: schedule.id });
    const amountForm = vendor.openedView<SentView>();
    expect(amountForm.callback_id).toBe("recurring_amount_modal");
    const wrong = await vendor.submit(amountForm, { recurring_next_amount: { value: { type: "plain_text_input", value: "lots" } } });
    expect(((await wrong.json()) as { response_action: string }).response_action).toBe("errors");
    const saved = await vendor.submit(amountForm, { recurring_next_amount: { value: { type: "plain_text_input", value: "1,500.00" } } });
    expect(saved.status).toBe(200);
    expect((await vendor.app.db.recurringSchedule.findUniqueOrThrow({ where: { id: schedule.id } })).nextAmount).toBe(150_000);

    // Dec 31 in New York: issued, and its message goes to the alert channel naming the schedule.
    vendor.slack.clear();
    clock.advance(30 * 86_400_000 + 6 * 3_600_000);
    expect(await issueDueOccurrences(vendor.app.db, vendor.app.now())).toBe(1);
    await slackDeliveries();
    const posted = vendor.slack.to("chat.postMessage").filter((call) => call.args.channel === alertChannel);
    expect(posted).toHaveLength(1);
    expect(postedText(posted[0]!)).toContain("From the recurring invoice *Acme Corp, monthly* (no. 1)");
    expect(postedText(posted[0]!)).toContain("$1,500.00");
    const issued = await vendor.app.db.invoice.findFirstOrThrow({
      where: { workspaceId: vendor.workspaceId, occurrence: { scheduleId: schedule.id } },
      include: { slackMessage: true },
    });
    expect(issued.slackMessage?.channel).toBe(alertChannel);
    // Delivered again (a retry): not posted twice.
    await slackDeliveries();
    expect(vendor.slack.to("chat.postMessage").filter((call) => call.args.channel === alertChannel)).toHaveLength(1);

    await vendor.press({ actionId: "schedule_stop", value: schedule.id });
    expect(texts(lastResponse().blocks)).toContain("Stopped");
    expect(lastResponse().blocks.some((block) => block.type === "actions")).toBe(false);
  });

  it("splits an invoice into instalments from its message, refusing parts that do not add up", async () => {
    const invoice = await vendor.anInvoice({ lines: [{ productName: "Website", quantity: 1, unitAmount: 120_000 }] });
    await vendor.press({ actionId: "invoice_split", value: invoice.id });
    const form = vendor.openedView<SentView>();
    expect(form.callback_id).toBe("instalments_modal");
    const proposed = untouchedState(form);
    // Half now, the rest on the due date, offered in the vendor's own writing.
    expect(proposed.instalment_0_amount).toEqual({ value: { type: "plain_text_input", value: "600.00" } });
    expect(proposed.instalment_1_amount).toEqual({ value: { type: "plain_text_input", value: "600.00" } });

    const short = await vendor.submit(form, { ...proposed, instalment_1_amount: { value: { type: "plain_text_input", value: "500.00" } } });
    expect(await short.json()).toEqual({
      response_action: "errors",
      errors: { instalment_0_amount: "The parts add up to $1,100.00: $100.00 less than the invoice's $1,200.00" },
    });
    const noDate = await vendor.submit(form, { ...proposed, instalment_2_amount: { value: { type: "plain_text_input", value: "10" } } });
    expect(await noDate.json()).toEqual({ response_action: "errors", errors: { instalment_2_due: "Pick when this part is due." } });

    const three = {
      ...proposed,
      instalment_0_amount: { value: { type: "plain_text_input", value: "300" } },
      instalment_1_amount: { value: { type: "plain_text_input", value: "450" } },
      instalment_2_amount: { value: { type: "plain_text_input", value: "450" } },
      instalment_2_due: { value: { type: "datepicker", selected_date: "2027-03-01" } },
    };
    const done = await vendor.submit(form, three);
    expect(done.status).toBe(200);
    const parts = await vendor.app.db.instalment.findMany({ where: { invoiceId: invoice.id }, orderBy: { position: "asc" } });
    expect(parts.map((part) => part.amount)).toEqual([30_000, 45_000, 45_000]);
  });
});
