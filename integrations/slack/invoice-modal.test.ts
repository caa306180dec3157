import { describe, expect, it } from "vitest";
import type { types } from "@slack/bolt";
import { withLines } from "#integrations/slack/blocks/invoice-modal.ts";
import { aCustomer } from "#tests/fixtures.ts";
import { slackError, teamId } from "#tests/msw/slack.ts";
import { botToken, channelId, optionsRequest, vendorId, viewOutput } from "#tests/slack.ts";
import { invoiceFormState, plain, slackWorkspace, textValue } from "#tests/slack-workspace.ts";

const now = new Date("2026-11-20T15:00:00Z");

const vendor = slackWorkspace({ now: () => now });

/** Opens the form with a command and returns the view Slack was asked to show. */
const openForm = (text = "") => vendor.open(text);

const filledIn = (overrides: Record<string, Record<string, unknown>> = {}) =>
  invoiceFormState(
    { product: "Website redesign", price: "1200", issueDate: "2026-11-20", dueDate: "2026-12-31" },
    {
      customer_name: textValue("Globex Ltd"),
      customer_email: { value: { type: "email_text_input", value: "billing@globex.example" } },
      customer_address: textValue("1 Dock Road\nLiverpool L3 4AA"),
      ...overrides,
    },
  );

/** An optional percentage the form asks for, as Slack is asked to show it. */
const percentInput = (blockId: string, label: string, hint?: string) => ({
  type: "input",
  block_id: blockId,
  label: plain(label),
  optional: true,
  ...(hint ? { hint: plain(hint) } : {}),
  element: { type: "number_input", action_id: "value", is_decimal_allowed: true, min_value: "0", max_value: "100" },
});

describe("/invoice", () => {
  it("acknowledges at once, then opens the form prefilled from the quick text (exact views.open payload)", async () => {
    const response = await vendor.command("Acme Corp 1200 Website redesign due 2026-12-31");
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(vendor.slack.calls.map((call) => [call.method, call.token])).toEqual([
      // The first request of the process asks Slack which team the bot token belongs to.
      ["auth.test", botToken],
      ["users.info", botToken],
      ["views.open", botToken],
    ]);
    const emailIt = { text: plain("Email it to the client"), value: "email" };
    const templates = [
      { text: plain("Classic"), value: "classic" },
      { text: plain("Modern"), value: "modern" },
      { text: plain("Compact"), value: "compact" },
    ];
    expect(vendor.slack.to("views.open")[0]!.args).toEqual({
      team_id: teamId,
      trigger_id: expect.stringMatching(/\.trigger$/),
      view: {
        type: "modal",
        callback_id: "invoice_modal",
        title: plain("New invoice"),
        submit: plain("Create invoice"),
        close: plain("Cancel"),
        private_metadata: JSON.stringify({ channel: channelId }),
        blocks: [
          {
            type: "input",
            block_id: "customer",
            label: plain("Customer"),
            optional: true,
            hint: plain("Type to find one of your customers, or fill in a new one below."),
            element: {
              type: "external_select",
              action_id: "customer",
              min_query_length: 0,
              placeholder: plain("Find a customer"),
              initial_option: { text: plain("Acme Corp (ap@acme.example)"), value: vendor.acme.id },
            },
          },
          {
            type: "input",
            block_id: "customer_name",
            label: plain("New customer's name"),
            optional: true,
            element: { type: "plain_text_input", action_id: "value", max_length: 200 },
          },
          {
            type: "input",
            block_id: "customer_email",
            label: plain("New customer's email"),
            optional: true,
            element: { type: "email_text_input", action_id: "value" },
          },
          {
            type: "input",
            block_id: "customer_address",
            label: plain("New customer's address"),
            optional: true,
            hint: plain("Printed on their invoices, as most tax rules ask."),
            element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 500 },
          },
          { type: "divider" },
          { type: "section", block_id: "line_0_header", text: { type: "mrkdwn", text: "*Line 1*" } },
          {
            type: "input",
            block_id: "line_0_product",
            label: plain("Product or service"),
            optional: false,
            element: { type: "plain_text_input", action_id: "value", max_length: 200, initial_value: "Website redesign" },
          },
          {
            type: "input",
            block_id: "line_0_description",
            label: plain("Description"),
            optional: true,
            element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 2000 },
          },
          {
            type: "input",
            block_id: "line_0_quantity",
            label: plain("Quantity"),
            optional: false,
            element: { type: "number_input", action_id: "value", is_decimal_allowed: true, min_value: "0.001", initial_value: "1" },
          },
          {
            type: "input",
            block_id: "line_0_price",
            label: plain("Unit price"),
            optional: false,
            hint: plain("In the invoice's currency, written as you write amounts (your workspace's language)."),
            element: { type: "plain_text_input", action_id: "value", max_length: 50, initial_value: "1200" },
          },
          percentInput("line_0_tax", "Tax rate of this line (%)", "Leave empty for the invoice's tax rate below."),
          percentInput("line_0_discount", "Discount on this line (%)"),
          { type: "actions", block_id: "lines_actions", elements: [{ type: "button", text: plain("Add line"), action_id: "invoice_add_line" }] },
          { type: "divider" },
          {
            type: "input",
            block_id: "currency",
            label: plain("Currency"),
            optional: true,
            hint: plain("Leave empty for the customer's currency, else USD."),
            element: { type: "plain_text_input", action_id: "value", max_length: 3, placeholder: plain("USD") },
          },
          {
            type: "input",
            block_id: "issue_date",
            label: plain("Issue date"),
            optional: false,
            element: { type: "datepicker", action_id: "value", initial_date: "2026-11-20" },
          },
          {
            type: "input",
            block_id: "due_date",
            label: plain("Due date"),
            optional: false,
            element: { type: "datepicker", action_id: "value", initial_date: "2026-12-31" },
          },
          {
            type: "input",
            block_id: "supply_date",
            label: plain("Date of supply"),
            optional: true,
            hint: plain("When the goods or services were supplied, if not on the issue date."),
            element: { type: "datepicker", action_id: "value" },
          },
          percentInput("tax", "Tax rate (%)"),
          percentInput("discount", "Discount on the whole invoice (%)"),
          {
            type: "input",
            block_id: "notes",
            label: plain("Notes for the client"),
            optional: true,
            element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 2000 },
          },
          {
            type: "input",
            block_id: "footer",
            label: plain("Footer"),
            optional: true,
            hint: plain("Printed at the foot of the invoice: legal wording, terms, thanks."),
            element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 1000 },
          },
          {
            type: "input",
            block_id: "template",
            label: plain("Template"),
            optional: false,
            element: { type: "static_select", action_id: "value", options: templates, initial_option: templates[0] },
          },
          {
            type: "input",
            block_id: "email_client",
            label: plain("Email"),
            optional: true,
            hint: plain(
              "Sends the invoice and its link to the client's address now. Untick to send the link yourself; the invoice message can email it later.",
            ),
            // Ticked: the customer named has an address.
            element: { type: "checkboxes", action_id: "value", options: [emailIt], initial_options: [emailIt] },
          },
          {
            type: "input",
            block_id: "document_kind",
            label: plain("Make"),
            optional: true,
            hint: plain("For a quote, the due date is the last day the client can accept it."),
            element: {
              type: "radio_buttons",
              action_id: "value",
              options: [
                { text: plain("Invoice"), value: "invoice" },
                { text: plain("Quote: the client accepts it first"), value: "quote" },
              ],
              initial_option: { text: plain("Invoice"), value: "invoice" },
            },
          },
          {
            type: "input",
            block_id: "quote_deposit",
            label: plain("Deposit on acceptance (%)"),
            optional: true,
            hint: plain("Quotes only: this share is invoiced when the client accepts; the rest later, from Slack."),
            element: { type: "number_input", action_id: "value", is_decimal_allowed: true, min_value: "0", max_value: "99" },
          },
          {
            type: "input",
            block_id: "save_as",
            label: plain("Draft"),
            optional: true,
            element: {
              type: "checkboxes",
              action_id: "value",
              options: [{ text: plain("Save as a draft: preview it, then issue it from its message"), value: "draft" }],
            },
          },
        ],
      },
    });
  });

  it("prefills an unknown customer as a new one and the due date from the workspace terms", async () => {
    const view = await openForm("Initech 99.50 TPS reports");
    const blocks = view.blocks as { block_id?: string; element?: Record<string, unknown> }[];
    const element = (id: string) => blocks.find((candidate) => candidate.block_id === id)?.element;
    expect(element("customer")).not.toHaveProperty("initial_option");
    expect(element("customer_name")).toMatchObject({ initial_value: "Initech" });
    expect(element("line_0_price")).toMatchObject({ initial_value: "99.50" });
    expect(element("due_date")).toMatchObject({ initial_date: "2026-12-20" });
  });

  it("ticks 'Email it to the client' only for a customer with an address, and an unticked box sends no email", async () => {
    await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Hooli", email: null });
    const box = (view: Record<string, unknown>) =>
      (view.blocks as { block_id?: string; element?: Record<string, unknown> }[]).find((candidate) => candidate.block_id === "email_client")!.element!;
    expect(box(await openForm("Hooli 100 Audit"))).not.toHaveProperty("initial_options");
    expect(box(await openForm("Acme Corp 100 Audit"))).toHaveProperty("initial_options");

    const sent = await openForm();
    const unticked = { email_client: { value: { type: "checkboxes", selected_options: [] } }, customer_name: textValue("Pied Piper") };
    expect(await (await vendor.submit(sent, filledIn(unticked))).text()).toBe("");
    const invoice = await vendor.app.db.invoice.findFirstOrThrow({ where: { workspaceId: vendor.workspaceId, customer: { name: "Pied Piper" } } });
    const issued = await vendor.app.db.outboxEvent.findFirstOrThrow({ where: { type: "invoice.issued", aggregateId: invoice.id } });
    expect(issued.payload).toEqual({ invoiceId: invoice.id, emailClient: false });
    const ticked = {
      email_client: { value: { type: "checkboxes", selected_options: [{ text: plain("Email it to the client"), value: "email" }] } },
      customer_name: textValue("Raviga"),
    };
    await vendor.submit(await openForm(), filledIn(ticked));
    const other = await vendor.app.db.invoice.findFirstOrThrow({ where: { workspaceId: vendor.workspaceId, customer: { name: "Raviga" } } });
    expect((await vendor.app.db.outboxEvent.findFirstOrThrow({ where: { type: "invoice.issued", aggregateId: other.id } })).payload).toEqual({
      invoiceId: other.id,
      emailClient: true,
    });
  });

  it("offers the workspace's customers as the person types", async () => {
    const view = viewOutput(await openForm());
    const response = await vendor.send(optionsRequest("customer", "acm", view));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ options: [{ text: plain("Acme Corp (ap@acme.example)"), value: vendor.acme.id }] });
  });

  it("adds and removes lines in place, keeping block ids so typed values stay", async () => {
    const view = viewOutput(await openForm());
    await vendor.press({ actionId: "invoice_add_line", view });
    const [update] = vendor.slack.to("views.update");
    expect(update!.args).toMatchObject({ view_id: view.id, hash: "1798000000.viewhash" });
    const updated = update!.args.view as { blocks: { block_id?: string; accessory?: { action_id: string; value: string } }[] };
    const ids = updated.blocks.map((candidate) => candidate.block_id).filter((id) => id?.startsWith("line_"));
    const fields = ["header", "product", "description", "quantity", "price", "tax", "discount"];
    expect(ids).toEqual([0, 1].flatMap((line) => fields.map((field) => `line_${line}_${field}`)));
    expect(updated.blocks.find((candidate) => candidate.block_id === "line_0_product")).toEqual((view.blocks as unknown[])[6]);
    expect(updated.blocks.find((candidate) => candidate.block_id === "line_1_header")?.accessory).toMatchObject({
      action_id: "invoice_remove_line",
      value: "1",
    });

    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_remove_line", value: "0", view: viewOutput(updated) });
    const removed = vendor.slack.to("views.update")[0]!.args.view as { blocks: { block_id?: string; accessory?: unknown; text?: { text: string } }[] };
    const header = removed.blocks.find((candidate) => candidate.block_id === "line_1_header");
    expect(header).toEqual({ type: "section", block_id: "line_1_header", text: { type: "mrkdwn", text: "*Line 1*" } });
    expect(removed.blocks.some((candidate) => candidate.block_id?.startsWith("line_0_"))).toBe(false);
  });

  it("shows mistakes next to their fields and creates nothing", async () => {
    const sent = await openForm();
    const before = { customers: await vendor.app.db.customer.count(), invoices: await vendor.app.db.invoice.count() };
    const cases: [Record<string, Record<string, unknown>>, Record<string, string>][] = [
      [{ customer_name: textValue(null) }, { customer: "Pick a customer, or type a new customer's name below." }],
      [{ line_0_price: textValue("12.345") }, { line_0_price: "USD amounts have at most 2 decimals, such as 1,234.56." }],
      [
        { line_0_price: textValue("1,500"), currency: textValue("KWD") },
        { line_0_price: '"1,500" could be read two ways. Write it with its decimals: 1,500.000 or 1.500.' },
      ],
      [{ line_0_price: textValue("1200.5"), currency: textValue("JPY") }, { line_0_price: "JPY amounts have no decimals, such as 1,234." }],
      [{ currency: textValue("XYZ") }, { currency: "XYZ is not an ISO 4217 currency code (e.g. USD, EUR, JPY)" }],
      [
        {
          customer_email: { value: { type: "email_text_input", value: "not-an-email" } },
          line_0_product: textValue(null),
          due_date: { value: { type: "datepicker", selected_date: "2026-11-01" } },
        },
        {
          customer_email: "Email must be an address such as billing@example.com",
          line_0_product: "Product name is required",
          due_date: "Due date cannot be before the issue date",
        },
      ],
      [{ tax: { value: { type: "number_input", value: "8.125" } } }, { tax: "Tax rate is a percentage such as 20 or 8.25." }],
    ];
    for (const [overrides, errors] of cases) {
      const response = await vendor.submit(sent, filledIn(overrides));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ response_action: "errors", errors });
    }
    expect(vendor.slack.calls).toEqual([]);
    expect({ customers: await vendor.app.db.customer.count(), invoices: await vendor.app.db.invoice.count() }).toEqual(before);
  });

  it("creates and issues the invoice for a new customer and posts the message with its link (exact chat.postMessage)", async () => {
    const sent = await openForm();
    const response = await vendor.submit(sent, filledIn());
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");

    const invoice = await vendor.app.db.invoice.findFirstOrThrow({
      where: { workspaceId: vendor.workspaceId, customer: { name: "Globex Ltd" } },
      include: { customer: true },
    });
    expect(invoice).toMatchObject({
      status: "open",
      total: 120_000,
      currency: "USD",
      customer: { email: "billing@globex.example", address: "1 Dock Road\nLiverpool L3 4AA" },
    });
    const [post] = vendor.slack.to("chat.postMessage");
    // The channel is looked at first (the team's own, no guests), then the message with the client's link posted there.
    expect(vendor.slack.calls.map((call) => call.method)).toEqual(["conversations.info", "conversations.members", "chat.postMessage"]);
    const link = expect.stringMatching(new RegExp(`^http://remit\\.test/p/[\\w-]+\\.[\\w-]+\\.[\\w-]+/invoices/${invoice.id}$`));
    expect(post!.args).toEqual({
      team_id: teamId,
      channel: channelId,
      unfurl_links: "false",
      unfurl_media: "false",
      text: `Invoice ${invoice.number} for Globex Ltd: $1,200.00, due Dec 31, 2026`,
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `:receipt: Invoice *${invoice.number}* for *Globex Ltd*` } },
        {
          type: "section",
          fields: [
            { type: "mrkdwn", text: "*Amount*\n$1,200.00" },
            { type: "mrkdwn", text: "*Due*\nDec 31, 2026" },
            { type: "mrkdwn", text: "*Status*\nOpen" },
          ],
        },
        { type: "section", text: { type: "mrkdwn", text: expect.stringMatching(/^\*Link for Globex Ltd\*\n`http:\/\/remit\.test\/p\/.+`$/) } },
        { type: "context", elements: [{ type: "mrkdwn", text: `Link works until Feb 18, 2027 · Issued by <@${vendorId}> on Nov 20, 2026` }] },
        // Its engagement (app/billing/engagement.ts): just sent, not opened yet.
        { type: "context", elements: [{ type: "mrkdwn", text: ":white_circle: Not opened" }] },
        {
          type: "actions",
          block_id: `invoice_${invoice.id}`,
          elements: [
            { type: "button", text: plain("Open PDF"), action_id: "invoice_open_pdf", value: invoice.id },
            { type: "button", text: plain("View as client"), action_id: "invoice_view_as_client", value: invoice.id },
            { type: "button", text: plain("Copy link"), action_id: "invoice_copy_link", value: invoice.id },
            { type: "button", text: plain("Mark as paid"), action_id: "invoice_mark_paid", value: invoice.id, style: "primary" },
            { type: "button", text: plain("Email to client"), action_id: "invoice_send_to_client", value: invoice.id },
            {
              type: "button",
              text: plain("Send reminder"),
              action_id: "invoice_remind_client",
              value: invoice.id,
              confirm: {
                title: plain("Send a reminder now?"),
                text: { type: "mrkdwn", text: "billing@globex.example gets a reminder of what is left to pay now, besides the scheduled ones." },
                confirm: plain("Send reminder"),
                deny: plain("Cancel"),
              },
            },
            {
              type: "button",
              text: plain("New link"),
              action_id: "invoice_new_link",
              value: invoice.id,
              confirm: {
                title: plain("Replace the client's links?"),
                text: { type: "mrkdwn", text: "Every link already sent to Globex Ltd stops working, and every Slack message showing one gets a new one." },
                confirm: plain("Issue new link"),
                deny: plain("Cancel"),
              },
            },
            { type: "button", text: plain("Void or correct"), action_id: "invoice_void", value: invoice.id, style: "danger" },
            { type: "button", text: plain("Duplicate"), action_id: "invoice_duplicate", value: invoice.id },
            { type: "button", text: plain("Instalments"), action_id: "invoice_split", value: invoice.id },
            { type: "button", text: plain("Make recurring"), action_id: "invoice_make_recurring", value: invoice.id },
          ],
        },
      ],
    });
    const linkText = ((post!.args.blocks as { text?: { text: string } }[])[2]!.text!.text.match(/`(.+)`/) ?? [])[1];
    expect(linkText).toEqual(link);
    expect(await vendor.app.db.slackInvoiceMessage.findUnique({ where: { invoiceId: invoice.id } })).toMatchObject({
      channel: channelId,
      ts: expect.stringMatching(/^\d+\.\d{6}$/),
    });
  });

  it("reads prices in the invoice's currency (the customer's unless one is chosen) and the vendor's locale", async () => {
    const customers = {
      JPY: await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Tokyo KK", currency: "JPY" }),
      KWD: await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Kuwait Co", currency: "KWD" }),
      ISK: await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Reykjavik ehf", currency: "ISK" }),
      HUF: await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Budapest Kft", currency: "HUF" }),
      OMR: await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Muscat LLC", currency: "OMR" }),
    };
    const cases: [keyof typeof customers, string, number][] = [
      ["JPY", "1200.00", 1200],
      ["KWD", "1250.50", 1_250_500],
      ["ISK", "95,000", 95_000],
      ["HUF", "12,345", 12_345],
      ["OMR", "12.345", 12_345],
    ];
    for (const [currency, typed, unitAmount] of cases) {
      const sent = await openForm();
      const picked = {
        customer: { customer: { type: "external_select", selected_option: { text: plain(currency), value: customers[currency].id } } },
        customer_name: textValue(null),
      };
      expect((await vendor.submit(sent, filledIn({ ...picked, line_0_price: textValue(typed) }))).status).toBe(200);
      const invoice = await vendor.app.db.invoice.findFirstOrThrow({ where: { customerId: customers[currency].id }, include: { lines: true } });
      expect({ currency: invoice.currency, unitAmount: invoice.lines[0]?.unitAmount, total: invoice.total }).toEqual({
        currency,
        unitAmount,
        total: unitAmount,
      });
    }
    await vendor.app.db.workspace.update({ where: { id: vendor.workspaceId }, data: { locale: "de-DE" } });
    try {
      const sent = await openForm();
      await vendor.submit(sent, filledIn({ customer_name: textValue("Berlin GmbH"), line_0_price: textValue("2.273,10"), currency: textValue("EUR") }));
      const invoice = await vendor.app.db.invoice.findFirstOrThrow({ where: { customer: { name: "Berlin GmbH" } } });
      expect({ currency: invoice.currency, total: invoice.total }).toEqual({ currency: "EUR", total: 227_310 });
    } finally {
      await vendor.app.db.workspace.update({ where: { id: vendor.workspaceId }, data: { locale: "en-US" } });
    }
  });

  it("creates an invoice with a rate and discount per line, an invoice discount, a date of supply and a footer", async () => {
    const sent = withLines((await openForm()) as unknown as types.ModalView, ["0", "1"]) as unknown as Record<string, unknown>;
    const number = (typed: string | null) => ({ value: { type: "number_input", value: typed } });
    const answer = await vendor.submit(
      sent,
      filledIn({
        customer_name: textValue("Kunstverlag GmbH"),
        currency: textValue("EUR"),
        line_0_discount: number("10"),
        tax: number("19"),
        discount: number("5"),
        supply_date: { value: { type: "datepicker", selected_date: "2026-11-15" } },
        footer: textValue("Vielen Dank für Ihren Auftrag."),
        line_1_product: textValue("Art book"),
        line_1_description: textValue(null),
        line_1_quantity: number("2"),
        line_1_price: textValue("25"),
        line_1_tax: number("7"),
        line_1_discount: number(null),
      }),
    );
    expect(answer.status).toBe(200);
    const invoice = await vendor.app.db.invoice.findFirstOrThrow({
      where: { customer: { name: "Kunstverlag GmbH" } },
      include: { lines: { orderBy: { position: "asc" } } },
    });
    expect(invoice.lines.map(({ taxRateBps, discountBps, amount }) => ({ taxRateBps, discountBps, amount }))).toEqual([
      { taxRateBps: 1900, discountBps: 1000, amount: 108_000 },
      { taxRateBps: 700, discountBps: 0, amount: 5_000 },
    ]);
    // 7 % of 47,50 € = 3,325 → 3,33 €; 19 % of 1 026,00 € = 194,94 €
    expect(invoice).toMatchObject({
      discountBps: 500,
      subtotal: 113_000,
      discountAmount: 5_650,
      taxAmount: 333 + 19_494,
      total: 113_000 - 5_650 + 333 + 19_494,
      footer: "Vielen Dank für Ihren Auftrag.",
    });
    expect(invoice.supplyDate?.toISOString().slice(0, 10)).toBe("2026-11-15");
  });

  it("says which percentage is wrong, beside its field", async () => {
    const sent = await openForm();
    const answer = await vendor.submit(sent, filledIn({ line_0_discount: { value: { type: "number_input", value: "ten" } } }));
    expect(await answer.json()).toEqual({ response_action: "errors", errors: { line_0_discount: "Discount is a percentage such as 20 or 8.25." } });
  });

  it("posts to the person's DMs with the app when the channel is out of the bot's reach", async () => {
    const sent = await openForm();
    vendor.slack.replyOnce("chat.postMessage", slackError("channel_not_found"));
    await vendor.submit(
      sent,
      filledIn({
        customer: { customer: { type: "external_select", selected_option: { text: plain("Acme"), value: vendor.acme.id } } },
        customer_name: textValue(null),
      }),
    );
    const posts = vendor.slack.to("chat.postMessage");
    expect(posts.map((post) => post.args.channel)).toEqual([channelId, vendorId]);
    expect(JSON.stringify(posts[1]!.args.blocks)).toContain(`I can't post in <#${channelId}>`);
    const invoice = await vendor.app.db.invoice.findFirstOrThrow({ where: { customerId: vendor.acme.id }, orderBy: { createdAt: "desc" } });
    expect((await vendor.app.db.slackInvoiceMessage.findUniqueOrThrow({ where: { invoiceId: invoice.id } })).channel).toBe(`D${vendorId.slice(1)}`);
  });
});
