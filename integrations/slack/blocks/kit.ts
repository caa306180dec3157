import type { types } from "@slack/bolt";
import { truncate, truncateMrkdwn } from "../format.ts";

export type Block = types.KnownBlock;
export type Button = types.Button;

/**
 * Block Kit's documented limits, in code points of the text as sent (mrkdwn escaped). The
 * constructors below keep every text within them, so Slack never answers `invalid_blocks`;
 * where a sentence holds a name, callers fit the name first (format.ts `fitted`) so the
 * sentence keeps its words.
 */
export const limits = {
  sectionText: 3000,
  fieldCount: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  headerText: 150,
  buttonText: 75,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  optionText: 75,
  optionValue: 150,
  inputLabel: 2000,
  actionsElements: 25,
  messageBlocks: 50,
  viewBlocks: 100,
  viewTitle: 24,
  /** chat.postMessage refuses longer `text` with `msg_too_long`. */
  messageText: 40_000,
} as const;

/** Small constructors for the Block Kit objects Remit uses most. */
export const plain = (text: string, max: number = limits.sectionText): types.PlainTextElement => ({
  type: "plain_text",
  text: truncate(text, max),
  emoji: true,
});
export const mrkdwn = (text: string, max: number = limits.sectionText): types.MrkdwnElement => ({ type: "mrkdwn", text: truncateMrkdwn(text, max) });

export function section(text: string, accessory?: types.SectionBlockAccessory, blockId?: string): types.SectionBlock {
  return { type: "section", text: mrkdwn(text), ...(accessory ? { accessory } : {}), ...(blockId ? { block_id: blockId } : {}) };
}

export function fields(...items: string[]): types.SectionBlock {
  return { type: "section", fields: items.slice(0, limits.fieldCount).map((item) => mrkdwn(item, limits.fieldText)) };
}

export function context(...items: string[]): types.ContextBlock {
  return { type: "context", elements: items.slice(0, limits.contextElements).map((item) => mrkdwn(item, limits.contextText)) };
}

export function header(text: string): types.HeaderBlock {
  return { type: "header", text: plain(text, limits.headerText) };
}

export const divider: types.DividerBlock = { type: "divider" };

export function actionsBlock(elements: types.ActionsBlockElement[], blockId?: string): types.ActionsBlock {
  return { type: "actions", elements: elements.slice(0, limits.actionsElements), ...(blockId ? { block_id: blockId } : {}) };
}

interface ButtonOptions {
  actionId: string;
  value?: string;
  url?: string;
  style?: "primary" | "danger";
  confirm?: { title: string; text: string; confirm: string; deny?: string };
}

export function button(label: string, options: ButtonOptions): types.Button {
  const { actionId, value, url, style, confirm } = options;
  return {
    type: "button",
    text: plain(label, limits.buttonText),
    action_id: actionId,
    ...(value !== undefined ? { value } : {}),
    ...(url ? { url } : {}),
    ...(style ? { style } : {}),
    ...(confirm
      ? {
          confirm: {
            title: plain(confirm.title, limits.confirmTitle),
            text: mrkdwn(confirm.text, limits.confirmText),
            confirm: plain(confirm.confirm, limits.confirmButton),
            deny: plain(confirm.deny ?? "Cancel", limits.confirmButton),
            ...(style === "danger" ? { style: "danger" as const } : {}),
          },
        }
      : {}),
  };
}

export function option(label: string, value: string): types.PlainTextOption {
  return { text: plain(label, limits.optionText), value };
}

interface InputOptions {
  blockId: string;
  label: string;
  element: types.InputBlockElement;
  optional?: boolean;
  hint?: string;
}

export function input({ blockId, label, element, optional, hint }: InputOptions): types.InputBlock {
  return {
    type: "input",
    block_id: blockId,
    label: plain(label, limits.inputLabel),
    element,
    optional: optional ?? false,
    ...(hint ? { hint: plain(hint, limits.inputLabel) } : {}),
  };
}

/** A required menu of `choices` in a form, its first choice chosen to start with. */
export function menuInput(blockId: string, label: string, choices: types.PlainTextOption[]): types.InputBlock {
  return input({
    blockId,
    label,
    element: { type: "static_select", action_id: valueId, options: choices, ...(choices[0] ? { initial_option: choices[0] } : {}) },
  });
}

/** The one action id every input element of Remit's modals uses: state.values[blockId].value. */
export const valueId = "value";
