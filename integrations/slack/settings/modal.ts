import type { types } from "@slack/bolt";
import { ValidationError } from "#app/domain/errors.ts";
import { updateWorkspaceSettings, type WorkspaceSettingsInput } from "#app/domain/workspaces.server.ts";
import type { Workspace } from "#app/generated/prisma/client.ts";
import { divider, header, plain } from "../blocks/kit.ts";
import { views } from "../ids.ts";
import type { Remit } from "../remit.ts";
import { alertsSection } from "./alerts.ts";
import { brandingSection } from "./branding.ts";
import { paymentsSection } from "./payments.ts";
import type { SettingsSection, Values } from "./section.ts";
import { notionSection } from "./notion.ts";
import { termsSection } from "./terms.ts";

/** The sections of `/invoice settings`, in the order shown. */
export const settingsSections: SettingsSection[] = [alertsSection, termsSection, brandingSection, paymentsSection, notionSection];

export function settingsModal(workspace: Workspace): types.ModalView {
  return {
    type: "modal",
    callback_id: views.settings,
    title: plain("Remit settings"),
    submit: plain("Save"),
    close: plain("Cancel"),
    blocks: settingsSections.flatMap((section, index) => [...(index ? [divider] : []), header(section.title), ...section.blocks(workspace)]),
  };
}

/** Saves every section at once; the errors to show by block id when anything is wrong (then nothing is saved). */
export async function saveSettings(remit: Remit, workspace: Workspace, values: Values): Promise<Record<string, string> | null> {
  const errors: Record<string, string> = {};
  const settings: WorkspaceSettingsInput = {};
  for (const section of settingsSections) {
    const read = section.read(values, workspace);
    if (read.ok) Object.assign(settings, read.value);
    else Object.assign(errors, read.errors);
  }
  if (Object.keys(errors).length) return errors;
  try {
    await updateWorkspaceSettings(remit.db, workspace.id, settings);
    return null;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const blocks: Record<string, string> = {};
    for (const [path, message] of Object.entries(error.issues)) {
      const field = path.split(".")[0] as keyof WorkspaceSettingsInput;
      const blockId = settingsSections.map((section) => section.fields[field]).find(Boolean);
      if (!blockId) throw error; // a section sets a field it does not map: a bug, not the person's mistake
      blocks[blockId] ??= message;
    }
    return blocks;
  }
}
