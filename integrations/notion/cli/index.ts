import { notionBackfill } from "./backfill.ts";
import { notionConnect } from "./connect.ts";
import { notionStatus } from "./status.ts";

/** `remit notion …`: connect a workspace, see its mirror, backfill existing invoices. */
export const notionCommands = [notionConnect, notionStatus, notionBackfill];
