import { expect, it } from "vitest";
import { acceptQuote } from "#app/billing/quotes.server.ts";
import { quotePartLabel } from "#app/i18n/quote-words.ts";
import { aCustomer, aWorkspace } from "#tests/fixtures.ts";
import { cliDatabase } from "#tests/cli.ts";

const cli = cliDatabase();
const { remit } = cli;

it("creates, lists, sends, withdraws quotes and invoices the rest of an accepted one from the command line", async () => {
  const workspace = await aWorkspace(cli.db, { defaultCurrency: "EUR", locale: "de-DE" });
  const customer = await aCustomer(cli.db, workspace.id, { name: "Acme GmbH" });
  const ws = ["--workspace", workspace.id];
  const created = await remit(
    "quote",
    "create",
    ...ws,
    "--customer",
    customer.id,
    "--line",
    "Website|1|1.200,00",
    "--tax",
    "19",
    "--deposit",
    "25",
    "--valid-until",
    "2099-01-31",
  );
  expect(created).toMatchObject({ code: 0, out: expect.stringMatching(/^Created sent quote Q-0001 \([\w-]+\) for 1\.428,00\s€, valid until 2099-01-31\.$/) });
  const draft = await remit("quote", "create", ...ws, "--customer", customer.id, "--line", "Logo|1|300", "--draft", "--valid-until", "2099-01-31");
  expect(draft.out).toMatch(/^Created draft quote Q-0002/);
  expect(await remit("quote", "list", ...ws)).toMatchObject({
    code: 0,
    out: expect.stringMatching(/Q-0002\s+draft[\s\S]+Q-0001\s+sent\s+1\.428,00\s€\s+valid until 2099-01-31\s+Acme GmbH/),
  });
  expect(await remit("quote", "send", ...ws, "--number", "Q-0002")).toMatchObject({ code: 0, out: "Sent quote Q-0002 to Acme GmbH." });
  expect(await remit("quote", "withdraw", ...ws, "--number", "q-0002")).toMatchObject({ code: 0, out: "Withdrew quote Q-0002." });
  expect(await remit("quote", "withdraw", ...ws, "--number", "Q-0002")).toMatchObject({
    code: 1,
    err: expect.stringContaining("Quote Q-0002 is withdrawn and cannot be withdrawn."),
  });
  expect(await remit("quote", "invoice-rest", ...ws, "--number", "Q-0001")).toMatchObject({
    code: 1,
    err: expect.stringContaining("only an accepted quote is invoiced"),
  });

  const quote = await cli.db.quote.findFirstOrThrow({ where: { workspaceId: workspace.id, number: "Q-0001" } });
  await acceptQuote(
    cli.db,
    { workspaceId: workspace.id, customerId: customer.id, quoteId: quote.id },
    { name: "Eva", termsAccepted: false, ip: null },
    new Date(Date.parse("2026-11-21T09:00:00Z")),
    quotePartLabel,
  );
  expect(await remit("quote", "invoice-rest", ...ws, "--number", "Q-0001")).toMatchObject({
    code: 0,
    out: expect.stringMatching(/^Issued invoice INV-0002 for the rest of quote Q-0001: 1\.071,00\s€\.$/),
  });
  const rest = await cli.db.invoice.findFirstOrThrow({ where: { quoteId: quote.id, quotePart: "rest" }, include: { lines: true } });
  expect(rest.lines[0]!.productName).toMatch(/^Restbetrag \(75\s%\) zu Angebot Q-0001$/);

  const settings = await remit("quote", "settings", ...ws, "--prefix", "OF-", "--validity", "14", "--terms", "Half up front.", "--follow-up", "draft");
  expect(settings).toMatchObject({
    code: 0,
    out: `Quotes of "${workspace.name}": numbered OF-0001…, valid 14 days, with terms to tick; acceptance makes a draft invoice.`,
  });
  expect(await remit("quote", "settings", ...ws, "--follow-up", "later")).toMatchObject({ code: 2, err: expect.stringContaining("follow-up") });
  await cli.db.workspace.update({ where: { id: workspace.id }, data: { alertChannelId: "C0ALERTS" } });
  await remit("quote", "settings", ...ws, "--terms", "");
  // Only quote settings change: the alert channel stays.
  expect(await cli.db.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).toMatchObject({
    quoteTerms: null,
    quotePrefix: "OF-",
    alertChannelId: "C0ALERTS",
  });
});
