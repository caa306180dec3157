import type { AppContext } from "#app/context.server.ts";
import type { NotionMirrorStatus } from "#integrations/notion/store.ts";
import type { NotionConnectInput, NotionConnectResult } from "#integrations/notion/index.ts";

export { NotionConnectError } from "#integrations/notion/store.ts";
export type { NotionConnectInput, NotionConnectResult, NotionMirrorStatus };

/**
 * Connects a workspace to Notion (for routes and the Slack settings modal): checks that the
 * token can read and write the target, adds missing columns, stores the token encrypted.
 * Throws NotionConnectError (`field`: "token" | "target" | "properties") with a plain message.
 */
export function connectNotion(app: AppContext, workspaceId: string, input: NotionConnectInput): Promise<NotionConnectResult> {
  return app.notion.connect(workspaceId, input);
}

/** Connection, lost access and mirror counts, without a request to Notion. */
export function notionStatus(app: AppContext, workspaceId: string): Promise<NotionMirrorStatus> {
  return app.notion.status(workspaceId);
}
