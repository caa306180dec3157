import { describe, expect, it } from "vitest";
import { aCustomer, anInvoice } from "#tests/fixtures.ts";
import { rateLimited, seedMessage } from "#tests/msw/slack.ts";
import { documentedLimits } from "#tests/msw/slack-limits.ts";
import { channelId, optionsRequest, settingsState, slashCommand, vendorId, viewOutput, viewSubmission } from "#tests/slack.ts";
import { everyoneIs, invoiceFormState, plain, slackWorkspace, textValue } from "#tests/slack-workspace.ts";
import { clip, fitted, slackLength, truncate, truncateMrkdwn } from "./format.ts";

// The vendor's everyday loop in Slack, and the doors around it (issues 20 and 10).
const now = new Date("2026-11-20T15:00:00Z");
const pinging = "<!channel> & <@U0BOSS> Ltd";

const vendor = slackWorkspace({ now: () => now, alertChannelId: "C0ALERTS" });

const openForm = (userId = vendorId) => vendor.open("", { user_id: userId });

const newCustomerForm = (name: string) =>
  invoiceFormState({ product: "Retainer", price: "500", issueDate: "2026-11-20", dueDate: "2026-12-20" }, { customer_name: textValue(name) });

/** An open invoice of a customer whose message is in the sales channel. */
async function postedInvoice(customerId: string, ts: string) {
  const invoice = await anInvoice(vendor.app.db, vendor.workspaceId, customerId, { issueDate: "2026-11-01", dueDate: "2026-12-15" });
  await vendor.app.db.slackInvoiceMessage.create({ data: { invoiceId: invoice.id, channel: channelId, ts } });
  seedMessage(channelId, ts);
  return invoice;
}

describe("Block Kit text as Slack counts it", () => {
  it("truncates by code points, never splitting an emoji, an entity or a mention", () => {
    expect(truncate("🧾🧾🧾", 2)).toBe("🧾…");
    expect(slackLength("🧾")).toBe(1);
    expect(truncateMrkdwn("Tom &amp; Jerry", 8)).toBe("Tom …");
    expect(truncateMrkdwn("Ask <@U0123ABCD> now", 10)).toBe("Ask …");
    expect(clip("A&B", 4)).toBe("A…");
    expect(clip("A&B", 7)).toBe("A&amp;B");
  });

  it("fits a sentence to a limit on the escaped text, clipping only the name", () => {
    const name = "&<>".repeat(66);
    const text = fitted(300, name, (escaped) => `${escaped} will no longer be asked to pay $1.00. This cannot be undone.`);
    expect(slackLength(text)).toBeLessThanOrEqual(300);
    expect(text).toMatch(/^(&amp;&lt;&gt;)+(&amp;|&lt;|&gt;)?… will/);
    expect(text.endsWith("will no longer be asked to pay $1.00. This cannot be undone.")).toBe(true);
  });
});

describe("customer names with Slack's control characters", () => {
  it("never reach Slack raw: the message, its notification text, the list, status and links escape them; the strict fake takes every block", async () => {
    const sent = await openForm();
    const response = await vendor.submit(sent, newCustomerForm(pinging));
    expect(response.status).toBe(200);
    const [post] = vendor.slack.to("chat.postMessage");
    expect(post).toBeDefined();
    expect(post!.args.text).toContain("&lt;!channel&gt; &amp; &lt;@U0BOSS&gt; Ltd");
    const invoice = await vendor.app.db.invoice.findFirstOrThrow({ where: { workspaceId: vendor.workspaceId, customer: { name: pinging } } });
    await vendor.command("list");
    await vendor.command(`status ${invoice.number}`);
    await vendor.press({ actionId: "invoice_copy_link", value: invoice.id });
    expect(vendor.slack.responses).toHaveLength(3);
    expect(vendor.said()).not.toContain("<!channel>");
    expect(vendor.said()).not.toContain("<@U0BOSS>");
  });

  it("keeps the longest name full of &, < and > within the confirm dialog's 300 characters, and Slack takes the message", async () => {
    const sent = await openForm();
    const longest = `${"&<>".repeat(60)}🧾${"x".repeat(19)}`;
    await vendor.submit(sent, newCustomerForm(longest));
    const [post] = vendor.slack.to("chat.postMessage");
    const actions = (post!.args.blocks as { type: string; elements?: { confirm?: { text: { text: string } } }[] }[]).find((block) => block.type === "actions")!;
    const dialogs = actions.elements!.filter((element) => element.confirm).map((element) => element.confirm!.text.text);
    // New link asks; Void opens a form that asks why.
    expect(dialogs).toHaveLength(1);
    for (const text of dialogs) expect(slackLength(text)).toBeLessThanOrEqual(documentedLimits.confirmText);
    const created = await vendor.app.db.invoice.findFirstOrThrow({
      where: { workspaceId: vendor.workspaceId, customer: { name: longest } },
      include: { slackMessage: true },
    });
    expect(created.slackMessage?.ts).toMatch(/^\d+\.\d{6}$/);
    // A draft's Issue asks too, with the same name.
    vendor.slack.clear();
    const draftForm = await openForm();
    const asDraft = { ...newCustomerForm(longest), save_as: { value: { type: "checkboxes", selected_options: [{ text: plain("Draft"), value: "draft" }] } } };
    await vendor.submit(draftForm, asDraft);
    const draftActions = (
      vendor.slack.to("chat.postMessage")[0]!.args.blocks as { type: string; elements?: { confirm?: { text: { text: string } } }[] }[]
    ).find((block) => block.type === "actions")!;
    const draftDialogs = draftActions.elements!.filter((element) => element.confirm).map((element) => element.confirm!.text.text);
    expect(draftDialogs).toHaveLength(2);
    for (const text of draftDialogs) expect(slackLength(text)).toBeLessThanOrEqual(documentedLimits.confirmText);
  });
});

describe("every mistake at once", () => {
  it("shows the form's, the prices' and the domain's complaints in one answer, and creates nothing", async () => {
    const sent = await openForm();
    const before = await vendor.app.db.invoice.count();
    const response = await vendor.submit(sent, {
      ...newCustomerForm("Hooli"),
      customer_email: { value: { type: "email_text_input", value: "not-an-address" } },
      line_0_product: textValue(null),
      line_0_quantity: { value: { type: "number_input", value: "two" } },
      line_0_price: { value: { type: "number_input", value: "10.505" } },
      due_date: { value: { type: "datepicker", selected_date: "2026-11-01" } },
      tax: { value: { type: "number_input", value: "8.255" } },
    });
    expect(await response.json()).toEqual({
      response_action: "errors",
      errors: {
        customer_email: "Email must be an address such as billing@example.com",
        line_0_product: "Product name is required",
        line_0_quantity: "Quantity must be a number such as 1 or 2.5.",
        line_0_price: "USD amounts have at most 2 decimals, such as 1,234.56.",
        due_date: "Due date cannot be before the issue date",
        tax: "Tax rate is a percentage such as 20 or 8.25.",
      },
    });
    expect(await vendor.app.db.invoice.count()).toBe(before);
  });

  it("shows a settings field the form could not read together with the domain's complaints", async () => {
    vendor.slack.reply("users.info", everyoneIs("admin"));
    await vendor.command("settings", { user_id: "U0ADMIN01" });
    const view = vendor.slack.to("views.open")[0]!.args.view as Record<string, unknown>;
    const response = await vendor.submit(
      view,
      settingsState({
        settings_terms: { value: { type: "number_input", value: "thirty" } },
        settings_timezone: { value: { type: "plain_text_input", value: "Mars/Olympus" } },
      }),
      "U0ADMIN01",
    );
    expect(await response.json()).toEqual({
      response_action: "errors",
      errors: { settings_terms: "Payment terms are a whole number of days, e.g. 30.", settings_timezone: "Timezone must be an IANA name such as Europe/Paris" },
    });
  });
});

describe("New link", () => {
  it("redraws every message that showed a revoked link, and says which Slack could not reach", async () => {
    const globex = await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Globex" });
    const first = await postedInvoice(globex.id, "1798000000.000101");
    const second = await postedInvoice(globex.id, "1798000000.000102");
    const gone = await postedInvoice(globex.id, "1798000000.000103");
    vendor.slack.deleteMessage(channelId, "1798000000.000103");
    await vendor.press({ actionId: "invoice_new_link", value: first.id });
    expect(vendor.slack.to("chat.update").map((call) => call.args.ts)).toEqual(["1798000000.000101", "1798000000.000102", "1798000000.000103"]);
    const notes = JSON.stringify(vendor.slack.responses[0]!.body.blocks);
    expect(notes).toContain(`Updated with a new link in Slack: *${first.number}*, *${second.number}*.`);
    expect(notes).toContain(`Slack could not update the message of *${gone.number}* (deleted or out of reach): its old link no longer works.`);
    const history = await vendor.app.db.auditEntry.findMany({ where: { customerId: globex.id } });
    expect(history).toMatchObject([{ action: "links_renewed", actor: `slack:${vendorId}`, createdAt: now }]);
  });
});

describe("typos", () => {
  it("answers did-you-mean with help instead of opening a form for a customer called like a command", async () => {
    for (const [text, meant] of [
      ["lst", "list"],
      ["stats NW-0017", "status"],
      ["setings", "settings"],
    ] as const) {
      const response = await vendor.command(text);
      const body = (await response.json()) as { text: string; blocks: unknown[] };
      expect(body.text).toContain(`Did you mean \`/invoice ${meant}\`?`);
      expect(JSON.stringify(body.blocks)).toContain("Remit: invoices from Slack");
    }
    expect(vendor.slack.to("views.open")).toEqual([]);
    await vendor.command("Lisa 1200 Logo");
    await vendor.command("new lst");
    expect(vendor.slack.to("views.open")).toHaveLength(2);
    expect(JSON.stringify(vendor.slack.to("views.open")[1]!.args.view)).toContain('"initial_value":"lst"');
  });
});

describe("who acts", () => {
  it("refuses a member's settings submission, saves nothing, and tells them in the form", async () => {
    vendor.slack.reply("users.info", everyoneIs("admin"));
    await vendor.command("settings", { user_id: "U0ADMIN01" });
    const view = vendor.slack.to("views.open")[0]!.args.view as Record<string, unknown>;
    const before = await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } });
    vendor.slack.reply("users.info", everyoneIs("member"));
    const response = await vendor.submit(view, settingsState(), "U0MEMBER01");
    expect(await response.json()).toEqual({ response_action: "errors", errors: { settings_alert_channel: expect.stringContaining("Only admins and owners") } });
    expect(await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } })).toEqual(before);
  });

  it("gives a guest no customer names, and refuses a guest's invoice and payment submissions", async () => {
    const view = viewOutput(await openForm());
    vendor.slack.reply("users.info", everyoneIs("guest"));
    const options = await vendor.send(optionsRequest("customer", "acm", view, "U0GUEST01"));
    expect(await options.json()).toEqual({ options: [] });
    const before = await vendor.app.db.invoice.count();
    const submitted = await vendor.submit(view, newCustomerForm("Guest Co"), "U0GUEST01");
    expect(await submitted.json()).toEqual({ response_action: "errors", errors: { customer: expect.stringContaining("guests can't") } });
    const invoice = await postedInvoice(vendor.acme.id, "1798000000.000201");
    const payment = {
      amount: { value: { type: "number_input", value: "1" } },
      method: { value: { type: "static_select", selected_option: { text: plain("Cash"), value: "Cash" } } },
      paid_on: { value: { type: "datepicker", selected_date: "2026-11-20" } },
      note: textValue(null),
    };
    const paid = await vendor.submit(
      { callback_id: "payment_modal", private_metadata: JSON.stringify({ invoiceId: invoice.id }), blocks: [] },
      payment,
      "U0GUEST01",
    );
    expect(await paid.json()).toEqual({ response_action: "errors", errors: { amount: expect.stringContaining("guests can't") } });
    expect(await vendor.app.db.invoice.count()).toBe(before + 1);
    expect(await vendor.app.db.payment.count({ where: { invoiceId: invoice.id } })).toBe(0);
  });

  it("refuses a team other than the bot token's own in words, and links nothing to it", async () => {
    const response = await vendor.command("list", { team_id: "T0OTHER01", team_domain: "stranger" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      response_type: "ephemeral",
      text: expect.stringContaining("This Remit serves one Slack workspace, and it is not this one (T0OTHER01)"),
    });
    expect(await vendor.app.db.workspace.findUnique({ where: { slackTeamId: "T0OTHER01" } })).toBeNull();
    expect(vendor.slack.responses).toEqual([]);
  });
});

describe("one invoice per submission", () => {
  it("creates one invoice and one message when the same signed form arrives three times, one after another or at once", async () => {
    const sent = await openForm();
    const form = viewSubmission(sent, newCustomerForm("Initech"));
    for (let n = 0; n < 3; n++) expect((await vendor.send(form)).status).toBe(200);
    expect(vendor.slack.to("chat.postMessage")).toHaveLength(1);
    const again = viewSubmission(viewOutput(await openForm()), newCustomerForm("Initrode"));
    await Promise.all([vendor.send(again), vendor.send(again), vendor.send(again)]);
    expect(await vendor.app.db.invoice.count({ where: { workspaceId: vendor.workspaceId, customer: { name: "Initech" } } })).toBe(1);
    expect(await vendor.app.db.invoice.count({ where: { workspaceId: vendor.workspaceId, customer: { name: "Initrode" } } })).toBe(1);
    expect(await vendor.app.db.customer.count({ where: { workspaceId: vendor.workspaceId, name: { in: ["Initech", "Initrode"] } } })).toBe(2);
    expect(vendor.slack.to("chat.postMessage")).toHaveLength(1);
  });
});

describe("Slack's rate limits and expired triggers", () => {
  it("waits out a short Retry-After on users.info and views.open, and opens the form", async () => {
    vendor.slack.replyOnce("users.info", rateLimited(1));
    vendor.slack.replyOnce("views.open", rateLimited(1));
    await vendor.command("", { user_id: "U0FRESH01" });
    expect(vendor.slack.calls.map((call) => call.method).filter((method) => method !== "auth.test")).toEqual([
      "users.info",
      "users.info",
      "views.open",
      "views.open",
    ]);
    expect(vendor.slack.responses).toEqual([]);
  });

  it("says how long to wait when Slack asks for longer than a form can wait, and when the trigger expired", async () => {
    vendor.slack.replyOnce("views.open", rateLimited(30));
    await vendor.command("");
    expect(vendor.slack.responses[0]!.body.text).toBe("Slack asked Remit to slow down for 30 seconds. Nothing was done; try again then.");
    vendor.slack.clear();
    const command = slashCommand("");
    const trigger = new URLSearchParams(String(command.body)).get("trigger_id")!;
    vendor.slack.expireTrigger(trigger);
    await vendor.send(command);
    expect(vendor.slack.to("views.open")[0]!.args.trigger_id).toBe(trigger);
    expect(vendor.slack.responses[0]!.body.text).toContain("Slack gave up waiting for the form to open");
  });

  it("keeps the first of two quick add-line clicks when the second meets a changed view (hash_conflict)", async () => {
    const view = viewOutput(await openForm());
    await vendor.press({ actionId: "invoice_add_line", view });
    await vendor.press({ actionId: "invoice_add_line", view });
    expect(vendor.slack.to("views.update")).toHaveLength(2);
    expect(vendor.slack.responses).toEqual([]);
    expect(vendor.slack.to("chat.postMessage")).toEqual([]);
  });
});
