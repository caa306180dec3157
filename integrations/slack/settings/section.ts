import type { types, ViewOutput } from "@slack/bolt";
import type { Workspace } from "#app/generated/prisma/client.ts";
import type { WorkspaceSettingsInput } from "#app/billing/workspaces.server.ts";
import type { StripeConnection } from "#integrations/stripe/index.ts";
import type { FormResult } from "../blocks/invoice-form.ts";
import { input, valueId, type Block } from "../blocks/kit.ts";

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

/*
 * The settings' inputs, each drawn with the workspace's current value (left out when there is
 * none) and read back from what Slack submits (docs/decisions/164).
 */

/** What every settings input has: its block, its label, whether it may be left empty, a hint. */
interface Field {
  blockId: string;
  label: string;
  optional?: boolean;
  hint?: string;
}

const field = ({ blockId, label, optional, hint }: Field, element: types.InputBlockElement) =>
  input({ blockId, label, element, ...(optional ? { optional } : {}), ...(hint ? { hint } : {}) });

/** A line (or, `multiline`, a box) of text. */
export const textField = ({ initial, max, multiline, ...rest }: Field & { initial: string | null; max?: number; multiline?: boolean }) =>
  field(rest, {
    type: "plain_text_input",
    action_id: valueId,
    ...(max ? { max_length: max } : {}),
    ...(multiline ? { multiline } : {}),
    ...(initial ? { initial_value: initial } : {}),
  });

/** An email address. */
export const emailField = ({ initial, ...rest }: Field & { initial: string | null }) =>
  field(rest, { type: "email_text_input", action_id: valueId, ...(initial ? { initial_value: initial } : {}) });

/** A number from `min` (to `max`), whole unless `decimal`. */
export const numberField = ({ initial, min, max, decimal, ...rest }: Field & { initial: string | null; min: number; max?: number; decimal?: boolean }) =>
  field(rest, {
    type: "number_input",
    action_id: valueId,
    is_decimal_allowed: decimal ?? false,
    min_value: String(min),
    ...(max === undefined ? {} : { max_value: String(max) }),
    ...(initial ? { initial_value: initial } : {}),
  });

/** Boxes to tick, `chosen` ticked. */
export const checkboxField = ({ choices, chosen, ...rest }: Field & { choices: types.PlainTextOption[]; chosen: types.PlainTextOption[] }) =>
  field(rest, { type: "checkboxes", action_id: valueId, options: choices, ...(chosen.length ? { initial_options: chosen } : {}) });

/** One box to tick, ticked when `on`. */
export const tickField = ({ choice, on, ...rest }: Field & { choice: types.PlainTextOption; on: boolean }) =>
  checkboxField({ ...rest, choices: [choice], chosen: on ? [choice] : [] });

/** One choice of several, as buttons or a menu: the one whose value is `chosen`, else `otherwise` (the first). */
export const choiceField = ({
  kind,
  choices,
  chosen,
  otherwise = choices[0],
  ...rest
}: Field & { kind: "radio_buttons" | "static_select"; choices: types.PlainTextOption[]; chosen: string; otherwise?: types.PlainTextOption }) =>
  field(rest, { type: kind, action_id: valueId, options: choices, initial_option: choices.find((choice) => choice.value === chosen) ?? otherwise });

export const textValue = (values: Values, blockId: string) => values[blockId]?.[valueId]?.value?.trim() ?? "";
/** Whether the box `choice` is ticked. */
export const ticked = (values: Values, blockId: string, choice: types.PlainTextOption) =>
  (values[blockId]?.[valueId]?.selected_options ?? []).some((selected) => selected.value === choice.value);
/** The value of the chosen button or menu item; undefined when the form did not have the input. */
export const chosenValue = (values: Values, blockId: string) => values[blockId]?.[valueId]?.selected_option?.value;
