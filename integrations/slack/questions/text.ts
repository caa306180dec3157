import { escape, slackLength } from "../format.ts";
import type { Block } from "../blocks/kit.ts";

/** Room for a client's text in one section, once escaped (Slack's limit is 3,000). */
const sectionRoom = 2900;

/**
 * A client's words as Slack blocks that show them as written: escaped (`&`, `<`, `>`, so no
 * mention, channel or link markup can be formed) and `verbatim`, so Slack does not turn URLs,
 * channel names or @names in it into links or mentions. Long text is split over sections,
 * between code points, never inside an escape.
 */
export function clientTextBlocks(raw: string): Block[] {
  const blocks: Block[] = [];
  let chunk = "";
  let length = 0;
  const flush = () => {
    if (chunk) blocks.push({ type: "section", text: { type: "mrkdwn", text: chunk, verbatim: true } });
    chunk = "";
    length = 0;
  };
  for (const char of raw) {
    const escaped = escape(char);
    const cost = slackLength(escaped);
    if (length + cost > sectionRoom) flush();
    chunk += escaped;
    length += cost;
  }
  flush();
  return blocks;
}

/**
 * A Slack message's text as the client reads it, plain: Slack's escapes undone, a mention as
 * "@name" when Slack gave one (else "@someone"), a channel as "#name", a link as its label and
 * address, special mentions as "@here"/"@channel".
 */
export function slackTextToPlain(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_, inner: string) => {
      const [target = "", label] = inner.split("|");
      if (target.startsWith("@")) return `@${label ?? "someone"}`;
      if (target.startsWith("#")) return `#${label ?? "channel"}`;
      if (target.startsWith("!")) return `@${label ?? target.slice(1).split("^")[0]}`;
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
