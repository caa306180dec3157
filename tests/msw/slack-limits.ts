/**
 * Block Kit's documented limits, checked the way Slack checks them: lengths in code points of
 * the text as sent (mrkdwn already escaped). Independent of Remit's own table on purpose: a
 * mistake there is caught here. Each problem names its place as Slack does (a JSON pointer).
 */
type Json = Record<string, unknown>;

const length = (text: unknown) => (typeof text === "string" ? [...text].length : 0);
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export const documentedLimits = {
  messageBlocks: 50,
  viewBlocks: 100,
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  textObject: 3000,
  headerText: 150,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  options: 100,
  optionText: 75,
  optionValue: 150,
  placeholder: 150,
  inputLabel: 2000,
  inputHint: 2000,
  viewTitle: 24,
  privateMetadata: 3000,
  callbackId: 255,
  /** chat.postMessage and chat.update refuse longer `text` with msg_too_long. */
  messageText: 40_000,
} as const;

class Problems {
  readonly found: string[] = [];
  max(value: unknown, max: number, at: string) {
    if (length(value) > max) this.found.push(`must be less than ${max + 1} characters [json-pointer:${at}]`);
  }
  count(value: unknown, max: number, at: string) {
    if (list(value).length > max) this.found.push(`must be at most ${max} items [json-pointer:${at}]`);
  }
  required(value: unknown, at: string) {
    if (length(value) === 0) this.found.push(`must be more than 0 characters [json-pointer:${at}]`);
  }
}

function text(p: Problems, object: unknown, max: number, at: string) {
  if (!isObject(object)) return;
  p.required(object.text, `${at}/text`);
  p.max(object.text, max, `${at}/text`);
}

function confirm(p: Problems, dialog: unknown, at: string) {
  if (!isObject(dialog)) return;
  text(p, dialog.title, documentedLimits.confirmTitle, `${at}/title`);
  text(p, dialog.text, documentedLimits.confirmText, `${at}/text`);
  text(p, dialog.confirm, documentedLimits.confirmButton, `${at}/confirm`);
  text(p, dialog.deny, documentedLimits.confirmButton, `${at}/deny`);
}

function option(p: Problems, value: unknown, at: string) {
  if (!isObject(value)) return;
  text(p, value.text, documentedLimits.optionText, `${at}/text`);
  p.max(value.value, documentedLimits.optionValue, `${at}/value`);
}

function element(p: Problems, value: unknown, at: string) {
  if (!isObject(value)) return;
  p.max(value.action_id, documentedLimits.actionId, `${at}/action_id`);
  if (value.type === "button") {
    text(p, value.text, documentedLimits.buttonText, `${at}/text`);
    p.max(value.value, documentedLimits.buttonValue, `${at}/value`);
    p.max(value.url, documentedLimits.buttonUrl, `${at}/url`);
  }
  // An overflow menu shows two to five options.
  if (value.type === "overflow" && (list(value.options).length < 2 || list(value.options).length > 5))
    p.found.push(`must have 2 to 5 options [json-pointer:${at}/options]`);
  if (value.placeholder) text(p, value.placeholder, documentedLimits.placeholder, `${at}/placeholder`);
  if (value.confirm) confirm(p, value.confirm, `${at}/confirm`);
  p.count(value.options, documentedLimits.options, `${at}/options`);
  list(value.options).forEach((one, index) => option(p, one, `${at}/options/${index}`));
  if (value.initial_option) option(p, value.initial_option, `${at}/initial_option`);
}

function block(p: Problems, value: unknown, at: string) {
  if (!isObject(value)) return;
  p.max(value.block_id, documentedLimits.blockId, `${at}/block_id`);
  switch (value.type) {
    case "section":
      if (value.text) text(p, value.text, documentedLimits.sectionText, `${at}/text`);
      p.count(value.fields, documentedLimits.fields, `${at}/fields`);
      list(value.fields).forEach((field, index) => text(p, field, documentedLimits.fieldText, `${at}/fields/${index}`));
      if (value.accessory) element(p, value.accessory, `${at}/accessory`);
      return;
    case "context":
      p.count(value.elements, documentedLimits.contextElements, `${at}/elements`);
      list(value.elements).forEach((one, index) =>
        isObject(one) && "text" in one ? text(p, one, documentedLimits.textObject, `${at}/elements/${index}`) : null,
      );
      return;
    case "header":
      text(p, value.text, documentedLimits.headerText, `${at}/text`);
      return;
    case "actions":
      p.count(value.elements, documentedLimits.actionsElements, `${at}/elements`);
      list(value.elements).forEach((one, index) => element(p, one, `${at}/elements/${index}`));
      return;
    case "input":
      text(p, value.label, documentedLimits.inputLabel, `${at}/label`);
      if (value.hint) text(p, value.hint, documentedLimits.inputHint, `${at}/hint`);
      element(p, value.element, `${at}/element`);
      return;
  }
}

/** What Slack would find wrong with a message's blocks; empty when it takes them. */
export function messageProblems(blocks: unknown): string[] {
  const p = new Problems();
  p.count(blocks, documentedLimits.messageBlocks, "/blocks");
  list(blocks).forEach((one, index) => block(p, one, `/blocks/${index}`));
  return p.found;
}

/** What Slack would find wrong with a view (modal or Home tab). */
export function viewProblems(view: unknown): string[] {
  const p = new Problems();
  if (!isObject(view)) return ["must be an object [json-pointer:/view]"];
  if (view.title) text(p, view.title, documentedLimits.viewTitle, "/view/title");
  if (view.submit) text(p, view.submit, documentedLimits.viewTitle, "/view/submit");
  if (view.close) text(p, view.close, documentedLimits.viewTitle, "/view/close");
  p.max(view.private_metadata, documentedLimits.privateMetadata, "/view/private_metadata");
  p.max(view.callback_id, documentedLimits.callbackId, "/view/callback_id");
  p.count(view.blocks, documentedLimits.viewBlocks, "/view/blocks");
  list(view.blocks).forEach((one, index) => block(p, one, `/view/blocks/${index}`));
  return p.found;
}

export const textTooLong = (text: unknown) => length(text) > documentedLimits.messageText;
