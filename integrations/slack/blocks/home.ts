import type { types } from "@slack/bolt";
import type { ActivityItem, CurrencyAmount } from "#app/billing/receivables.server.ts";
import { daysBetween } from "#app/platform/calendar.ts";
import { balanceDue } from "#app/billing/invoice-math.ts";
import { day, escape, money, plural } from "../format.ts";
import { actions } from "../ids.ts";
import { actionsBlock, button, context, divider, fields, header, section, type Block } from "./kit.ts";

export interface HomeInput {
  workspaceName: string;
  locale: string;
  alertChannelId: string | null;
  today: Date;
  open: CurrencyAmount[];
  overdue: CurrencyAmount[];
  mostOverdue: { number: string; dueDate: Date; total: number; amountPaid: number; currency: string; customer: { name: string } }[];
  activity: ActivityItem[];
}

const totals = (amounts: CurrencyAmount[], locale: string) =>
  amounts
    .filter(({ amount }) => amount > 0)
    .map(({ amount, currency }) => money(amount, currency, locale))
    .join("\n") || "Nothing";

/** The App Home tab: receivables at a glance and the way to a new invoice or the settings. */
export function homeView(home: HomeInput): types.HomeView {
  const { locale } = home;
  const blocks: Block[] = [
    header(`Receivables of ${home.workspaceName}`.slice(0, 150)),
    fields(`*Open*\n${totals(home.open, locale)}`, `*Overdue*\n${totals(home.overdue, locale)}`),
    actionsBlock([button("New invoice", { actionId: actions.newInvoice, style: "primary" }), button("Settings", { actionId: actions.settings })]),
  ];
  if (!home.alertChannelId) blocks.push(context(":bell: Alerts are off: choose an alert channel in Settings."));
  blocks.push(divider, section("*Most overdue*"));
  if (!home.mostOverdue.length) blocks.push(context("No invoice is late. :tada:"));
  for (const invoice of home.mostOverdue) {
    const late = daysBetween(invoice.dueDate, home.today);
    blocks.push(
      section(
        `*${invoice.number}* · ${escape(invoice.customer.name)}\n${money(balanceDue(invoice), invoice.currency, locale)} due ${day(invoice.dueDate, locale)}, ${plural(late, "day")} late`,
      ),
    );
  }
  blocks.push(divider, section("*Recent activity*"));
  if (!home.activity.length) blocks.push(context("Views and payments show up here."));
  for (const item of home.activity) {
    const who = escape(item.customerName);
    blocks.push(
      context(
        item.kind === "viewed"
          ? `:eyes: ${who} viewed *${item.invoiceNumber}* · ${day(item.at, locale)}`
          : `:moneybag: ${who} paid ${money(item.amount, item.currency, locale)} on *${item.invoiceNumber}* · ${day(item.at, locale)}`,
      ),
    );
  }
  return { type: "home", blocks };
}

/** What a Slack guest sees instead: receivables are for the vendor's own team. */
export function guestHomeView(): types.HomeView {
  return { type: "home", blocks: [section("Remit is for the members of this Slack workspace. Guests can't see invoices.")] };
}
