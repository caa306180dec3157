import type { types } from "@slack/bolt";
import { settingsIssues, updateWorkspaceSettings, type WorkspaceSettingsInput } from "#app/billing/workspaces.server.ts";
import type { Workspace } from "#app/generated/prisma/client.ts";
import { divider, header, plain } from "../blocks/kit.ts";
import { views } from "../ids.ts";
import type { Remit } from "../remit.ts";
import { alertsSection } from "./alerts.ts";
import { brandingSection } from "./branding.ts";
import { emailSection } from "./email.ts";
import { collectionsSection } from "./collections.ts";
import { paymentsSection } from "./payments.ts";
import type { SettingsExtras, SettingsSection, Values } from "./section.ts";
import { rolesSection } from "./roles.ts";
import { stripeSection } from "./stripe.ts";
import { notionSection } from "./notion.ts";
import { quotesSection } from "./quotes.ts";
import { termsSection } from "./terms.ts";
import { vendorSection } from "./vendor.ts";

/** The sections of `/invoice settings`, in the order shown. */
export const settingsSections: SettingsSection[] = [
  alertsSection,
  emailSection,
  collectionsSection,
  termsSection,
  quotesSection,
  brandingSection,
  vendorSection,
  paymentsSection,
  stripeSection,
  notionSection,
  rolesSection,
];

/** What the form shows beyond the workspace's settings, read when it opens. */
export async function settingsExtras(remit: Remit, workspaceId: string): Promise<SettingsExtras> {
  return { stripe: remit.stripe ? await remit.stripe.connection(workspaceId) : null, notionConnectedAt: (await remit.notion.status(workspaceId)).connectedAt };
}

export function settingsModal(workspace: Workspace, extras: SettingsExtras): types.ModalView {
  return {
    type: "modal",
    callback_id: views.settings,
    title: plain("Remit settings"),
    submit: plain("Save"),
    close: plain("Cancel"),
    blocks: settingsSections.flatMap((section, index) => [...(index ? [divider] : []), header(section.title), ...section.blocks(workspace, extras)]),
  };
}

/** Saves every section at once; the errors to show by block id when anything is wrong (then nothing is saved). */
export async function saveSettings(remit: Remit, workspace: Workspace, values: Values): Promise<Record<string, string> | null> {
  const errors: Record<string, string> = {};
  const settings: WorkspaceSettingsInput = {};
  for (const section of settingsSections) {
    const read = section.read(values, workspace);
    if (read.value) Object.assign(settings, read.value);
    if (!read.ok) Object.assign(errors, read.errors);
  }
  // The domain's rules are checked on what could be read even when a field could not, so every
  // mistake shows on the first try rather than in rounds.
  const all = { ...blocksOf(settingsIssues(settings)), ...errors };
  if (Object.keys(all).length) return all;
  await updateWorkspaceSettings(remit.db, workspace.id, settings);
  return null;
}

/** The domain's errors by field path, as the block ids that show them. */
function blocksOf(issues: Record<string, string>): Record<string, string> {
  const blocks: Record<string, string> = {};
  for (const [path, message] of Object.entries(issues)) {
    const field = path.split(".")[0] as keyof WorkspaceSettingsInput;
    const blockId = settingsSections.map((section) => section.fields[field]).find(Boolean);
    // A section that sets a field it does not map is a bug, not the person's mistake.
    if (!blockId) throw new Error(`No settings block shows the field ${path}.`);
    blocks[blockId] ??= message;
  }
  return blocks;
}
