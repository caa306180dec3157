import type { Subscriber } from "#app/ports/events.ts";
import type { NotionMirrorStatus } from "./store.ts";
import type { BackfillOptions, BackfillProgress } from "./backfill.ts";
import type { NotionConnectInput, NotionConnectResult } from "./connect.ts";

/** The Notion mirror as the rest of Remit sees it. */
export interface NotionService {
  /** The outbox subscriber that keeps each invoice's page current. */
  subscriber: Subscriber;
  /** Checks and stores a workspace's token and target; throws NotionConnectError in plain words. */
  connect(workspaceId: string, input: NotionConnectInput): Promise<NotionConnectResult>;
  /** What the settings screen and `remit notion status` show (no request to Notion). */
  status(workspaceId: string): Promise<NotionMirrorStatus>;
  backfill(options?: BackfillOptions): Promise<BackfillProgress[]>;
  /** Connects the workspace NOTION_TOKEN belongs to, unless already so; says what it did. */
  applyEnvironment(): Promise<string | null>;
}
