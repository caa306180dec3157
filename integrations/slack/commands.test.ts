import { beforeAll, describe, expect, it } from "vitest";
import { recordEmailed } from "#app/portal/activity.server.ts";
import { verifyPortalToken } from "#app/portal/access.server.ts";
import { aCustomer, anInvoice } from "#tests/fixtures.ts";
import { channelId, eventCallback, responseUrl, settingsState, untouchedState, vendorId } from "#tests/slack.ts";
import { everyoneIs, plain, slackWorkspace } from "#tests/slack-workspace.ts";

const now = new Date("2026-11-20T15:00:00Z");

const vendor = slackWorkspace({ now: () => now });
beforeAll(async () => {
  const globex = await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Globex" });
  // 12 open invoices: 3 overdue (due before Nov 20), and one paid.
  for (let i = 0; i < 12; i++) {
    await anInvoice(vendor.app.db, vendor.workspaceId, i % 2 ? vendor.acme.id : globex.id, {
      issueDate: "2026-10-01",
      dueDate: i < 3 ? `2026-11-0${i + 1}` : "2026-12-15",
    });
  }
  const paid = await anInvoice(vendor.app.db, vendor.workspaceId, vendor.acme.id, { issueDate: "2026-10-01", dueDate: "2026-10-31" });
  await vendor.app.db.invoice.update({ where: { id: paid.id }, data: { status: "paid", amountPaid: paid.total, paidAt: new Date("2026-11-02T10:00:00Z") } });
});

const ephemeralText = () => vendor.slack.responses.map((response) => JSON.stringify(response.body)).join("\n");

describe("subcommands", () => {
  it("answers help and typos in the acknowledgement, ephemeral, with no call to Slack", async () => {
    const help = await vendor.command("help");
    expect(await help.json()).toMatchObject({ response_type: "ephemeral", text: expect.stringContaining("Remit commands") });
    const typo = await vendor.command("status");
    expect(await typo.json()).toEqual({ response_type: "ephemeral", text: "Which invoice? For example `/invoice status INV-0042`." });
    // Only the bot token's own team, asked once per process (auth.test), before the first answer.
    expect(vendor.slack.calls.filter((call) => call.method !== "auth.test")).toEqual([]);
  });

  it("lists invoices 10 at a time and pages in place", async () => {
    await vendor.command("list");
    expect(vendor.slack.responses).toHaveLength(1);
    const [first] = vendor.slack.responses;
    expect(first!.url).toBe(responseUrl);
    expect(first!.body).toMatchObject({ response_type: "ephemeral", replace_original: false, text: "Open invoices (12)" });
    const blocks = first!.body.blocks as { type: string; text?: { text: string }; elements?: { action_id: string; value: string }[] }[];
    expect(blocks[0]!.text!.text).toBe("*Open invoices (12)* · page 1 of 2");
    expect(blocks.filter((candidate) => candidate.type === "section")).toHaveLength(11);
    expect(blocks[1]!.text!.text).toBe("*INV-0001* · Globex · $1,200.00\n$1,200.00 due Nov 1, 2026, 19 days late");
    const next = blocks.at(-1)!.elements!;
    expect(next.map((element) => element.action_id)).toEqual(["invoice_list_page"]);

    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_list_page", value: next[0]!.value });
    expect(vendor.slack.responses[0]!.body).toMatchObject({ replace_original: true, text: "Open invoices (12)" });
    expect(JSON.stringify(vendor.slack.responses[0]!.body)).toContain("page 2 of 2");

    vendor.slack.clear();
    await vendor.command("list overdue");
    expect(vendor.slack.responses[0]!.body.text).toBe("Overdue invoices (3)");
    vendor.slack.clear();
    await vendor.command("list paid");
    expect(JSON.stringify(vendor.slack.responses[0]!.body.blocks)).toContain("paid Nov 2, 2026");
  });

  it("shows an invoice's status by number, or says it does not exist", async () => {
    await vendor.command("status 2");
    expect(vendor.slack.responses[0]!.body.text).toBe("Invoice INV-0002 for Acme Corp: $1,200.00, due Nov 2, 2026");
    expect(ephemeralText()).toContain("Overdue, 18 days late");
    expect(ephemeralText()).toContain("Not viewed by the client yet");
    expect(ephemeralText()).not.toContain("Emailed to");
    vendor.slack.clear();
    // What was emailed shows on the card: the last email and the reminders sent.
    const invoice = await vendor.app.db.invoice.findFirstOrThrow({ where: { workspaceId: vendor.workspaceId, number: "INV-0002" } });
    for (const [kind, day] of [
      ["email_sent", "2026-10-01"],
      ["reminder_sent", "2026-11-03"],
      ["reminder_sent", "2026-11-09"],
    ] as const) {
      await recordEmailed(vendor.app.db, {
        workspaceId: vendor.workspaceId,
        customerId: vendor.acme.id,
        invoiceId: invoice.id,
        kind,
        at: new Date(`${day}T09:00:00Z`),
      });
    }
    await vendor.command("status 2");
    expect(ephemeralText()).toContain("Emailed to ap@acme.example on Nov 9, 2026 · 2 reminders sent");
    vendor.slack.clear();
    await vendor.command("status INV-9999");
    expect(vendor.slack.responses[0]!.body).toMatchObject({
      response_type: "ephemeral",
      text: "There is no invoice INV-9999 in this workspace. `/invoice list` shows your invoices.",
    });
  });

  it("gives a fresh customer portal link, and asks when the name is ambiguous", async () => {
    await vendor.command("link acme corp");
    const url = /```(.+)```/.exec(ephemeralText())![1]!;
    const token = /\/p\/([^/]+)$/.exec(url)![1]!;
    const verified = await verifyPortalToken(vendor.app.db, vendor.app.secrets.signingKeys, token, now);
    expect(verified).toMatchObject({ ok: true, access: { customerId: vendor.acme.id, invoiceId: null, preview: false } });
    vendor.slack.clear();
    await aCustomer(vendor.app.db, vendor.workspaceId, { name: "Acme Holdings" });
    await vendor.command("link acme");
    expect(vendor.slack.responses[0]!.body.text).toBe('Several customers match "acme": Acme Corp, Acme Holdings. Write more of the name.');
    vendor.slack.clear();
    await vendor.command("link Nobody");
    expect(vendor.slack.responses[0]!.body.text).toContain('No customer is called "Nobody"');
  });

  it("asks before voiding, then voids on the button", async () => {
    // Voiding is for admins by default (decision 150); this workspace lets its members void.
    await vendor.app.db.workspace.update({ where: { id: vendor.workspaceId }, data: { memberPermissions: { push: "void" } } });
    await vendor.command("void inv-0004");
    const invoice = await vendor.app.db.invoice.findFirstOrThrow({ where: { workspaceId: vendor.workspaceId, number: "INV-0004" } });
    expect(invoice.status).toBe("open");
    const button = (vendor.slack.responses[0]!.body.blocks as { elements?: { action_id: string; value: string; style: string }[] }[]).at(-1)!.elements![0]!;
    expect(button).toMatchObject({ action_id: "invoice_void", value: invoice.id, style: "danger" });
    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_void", value: invoice.id });
    // The button asks why (and offers a corrected invoice instead) before anything changes.
    const form = vendor.slack.to("views.open")[0]!.args.view as Record<string, unknown>;
    expect((await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).status).toBe("open");
    const why = { ...untouchedState(form), void_reason: { value: { type: "plain_text_input", value: "Sent twice" } } };
    expect((await vendor.submit(form, why)).status).toBe(200);
    expect((await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).status).toBe("void");
    expect(await vendor.app.db.auditEntry.findFirst({ where: { invoiceId: invoice.id, action: "invoice_voided" } })).toMatchObject({ reason: "Sent twice" });
    vendor.slack.clear();
    await vendor.command("void INV-0004");
    expect(vendor.slack.responses[0]!.body.text).toBe("Invoice INV-0004 is void and cannot be voided.");
  });
});

describe("permissions", () => {
  it("turns Slack guests away in plain words", async () => {
    vendor.slack.reply("users.info", everyoneIs("guest"));
    for (const text of ["", "list"]) await vendor.command(text, { user_id: "U0GUEST" });
    await vendor.press({ actionId: "invoice_copy_link", value: "whatever", userId: "U0GUEST" });
    expect(vendor.slack.to("views.open")).toEqual([]);
    expect(vendor.slack.responses.map((response) => response.body.text)).toEqual(
      Array(3).fill("Remit is for the members of this Slack workspace; guests can't see or change invoices."),
    );
  });

  it("keeps settings for Slack admins", async () => {
    await vendor.command("settings");
    expect(vendor.slack.responses[0]!.body.text).toContain("Only admins and owners of this Slack workspace may change Remit's settings.");
    expect(vendor.slack.to("views.open")).toEqual([]);
  });
});

describe("settings", () => {
  const admin = "U0ADMIN";
  async function openSettings() {
    vendor.slack.reply("users.info", everyoneIs("admin"));
    return vendor.open("settings", { user_id: admin });
  }

  it("opens every section for an admin, and saves nothing while a field is wrong", async () => {
    const view = await openSettings();
    expect(view).toMatchObject({ callback_id: "settings_modal", title: plain("Remit settings") });
    const headers = (view.blocks as { type: string; text?: { text: string } }[])
      .filter((candidate) => candidate.type === "header")
      .map((candidate) => candidate.text!.text);
    expect(headers).toEqual([
      "Alerts",
      "Emails to clients",
      "Collections",
      "Default terms",
      "Quotes",
      "Branding",
      "Your business on invoices",
      "Partial payments",
      "Online payment (Stripe)",
      "Notion",
      "Who may do what",
    ]);
    expect((view.blocks as unknown[]).length).toBeLessThanOrEqual(100);

    const before = await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } });
    const response = await vendor.submit(
      view,
      settingsState({
        settings_brand_color: { value: { type: "plain_text_input", value: "teal" } },
        settings_timezone: { value: { type: "plain_text_input", value: "Mars/Olympus" } },
      }),
      admin,
    );
    expect(await response.json()).toEqual({
      response_action: "errors",
      errors: { settings_brand_color: "Brand colour must look like #4f46e5", settings_timezone: "Timezone must be an IANA name such as Europe/Paris" },
    });
    expect(await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } })).toEqual(before);
  });

  it("saves the collections rules and digest time, and refuses a threshold out of range beside its field", async () => {
    const view = await openSettings();
    const number = (text: string) => ({ value: { type: "number_input", value: text } });
    const choice = (value: string) => ({ value: { type: "static_select", selected_option: { text: plain(value), value } } });
    const initial = untouchedState(view);
    expect([initial.settings_risk_unopened, initial.settings_digest_day]).toEqual([
      { value: { type: "number_input", value: "3" } },
      { value: { type: "static_select", selected_option: { text: plain("Monday"), value: "1" } } },
    ]);
    const refused = await vendor.submit(view, settingsState({ settings_risk_retry: number("1000"), settings_risk_overdue: number("-1") }), admin);
    expect(await refused.json()).toEqual({
      response_action: "errors",
      errors: { settings_risk_retry: "Write a whole number from 0 to 720.", settings_risk_overdue: "Write a whole number from 0 to 365." },
    });
    const collections = {
      settings_risk_unopened: number("5"),
      settings_risk_overdue: number("0"),
      settings_risk_retry: number("24"),
      settings_risk_late_paid: number("10"),
      settings_digest_day: choice("5"),
      settings_digest_hour: choice("16"),
    };
    await vendor.submit(await openSettings(), settingsState(collections), admin);
    expect(await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } })).toMatchObject({
      riskUnopenedDays: 5,
      riskOverdueDays: 0,
      riskRetryHours: 24,
      riskLatePaidDays: 10,
      digestWeekday: 5,
      digestHour: 16,
    });
  });

  it("saves all sections at once", async () => {
    const view = await openSettings();
    const typed = (text: string) => ({ value: { type: "plain_text_input", value: text } });
    const fields = {
      settings_legal_name: typed("Northwind Studio Ltd"),
      settings_address: typed("4 Shoreditch High Street\nLondon E1 6PG"),
      settings_tax_id: typed("GB123456789"),
      settings_registration: typed("Companies House 01234567"),
      settings_billing_email: typed("billing@northwind.example"),
      settings_phone: typed(""),
      settings_website: typed("northwind.example"),
      settings_bank_name: typed("Example Bank"),
      settings_bank_holder: typed("Northwind Studio Ltd"),
      settings_bank_account: typed("GB33 BUKB 2020 1555 5555 55"),
      settings_bank_bic: typed("BUKBGB22"),
      settings_payment_instructions: typed(""),
    };
    const response = await vendor.submit(view, settingsState(fields), admin);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } })).toMatchObject({
      alertChannelId: "C0ALERTS",
      reminderDays: [1, 3, 10],
      defaultCurrency: "EUR",
      paymentTermsDays: 14,
      timezone: "Europe/Paris",
      locale: "fr-FR",
      invoicePrefix: "NW-",
      creditNotePrefix: "NW-CN-",
      defaultTemplate: "modern",
      name: "Northwind",
      brandColor: "#0f766e",
      allowPartialPayments: true,
      minimumPartialAmount: 5000,
      legalName: "Northwind Studio Ltd",
      address: "4 Shoreditch High Street\nLondon E1 6PG",
      taxId: "GB123456789",
      registrationNumber: "Companies House 01234567",
      billingEmail: "billing@northwind.example",
      phone: null,
      website: "northwind.example",
      bankName: "Example Bank",
      bankAccountHolder: "Northwind Studio Ltd",
      bankAccount: "GB33 BUKB 2020 1555 5555 55",
      bankBic: "BUKBGB22",
      paymentInstructions: null,
    });
    // The form opens with what is saved, and a mistyped email is shown beside its field.
    const again = await openSettings();
    const element = (blockId: string) =>
      (again.blocks as { block_id?: string; element?: Record<string, unknown> }[]).find((candidate) => candidate.block_id === blockId)?.element;
    expect(element("settings_tax_id")).toMatchObject({ initial_value: "GB123456789" });
    expect(element("settings_address")).toMatchObject({ multiline: true, initial_value: "4 Shoreditch High Street\nLondon E1 6PG" });
    const wrong = await vendor.submit(again, settingsState({ ...fields, settings_billing_email: typed("billing at northwind") }), admin);
    expect(await wrong.json()).toEqual({
      response_action: "errors",
      errors: { settings_billing_email: "Billing email must be an address such as billing@example.com" },
    });
    // Credit notes keep a series of their own: the invoices' prefix is refused beside the field, with the other mistakes.
    const same = await vendor.submit(again, settingsState({ ...fields, settings_billing_email: typed("x"), settings_credit_note_prefix: typed("NW-") }), admin);
    expect(await same.json()).toEqual({
      response_action: "errors",
      errors: {
        settings_billing_email: "Billing email must be an address such as billing@example.com",
        settings_credit_note_prefix: 'Credit notes need a prefix of their own, not the invoices\' "NW-": a number always names one document.',
      },
    });
    expect(element("settings_credit_note_prefix")).toMatchObject({ initial_value: "NW-CN-" });
    await vendor.app.db.workspace.update({
      where: { id: vendor.workspaceId },
      data: { defaultCurrency: "USD", locale: "en-US", timezone: "UTC", invoicePrefix: "INV-", creditNotePrefix: "CN-", alertChannelId: null },
    });
  });
});

describe("message buttons", () => {
  it("copies the client link, records a payment from Mark as paid, and replaces links from New link", async () => {
    const invoice = await vendor.app.db.invoice.findFirstOrThrow({ where: { workspaceId: vendor.workspaceId, number: "INV-0006" } });
    await vendor.app.db.slackInvoiceMessage.create({ data: { invoiceId: invoice.id, channel: channelId, ts: "1798000000.000050" } });

    await vendor.press({ actionId: "invoice_copy_link", value: invoice.id });
    expect(vendor.slack.responses[0]!.body.text).toMatch(new RegExp(`^Link for Acme Corp: http://remit.test/p/.+/invoices/${invoice.id}$`));

    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_mark_paid", value: invoice.id });
    const modal = vendor.slack.to("views.open")[0]!.args.view as Record<string, unknown>;
    expect(modal).toMatchObject({ callback_id: "payment_modal", private_metadata: JSON.stringify({ invoiceId: invoice.id }) });
    expect(JSON.stringify(modal.blocks)).toContain('"initial_value":"1,200.00"');

    const paying = (amount: string, day = "2026-11-19") => ({
      amount: { value: { type: "plain_text_input", value: amount } },
      method: { value: { type: "static_select", selected_option: { text: plain("Cash"), value: "Cash" } } },
      paid_on: { value: { type: "datepicker", selected_date: day } },
      note: { value: { type: "plain_text_input", value: "Paid at the office" } },
    });
    const tooMuch = await vendor.submit(modal, paying("1300"));
    expect(await tooMuch.json()).toEqual({ response_action: "errors", errors: { amount: "Amount is more than the balance due ($1,200.00)" } });
    const unreadable = await vendor.submit(modal, paying("12.345"));
    expect(await unreadable.json()).toEqual({ response_action: "errors", errors: { amount: "USD amounts have at most 2 decimals, such as 1,234.56." } });
    const future = await vendor.submit(modal, paying("100", "2026-11-25"));
    expect(await future.json()).toEqual({ response_action: "errors", errors: { paid_on: "Pick the day the money arrived (today or earlier)." } });
    expect(await vendor.app.db.payment.count({ where: { invoiceId: invoice.id } })).toBe(0);

    const recorded = await vendor.submit(modal, paying("1200"));
    expect(recorded.status).toBe(200);
    expect(await vendor.app.db.payment.findFirstOrThrow({ where: { invoiceId: invoice.id } })).toMatchObject({
      amount: 120_000,
      method: "Cash",
      note: "Paid at the office",
      paidAt: new Date("2026-11-19T00:00:00Z"),
    });
    expect((await vendor.app.db.invoice.findUniqueOrThrow({ where: { id: invoice.id } })).status).toBe("paid");

    const other = await vendor.app.db.invoice.findFirstOrThrow({ where: { workspaceId: vendor.workspaceId, number: "INV-0008" } });
    await vendor.app.db.slackInvoiceMessage.create({ data: { invoiceId: other.id, channel: channelId, ts: "1798000000.000060" } });
    const versionBefore = (await vendor.app.db.customer.findUniqueOrThrow({ where: { id: vendor.acme.id } })).portalTokenVersion;
    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_new_link", value: other.id });
    expect((await vendor.app.db.customer.findUniqueOrThrow({ where: { id: vendor.acme.id } })).portalTokenVersion).toBe(versionBefore + 1);
    expect(vendor.slack.to("chat.update").map((call) => [call.args.channel, call.args.ts])).toEqual([[channelId, "1798000000.000060"]]);
    expect(vendor.slack.responses[0]!.body.text).toMatch(/^New link for Acme Corp: http:\/\/remit\.test\/p\//);
  });

  it("only acknowledges the link buttons", async () => {
    const response = await vendor.press({ actionId: "invoice_open_pdf", value: "x" });
    expect(response.status).toBe(200);
    expect(vendor.slack.calls).toEqual([]);
  });
});

describe("App Home", () => {
  it("publishes receivables at a glance when the Home tab opens", async () => {
    const response = await vendor.send(
      eventCallback({ type: "app_home_opened", user: vendorId, channel: "D0HOME", tab: "home", event_ts: "1798000000.000100" }),
    );
    expect(response.status).toBe(200);
    const [publish] = vendor.slack.to("views.publish");
    expect(publish!.args.user_id).toBe(vendorId);
    const view = publish!.args.view as {
      type: string;
      blocks: { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { action_id?: string; text: string }[] }[];
    };
    expect(view.type).toBe("home");
    const { name } = await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } });
    expect(view.blocks[0]!.text!.text).toBe(`Receivables of ${name}`);
    expect(view.blocks[1]!.fields!.map((field) => field.text)).toEqual(["*Open*\n$12,000.00", "*Overdue*\n$3,600.00"]);
    expect(view.blocks[2]!.elements!.map((element) => element.action_id)).toEqual(["home_new_invoice", "home_settings"]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain("*INV-0001* · Globex\\n$1,200.00 due Nov 1, 2026, 19 days late");
    expect(text).toContain(":moneybag: Acme Corp paid $1,200.00 on *INV-0006*");
  });

  it("opens the invoice form from the Home tab", async () => {
    await vendor.press({ actionId: "home_new_invoice", home: true });
    expect(vendor.slack.to("views.open")[0]!.args.view).toMatchObject({ callback_id: "invoice_modal", private_metadata: JSON.stringify({ channel: null }) });
  });
});

// Last: these add invoices, which the receivables above do not count.
describe("emails to clients from Slack", () => {
  const admin = "U0ADMIN";
  const noAddress = async () =>
    (await vendor.app.db.customer.findFirst({ where: { workspaceId: vendor.workspaceId, name: "Initech" } })) ??
    aCustomer(vendor.app.db, vendor.workspaceId, { name: "Initech", email: null });
  async function openSettings() {
    vendor.slack.reply("users.info", everyoneIs("admin"));
    return vendor.open("settings", { user_id: admin });
  }

  it("sets the reminder schedule, reply-to, PDF and link from /invoice settings, and shows a bad schedule at its field", async () => {
    const view = await openSettings();
    const blocks = JSON.stringify(view.blocks);
    expect(blocks).toContain('"initial_value":"-3, 0, 1, 7, 14"');
    const wrong = await vendor.submit(
      view,
      settingsState({ settings_client_reminder_days: { value: { type: "plain_text_input", value: "three before, 0" } } }),
      admin,
    );
    expect(await wrong.json()).toEqual({
      response_action: "errors",
      errors: { settings_client_reminder_days: "Write whole days from the due date, separated by commas, such as -3, 0, 1, 7, 14." },
    });
    const far = await vendor.submit(view, settingsState({ settings_client_reminder_days: { value: { type: "plain_text_input", value: "-45, 0" } } }), admin);
    expect(await far.json()).toEqual({
      response_action: "errors",
      errors: { settings_client_reminder_days: "Client reminders start at most 30 days before the due date" },
    });

    const saved = await vendor.submit(
      view,
      settingsState({
        settings_client_reminders: { value: { type: "checkboxes", selected_options: [] } },
        settings_client_reminder_days: { value: { type: "plain_text_input", value: "14, -5,0" } },
        settings_reply_to: { value: { type: "email_text_input", value: "hello@northwind.example" } },
        settings_email_attach: { value: { type: "checkboxes", selected_options: [{ text: plain("x"), value: "on" }] } },
        settings_email_link: { value: { type: "radio_buttons", selected_option: { text: plain("The client's portal"), value: "portal" } } },
      }),
      admin,
    );
    expect(await saved.text()).toBe("");
    expect(await vendor.app.db.workspace.findUniqueOrThrow({ where: { id: vendor.workspaceId } })).toMatchObject({
      clientReminders: false,
      clientReminderDays: [-5, 0, 14],
      emailReplyTo: "hello@northwind.example",
      emailAttachPdf: true,
      emailLinkScope: "portal",
    });
    const reopened = JSON.stringify((await openSettings()).blocks);
    expect(reopened).toContain('"initial_value":"-5, 0, 14"');
    expect(reopened).toContain('"initial_value":"hello@northwind.example"');
    await vendor.app.db.workspace.update({
      where: { id: vendor.workspaceId },
      data: {
        defaultCurrency: "USD",
        locale: "en-US",
        timezone: "UTC",
        invoicePrefix: "INV-",
        alertChannelId: null,
        clientReminders: true,
        clientReminderDays: [-3, 0, 1, 7, 14],
        emailReplyTo: null,
        emailAttachPdf: false,
        emailLinkScope: "invoice",
      },
    });
  });

  it("emails the invoice and a reminder on a person's request, says it goes even if one went before, and records who asked", async () => {
    const invoice = await anInvoice(vendor.app.db, vendor.workspaceId, vendor.acme.id, { issueDate: "2026-11-01", dueDate: "2026-12-15" });
    const requests = () => vendor.app.db.outboxEvent.count({ where: { type: "email.requested", aggregateId: invoice.id } });

    await vendor.press({ actionId: "invoice_send_to_client", value: invoice.id });
    expect(vendor.slack.responses[0]!.body.text).toBe(
      `Invoice *${invoice.number}* is on its way to ap@acme.example. You asked, so it goes even if one went before; the invoice message shows when the mail server took it.`,
    );
    vendor.slack.clear();
    await vendor.command(`remind ${invoice.number}`);
    expect(vendor.slack.responses[0]!.body.text).toContain(`A reminder of *${invoice.number}* is on its way to ap@acme.example.`);
    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_remind_client", value: invoice.id, userId: "U0OTHER" });
    expect(await requests()).toBe(3);
    const changes = await vendor.app.db.auditEntry.findMany({ where: { invoiceId: invoice.id }, orderBy: { createdAt: "asc" } });
    expect(changes.map((change) => [change.action, change.actor])).toEqual([
      ["invoice_emailed", `slack:${vendorId}`],
      ["reminder_emailed", `slack:${vendorId}`],
      ["reminder_emailed", "slack:U0OTHER"],
    ]);

    // Nothing to remind of once paid, and no address means no email: said in words, nothing queued.
    await vendor.app.db.invoice.update({ where: { id: invoice.id }, data: { status: "paid", amountPaid: invoice.total } });
    vendor.slack.clear();
    await vendor.command(`remind ${invoice.number}`);
    expect(ephemeralText()).toContain(`${invoice.number} has nothing left to pay: no reminder to send.`);
    const unreachable = await anInvoice(vendor.app.db, vendor.workspaceId, (await noAddress()).id, { issueDate: "2026-11-01", dueDate: "2026-12-15" });
    vendor.slack.clear();
    await vendor.press({ actionId: "invoice_send_to_client", value: unreachable.id });
    expect(ephemeralText()).toContain("Initech has no email address on file.");
    expect(await requests()).toBe(3);
  });

  it("draws Email / Resend and Send reminder on the invoice message only when the client has an address", async () => {
    const invoice = await anInvoice(vendor.app.db, vendor.workspaceId, vendor.acme.id, { issueDate: "2026-11-01", dueDate: "2026-12-15" });
    const buttonsOf = async (number: string) => {
      vendor.slack.clear();
      await vendor.command(`status ${number}`);
      const blocks = vendor.slack.responses[0]!.body.blocks as {
        type: string;
        elements?: { action_id: string; text: { text: string }; confirm?: { text: { text: string } } }[];
      }[];
      return blocks.find((block) => block.type === "actions")!.elements!;
    };
    const names = (buttons: Awaited<ReturnType<typeof buttonsOf>>) => buttons.map((button) => button.text.text);
    expect(names(await buttonsOf(invoice.number))).toEqual(expect.arrayContaining(["Email to client", "Send reminder"]));
    await recordEmailed(vendor.app.db, { workspaceId: vendor.workspaceId, customerId: vendor.acme.id, invoiceId: invoice.id, kind: "email_sent", at: now });
    await recordEmailed(vendor.app.db, {
      workspaceId: vendor.workspaceId,
      customerId: vendor.acme.id,
      invoiceId: invoice.id,
      kind: "reminder_sent",
      at: new Date("2026-12-18T09:00:00Z"),
    });
    const resend = (await buttonsOf(invoice.number)).find((button) => button.action_id === "invoice_send_to_client")!;
    // `/invoice status` lists the emails the client had about it.
    expect(JSON.stringify(vendor.slack.responses[0]!.body.blocks)).toContain(
      "*Emails to ap@acme.example*\\n• Email on Nov 20, 2026\\n• Reminder on Dec 18, 2026",
    );
    expect(resend.text.text).toBe("Resend to client");
    expect(resend.confirm!.text.text).toContain("Remit never sends the same email twice on its own; this sends a new one now.");
    const unreachable = await anInvoice(vendor.app.db, vendor.workspaceId, (await noAddress()).id, { issueDate: "2026-11-01", dueDate: "2026-12-15" });
    expect(names(await buttonsOf(unreachable.number))).not.toContain("Email to client");
    expect(JSON.stringify(vendor.slack.responses[0]!.body.blocks)).toContain("Initech has no email address: send the link yourself");
  });

  it("fixes a refused address from the alert's button and sends the email again to it; a bad address is refused at the field", async () => {
    const invoice = await anInvoice(vendor.app.db, vendor.workspaceId, vendor.acme.id, { issueDate: "2026-11-01", dueDate: "2026-12-15" });
    const source = await vendor.app.db.outboxEvent.findFirstOrThrow({ where: { type: "invoice.issued", aggregateId: invoice.id } });
    await vendor.app.db.delivery.upsert({
      where: { eventId_subscriber: { eventId: source.id, subscriber: "email" } },
      create: { eventId: source.id, subscriber: "email", aggregateId: invoice.id, status: "dead", attempts: 1, lastError: "550" },
      update: { status: "dead", attempts: 1, lastError: "550" },
    });
    const failed = JSON.stringify({ eventId: source.id, customerId: vendor.acme.id, invoiceId: invoice.id });

    await vendor.press({ actionId: "email_fix_address", value: failed });
    const modal = vendor.slack.to("views.open")[0]!.args.view as Record<string, unknown>;
    expect(modal).toMatchObject({ callback_id: "email_address_modal", private_metadata: failed });
    expect(JSON.stringify(modal.blocks)).toContain('"initial_value":"ap@acme.example"');

    const typed = (address: string) => ({ email_address: { value: { type: "email_text_input", value: address } } });
    const bad = await vendor.submit(modal, typed("ap at acme"));
    expect(await bad.json()).toEqual({ response_action: "errors", errors: { email_address: "Email must be an address such as billing@example.com" } });
    expect(await vendor.app.db.delivery.count({ where: { eventId: source.id, subscriber: "email", status: "dead" } })).toBe(1);

    vendor.slack.clear();
    const good = await vendor.submit(modal, typed("accounts@acme.example"));
    expect(await good.text()).toBe("");
    expect(await vendor.app.db.customer.findUniqueOrThrow({ where: { id: vendor.acme.id } })).toMatchObject({ email: "accounts@acme.example" });
    expect(await vendor.app.db.delivery.findFirstOrThrow({ where: { eventId: source.id, subscriber: "email" } })).toMatchObject({
      status: "pending",
      attempts: 0,
    });
    expect(vendor.slack.to("chat.postMessage")[0]!.args.text).toBe(
      "Saved accounts@acme.example as the client's address; the refused email is on its way to it.",
    );

    // "Send again" once nothing is waiting: said so, nothing queued twice.
    vendor.slack.clear();
    await vendor.press({ actionId: "email_resend", value: failed });
    expect(vendor.slack.responses[0]!.body.text).toContain("That email is no longer waiting to be sent again");
    const actions = await vendor.app.db.auditEntry.findMany({
      where: { workspaceId: vendor.workspaceId, action: { in: ["customer_email_changed", "email_resent"] } },
    });
    expect(actions.map((entry) => [entry.action, entry.actor])).toEqual([
      ["customer_email_changed", `slack:${vendorId}`],
      ["email_resent", `slack:${vendorId}`],
    ]);
    await vendor.app.db.customer.update({ where: { id: vendor.acme.id }, data: { email: "ap@acme.example" } });
  });
});
