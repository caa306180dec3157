import { z } from "zod";
import type { Db } from "#app/db/database.server.ts";
import { maxAmount } from "./invoice-input.ts";
import { parseInput } from "./validation.ts";
import { workspaceInput } from "./workspaces.server.ts";

/** What a vendor can change about their workspace after it exists. */
export const workspaceSettingsInput = workspaceInput
  .omit({ isDemo: true })
  .partial()
  .extend({
    alertChannelId: z.string().trim().max(40).nullish().transform((value) => value || null),
    reminderDays: z
      .array(z.number().int().min(1, "Reminder days start at 1 (the first day late)").max(365, "Reminder days must be at most 365"), {
        error: "Reminder days must be whole numbers of days",
      })
      .max(10, "At most 10 reminder days")
      .transform((days) => [...new Set(days)].sort((a, b) => a - b))
      .optional(),
    allowPartialPayments: z.boolean().optional(),
    minimumPartialAmount: z
      .number()
      .int("Minimum partial payment must be whole minor units")
      .min(1, "Minimum partial payment must be more than 0")
      .max(maxAmount, "Minimum partial payment is too large")
      .nullish(),
  });

export type WorkspaceSettingsInput = z.input<typeof workspaceSettingsInput>;

export async function updateWorkspaceSettings(db: Db, workspaceId: string, input: WorkspaceSettingsInput) {
  return db.workspace.update({ where: { id: workspaceId }, data: parseInput(workspaceSettingsInput, input) });
}
