import type { BlockAction, ButtonAction, Middleware, SlackActionMiddlewareArgs, types } from "@slack/bolt";
import { updateView } from "../../calls.ts";
import { lineKeys, maxModalLines, withLines } from "../../blocks/invoice-modal.ts";
import type { RemitContext } from "../support.ts";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/** Redraws the open invoice form with the lines changed; what was typed stays. */
function relines(change: (keys: string[], action: ButtonAction) => string[]): Middleware<ButtonArgs, RemitContext> {
  return async ({ ack, body, action, client }) => {
    await ack();
    const { view } = body;
    if (!view) return;
    const current = lineKeys(view.blocks);
    const next = change(current, action);
    if (next.join() === current.join()) return;
    const modal: types.ModalView = {
      type: "modal",
      callback_id: view.callback_id,
      title: view.title,
      ...(view.submit ? { submit: view.submit } : {}),
      ...(view.close ? { close: view.close } : {}),
      private_metadata: view.private_metadata,
      blocks: view.blocks,
    };
    // Two quick clicks: the second update is made against a stale view (hash_conflict) and the first one stands.
    await updateView(client, view.id, view.hash, withLines(modal, next));
  };
}

export const addLine = relines((keys) => (keys.length >= maxModalLines ? keys : [...keys, String(Math.max(-1, ...keys.map(Number)) + 1)]));

export const removeLine = relines((keys, action) => (keys.length > 1 ? keys.filter((key) => key !== action.value) : keys));
