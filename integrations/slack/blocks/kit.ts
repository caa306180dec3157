import type { types } from "@slack/bolt";

export type Block = types.KnownBlock;
export type Button = types.Button;

/** Small constructors for the Block Kit objects Remit uses most. */
export const plain = (text: string): types.PlainTextElement => ({ type: "plain_text", text, emoji: true });
export const mrkdwn = (text: string): types.MrkdwnElement => ({ type: "mrkdwn", text });

export function section(text: string, accessory?: types.SectionBlockAccessory, blockId?: string): types.SectionBlock {
  return { type: "section", text: mrkdwn(text), ...(accessory ? { accessory } : {}), ...(blockId ? { block_id: blockId } : {}) };
}

export function fields(...items: string[]): types.SectionBlock {
  return { type: "section", fields: items.map(mrkdwn) };
}

export function context(...items: string[]): types.ContextBlock {
  return { type: "context", elements: items.map(mrkdwn) };
}

export function header(text: string): types.HeaderBlock {
  return { type: "header", text: plain(text) };
}

export const divider: types.DividerBlock = { type: "divider" };

export function actionsBlock(elements: types.ActionsBlockElement[], blockId?: string): types.ActionsBlock {
  return { type: "actions", elements, ...(blockId ? { block_id: blockId } : {}) };
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
    text: plain(label),
    action_id: actionId,
    ...(value !== undefined ? { value } : {}),
    ...(url ? { url } : {}),
    ...(style ? { style } : {}),
    ...(confirm
      ? {
          confirm: {
            title: plain(confirm.title),
            text: mrkdwn(confirm.text),
            confirm: plain(confirm.confirm),
            deny: plain(confirm.deny ?? "Cancel"),
            ...(style === "danger" ? { style: "danger" as const } : {}),
          },
        }
      : {}),
  };
}

export function option(label: string, value: string): types.PlainTextOption {
  return { text: plain(label), value };
}

interface InputOptions {
  blockId: string;
  label: string;
  element: types.InputBlockElement;
  optional?: boolean;
  hint?: string;
}

export function input({ blockId, label, element, optional, hint }: InputOptions): types.InputBlock {
  return { type: "input", block_id: blockId, label: plain(label), element, optional: optional ?? false, ...(hint ? { hint: plain(hint) } : {}) };
}

/** The one action id every input element of Remit's modals uses: state.values[blockId].value. */
export const valueId = "value";
