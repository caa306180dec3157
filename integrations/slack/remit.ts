import type { AppContext } from "#app/context.server.ts";
import type { NotionConnector } from "./settings/notion.ts";

/** What the Slack app uses of the running Remit: read lazily, so tests may swap the clock. */
export type Remit = Pick<AppContext, "db" | "env" | "secrets" | "now" | "stripe"> & { notion: NotionConnector };
