import { commandsFor } from "#app/platform/cli/command.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import type { NotionService } from "../service.ts";

/** What `remit notion …` needs of the running app. */
export interface NotionCliApp {
  db: Db;
  notion: NotionService;
}

export const command = commandsFor<NotionCliApp>();
