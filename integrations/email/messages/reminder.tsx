import { Action, Facts, Layout, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { langOf, type InvoiceFacts, type MessageContext } from "./context.ts";
import { longDay, moneyIn } from "./format.ts";
import { messageStrings } from "./words.ts";

export const strings = {
  subjectBefore_one: "Reminder: invoice {{number}} from {{vendor}} is due tomorrow",
  subjectBefore_other: "Reminder: invoice {{number}} from {{vendor}} is due in {{count}} days",
  subjectToday: "Reminder: invoice {{number}} from {{vendor}} is due today",
  subjectLate_one: "Invoice {{number}} from {{vendor}} is {{count}} day overdue",
  subjectLate_other: "Invoice {{number}} from {{vendor}} is {{count}} days overdue",
  heading: "Invoice {{number}}",
  greeting: "Hello {{customer}},",
  before_one: "A friendly reminder that invoice {{number}} from {{vendor}} is due tomorrow, {{due}}.",
  before_other: "A friendly reminder that invoice {{number}} from {{vendor}} is due in {{count}} days, on {{due}}.",
  today: "A friendly reminder that invoice {{number}} from {{vendor}} is due today, {{due}}.",
  late_one: "Invoice {{number}} from {{vendor}} was due on {{due}} and is now {{count}} day overdue.",
  late_other: "Invoice {{number}} from {{vendor}} was due on {{due}} and is now {{count}} days overdue.",
  balance: "Left to pay",
  dueOn: "Due",
  alreadyPaid: "If you have already paid, thank you, and please ignore this reminder.",
  buttonPay: "View and pay",
  buttonView: "View invoice",
  payOffline: "{{vendor}} will tell you how to pay if you need their details again.",
  thanks: "Thank you,",
};
const t = messageStrings("email-reminder", strings);

export interface ReminderInput extends MessageContext {
  invoice: InvoiceFacts;
  /** Days from the due date on the vendor's calendar: -3 is three days before, 0 the day, 7 a week late. */
  daysFromDue: number;
  url: string;
  payOnline: boolean;
}

function when(daysFromDue: number): { key: "before" | "today" | "late"; count: number } {
  if (daysFromDue < 0) return { key: "before", count: -daysFromDue };
  if (daysFromDue === 0) return { key: "today", count: 0 };
  return { key: "late", count: daysFromDue };
}

/** Before, on or after the due date: what is left to pay, and the link to pay it. */
export function composeReminder(input: ReminderInput): Promise<ComposedEmail> {
  const { invoice, vendor, locale } = input;
  const money = moneyIn(locale);
  const balance = money(invoice.balanceDue, invoice.currency);
  const { key, count } = when(input.daysFromDue);
  const values = { number: invoice.number, vendor: vendor.name, customer: input.customerName, due: longDay(invoice.dueDate, locale), count };
  const subjectKey = key === "before" ? "subjectBefore" : key === "today" ? "subjectToday" : "subjectLate";
  const subject = `${t(subjectKey, values)} — ${balance}`;
  return renderEmail(
    subject,
    <Layout lang={langOf(locale)} preview={t(key, values)} heading={t("heading", values)} vendor={vendor}>
      <Paragraph>{t("greeting", values)}</Paragraph>
      <Paragraph>{t(key, values)}</Paragraph>
      <Facts rows={[[t("balance"), balance], [t("dueOn"), values.due]]} />
      {input.payOnline ? null : <Paragraph>{t("payOffline", values)}</Paragraph>}
      <Action href={input.url} label={input.payOnline ? t("buttonPay") : t("buttonView")} vendor={vendor} />
      <Paragraph>{t("alreadyPaid")}</Paragraph>
      <Paragraph>
        {t("thanks")}
        <br />
        {vendor.name}
      </Paragraph>
    </Layout>,
  );
}
