import { audienceWords, type Audience } from "../audience.ts";
import { escape } from "../format.ts";
import { actions } from "../ids.ts";
import { actionsBlock, button, section, type Block } from "./kit.ts";

/**
 * Asked (to the person alone) before an invoice message with the client's working link goes
 * into a channel where people other than the team could read it (docs/decisions/154).
 */
export function linkQuestion(ask: { channel: string; audience: Exclude<Audience, "team">; invoice: { id: string; number: string }; customerName: string }): {
  text: string;
  blocks: Block[];
} {
  const customer = escape(ask.customerName);
  const text = `Invoice ${ask.invoice.number} is ready, but it is not posted yet: ${audienceWords(ask.audience, ask.channel)}.`;
  return {
    text,
    blocks: [
      section(
        `${text} Its message shows *${customer}*'s link, with which whoever holds it sees and pays ${customer}'s invoices. Post it here anyway, or send it to you alone?`,
      ),
      actionsBlock([
        button("Send it to me", { actionId: actions.postToMe, value: ask.invoice.id, style: "primary" }),
        button("Post it here anyway", { actionId: actions.postHere, value: ask.invoice.id }),
      ]),
    ],
  };
}
