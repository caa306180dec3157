import { commandsFor } from "#app/platform/cli/command.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import type { Subscriber } from "#app/ports/events.ts";

/** What `remit email …` needs of the running app (list, show and test need none of it). */
export interface EmailCliApp {
  db: Db;
  now: () => Date;
  email: { subscriber: Subscriber };
}

export const command = commandsFor<EmailCliApp>();
