import { Action, Facts, Letter, Paragraph, renderEmail, type ComposedEmail } from "./layout.tsx";
import { emailWords, type InvoiceFacts, type MessageContext } from "./context.ts";
import { longDay, moneyIn } from "./format.ts";

export interface ReminderInput extends MessageContext {
  invoice: InvoiceFacts;
  /** Days from the due date on the vendor's calendar: -3 is three days before, 0 the day, 7 a week late. */
  daysFromDue: number;
  url: string;
  payOnline: boolean;
}

/** Which words a reminder uses: "tomorrow" is its own phrase, not the plural of "in N days" (Russian's "one" also covers 21). */
function when(daysFromDue: number) {
  if (daysFromDue === -1) return { subject: "reminder.subjectTomorrow", body: "reminder.tomorrow", count: 1 } as const;
  if (daysFromDue < 0) return { subject: "reminder.subjectBefore", body: "reminder.before", count: -daysFromDue } as const;
  if (daysFromDue === 0) return { subject: "reminder.subjectToday", body: "reminder.today", count: 0 } as const;
  return { subject: "reminder.subjectLate", body: "reminder.late", count: daysFromDue } as const;
}

/** Before, on or after the due date: what is left to pay, and the link to pay it. */
export function composeReminder(input: ReminderInput): Promise<ComposedEmail> {
  const { invoice, vendor, language } = input;
  const t = emailWords(language);
  const balance = moneyIn(language.locale)(invoice.balanceDue, invoice.currency);
  const words = when(input.daysFromDue);
  const values = {
    number: invoice.number,
    vendor: vendor.name,
    customer: input.customerName,
    due: longDay(invoice.dueDate, language.locale),
    count: words.count,
    amount: balance,
  };
  return renderEmail(
    t(words.subject, values),
    <Letter to={input} preview={t(words.body, values)} heading={t("invoice.heading", values)}>
      <Paragraph>{t(words.body, values)}</Paragraph>
      <Facts
        rows={[
          [t("reminder.balance"), balance],
          [t("reminder.dueOn"), values.due],
        ]}
      />
      {input.payOnline ? null : <Paragraph>{t("reminder.payOffline", values)}</Paragraph>}
      <Action href={input.url} label={input.payOnline ? t("layout.buttonPay") : t("layout.buttonView")} language={language} vendor={vendor} />
      <Paragraph>{t("reminder.alreadyPaid")}</Paragraph>
    </Letter>,
  );
}
