import type { ViewOutput } from "@slack/bolt";
import type { Workspace } from "#app/generated/prisma/client.ts";
import type { WorkspaceSettingsInput } from "#app/billing/workspaces.server.ts";
import type { StripeConnection } from "#integrations/stripe/index.ts";
import type { FormResult } from "../blocks/invoice-form.ts";
import { valueId, type Block } from "../blocks/kit.ts";

export type Values = ViewOutput["state"]["values"];

/** What the form shows beyond the workspace's own settings. */
export interface SettingsExtras {
  /** The workspace's Stripe account; null when Stripe is not configured on this server. */
  stripe: StripeConnection | null;
  /** When the workspace's Notion mirror was connected; null when it is not. */
  notionConnectedAt: Date | null;
}

/**
 * One part of the `/invoice settings` modal. Each section draws its inputs and reads them back
 * as workspace settings; the modal saves all sections at once, so a mistake anywhere saves nothing.
 * A section that stores something else (the Notion connection) adds its own save step to
 * `saveSettings` in settings/modal.ts.
 */
export interface SettingsSection {
  title: string;
  blocks(workspace: Workspace, extras: SettingsExtras): Block[];
  read(values: Values, workspace: Workspace): FormResult<WorkspaceSettingsInput>;
  /** Which block shows the domain's error for each field this section sets. */
  fields: Partial<Record<keyof WorkspaceSettingsInput, string>>;
}

export const textValue = (values: Values, blockId: string) => values[blockId]?.[valueId]?.value?.trim() ?? "";
