import { emailCommands } from "#integrations/email/index.ts";
import { notionCommands } from "#integrations/notion/index.ts";
import { stripeCommands } from "#integrations/stripe/index.ts";
import type { CliCommand } from "./command.ts";
import { backupCommand } from "./backup.ts";
import { customerCreate } from "./customer/create.ts";
import { customerList } from "./customer/list.ts";
import { demoCommand } from "./demo.ts";
import { eventsList } from "./events/list.ts";
import { eventsRetry } from "./events/retry.ts";
import { invoiceCreate } from "./invoice/create.ts";
import { invoiceList } from "./invoice/list.ts";
import { invoiceSplit } from "./invoice/split.ts";
import { recurringCreate } from "./recurring/create.ts";
import { recurringList } from "./recurring/list.ts";
import { recurringAmount, recurringPause, recurringResume, recurringStop } from "./recurring/change.ts";
import { linkCommand } from "./link.ts";
import { quoteCreate } from "./quote/create.ts";
import { quoteList } from "./quote/list.ts";
import { quoteSend } from "./quote/send.ts";
import { quoteWithdraw } from "./quote/withdraw.ts";
import { quoteInvoiceRest } from "./quote/invoice-rest.ts";
import { quoteSettings } from "./quote/settings.ts";
import { migrateCommand } from "./migrate.ts";
import { moveCommand } from "./move.ts";
import { restoreCommand } from "./restore.ts";
import { revokeCommand } from "./revoke.ts";
import { reportAging } from "./report/aging.ts";
import { serveCommand } from "./serve.ts";
import { workspaceCreate } from "./workspace/create.ts";
import { workspaceList } from "./workspace/list.ts";
import { workspacePayments } from "./workspace/payments.ts";
import { workspaceUpdate } from "./workspace/update.ts";

/** Every `remit` command, in the order `remit --help` lists them. An integration brings its own. */
export const commands: CliCommand[] = [
  serveCommand,
  migrateCommand,
  backupCommand,
  restoreCommand,
  moveCommand,
  demoCommand,
  workspaceCreate,
  workspaceUpdate,
  workspaceList,
  workspacePayments,
  customerCreate,
  customerList,
  invoiceCreate,
  invoiceList,
  invoiceSplit,
  recurringCreate,
  recurringList,
  recurringPause,
  recurringResume,
  recurringStop,
  recurringAmount,
  quoteCreate,
  quoteList,
  quoteSend,
  quoteWithdraw,
  quoteInvoiceRest,
  quoteSettings,
  linkCommand,
  revokeCommand,
  reportAging,
  eventsList,
  eventsRetry,
  ...notionCommands,
  ...emailCommands,
  ...stripeCommands,
];
