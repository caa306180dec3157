import type { types } from "@slack/bolt";
import type { CollectionsReport } from "#app/billing/aging.server.ts";
import { reasonText } from "#app/billing/engagement.ts";
import { homeView, type HomeInput } from "../blocks/home.ts";
import { context, divider, limits, section, type Block } from "../blocks/kit.ts";
import { atRiskButtons, agingFields } from "../collections/blocks.ts";
import { day, escape, money, plural } from "../format.ts";

/** At-risk invoices shown with their buttons (two blocks each); the rest are counted. */
export const homeAtRisk = 10;
/** Currencies shown by age; a workspace rarely bills in more. */
const homeCurrencies = 5;
/** Customers in the "How customers pay" list (the slowest payers first); the rest are counted. */
export const homeCustomers = 15;

/** Receivables by age, at-risk invoices with one-click actions, and how each customer pays. */
export function collectionsBlocks(report: CollectionsReport): Block[] {
  const { locale } = report.workspace;
  const blocks: Block[] = [divider, section("*Receivables by age*")];
  if (!report.aging.length) blocks.push(context("Nothing is owed. :tada:"));
  for (const row of report.aging.slice(0, homeCurrencies)) blocks.push(agingFields(row, locale));
  if (report.aging.length > homeCurrencies)
    blocks.push(context(`${report.aging.length - homeCurrencies} more currencies: \`remit report aging\` lists them all.`));

  blocks.push(divider, section(`*At risk* (${report.atRisk.length})`));
  if (!report.atRisk.length) blocks.push(context("No invoice is at risk. :tada:"));
  for (const invoice of report.atRisk.slice(0, homeAtRisk)) {
    const owed = `${money(invoice.balance, invoice.currency, locale)} due ${day(invoice.dueDate, locale)}`;
    const why = invoice.reasons.map((reason) => escape(reasonText(reason))).join("; ");
    blocks.push(
      section(`:warning: *${invoice.number}* · ${escape(invoice.customerName)} · ${owed}\n${why}`),
      ...atRiskButtons(invoice.id, Boolean(invoice.customerEmail), `risk_${invoice.id}`),
    );
  }
  if (report.atRisk.length > homeAtRisk) blocks.push(context(`…and ${report.atRisk.length - homeAtRisk} more: \`/invoice list overdue\`.`));

  blocks.push(divider, section("*How customers pay*"));
  const payers = report.customers.slice(0, homeCustomers);
  if (!payers.length) blocks.push(context("Average days to pay show up once clients have paid."));
  else
    blocks.push(
      section(
        payers
          .map(
            (customer) =>
              `• ${escape(customer.name)}: ${plural(customer.averageDaysToPay, "day")} on average (${plural(customer.paid, "invoice")}${customer.paidLate ? `, ${customer.paidLate} late` : ""})`,
          )
          .join("\n"),
      ),
    );
  if (report.customers.length > homeCustomers)
    blocks.push(context(`…and ${plural(report.customers.length - homeCustomers, "more customer")}: \`remit report aging\` lists them all.`));
  return blocks;
}

/**
 * The Home tab: receivables at a glance (blocks/home.ts) with the collections view after its
 * buttons. Block Kit takes at most 100 blocks in a view (decision 026): the lists are capped so
 * the whole stays within it, and anything past it is cut with a note.
 */
export function collectionsHomeView(home: HomeInput, report: CollectionsReport): types.HomeView {
  const base = homeView(home).blocks as Block[];
  const at = base.findIndex((block) => block.type === "divider");
  const blocks = at < 0 ? [...base, ...collectionsBlocks(report)] : [...base.slice(0, at), ...collectionsBlocks(report), ...base.slice(at)];
  if (blocks.length > limits.viewBlocks) blocks.splice(limits.viewBlocks - 1, blocks.length, context("More in `remit report aging`."));
  return { type: "home", blocks };
}
