import { context, section, type Block } from "./kit.ts";

/** `/invoice help`: every command with an example, after `lead` when there is something to say first. */
export function helpMessage(lead?: string): { text: string; blocks: Block[] } {
  const commands = [
    ["`/invoice`", "Open the form for a new invoice."],
    ["`/invoice new Lisa`", "The form for a customer whose name looks like a command."],
    [
      "`/invoice Acme Corp 1200 Website redesign due 2026-12-31`",
      "Open the form filled in with what is clear: customer, amount, description, due date (or `due in 14 days`).",
    ],
    [
      "`/invoice quote` · `quote Acme Corp 1200 Website redesign`",
      "Open the form for a quote (or choose Quote under Make in the invoice form): the client accepts or declines it from their link; acceptance makes the invoice.",
    ],
    ["`/invoice list` · `list overdue` · `list paid` · `list draft`", "Your open, late, paid or draft invoices, 10 at a time. Only you see the list."],
    ["`/invoice status INV-0042`", "Where an invoice stands: amount, paid, due, views."],
    ["`/invoice link Acme Corp`", "A fresh portal link for a customer, to paste into an email."],
    [
      "`/invoice customers` · `customers acme`",
      "Your customers with what each owes; a customer's card shows their invoices, payments, views and how fast they pay, to edit their details, email them their link or start an invoice.",
    ],
    ["`/invoice list acme` · `list INV-0042` · `list acme paid`", "Find invoices by customer or number, with a status if you like."],
    ["`/invoice remind INV-0042`", "Email the client a reminder of what is left to pay, now (besides the scheduled ones)."],
    ["`/invoice void INV-0042`", "Void an invoice (you confirm first)."],
    [
      "`/invoice recurring`",
      "Your recurring invoices with their next date and amount: pause, resume, change the next amount or stop them. *Make recurring* on an invoice's message sets one up; *Instalments* splits an invoice into parts.",
    ],
    ["`/invoice settings`", "Alert channel, emails and reminders to clients, default terms, branding, partial payments (Slack admins)."],
    ["`/invoice help`", "This list."],
  ];
  const blocks: Block[] = [
    ...(lead ? [section(lead)] : []),
    section("*Remit: invoices from Slack*"),
    ...commands.map(([usage, what]) => section(`${usage}\n${what}`)),
    context("Open the Remit app's Home tab for open and overdue totals and recent activity."),
  ];
  return { text: lead ?? "Remit commands: /invoice, quote, list, status, link, remind, void, settings, help", blocks };
}
