import { webApi } from "@slack/bolt";
import { beforeEach, describe, expect, it } from "vitest";
import { mockSlack, slackApiUrl, type SlackMock } from "#tests/msw/slack.ts";
import { botToken } from "#tests/slack.ts";
import { slackError } from "./errors.ts";

// The fake Slack the other tests run against is as strict as Slack's documentation: shown here
// through the official Web API client, so a lenient fake cannot hide a message Slack would refuse.
const refusal = (call: Promise<unknown>) =>
  call.then(
    () => null,
    (error: unknown) => slackError(error) ?? Promise.reject(error),
  );
const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });

// The client logs Slack's response_metadata messages as errors; here they are the expected answer.
const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => webApi.LogLevel.ERROR, setName() {} };

let slack: SlackMock;
let client: webApi.WebClient;
beforeEach(() => {
  slack = mockSlack();
  // Made after msw started intercepting, like the app's own client.
  client = new webApi.WebClient(botToken, { slackApiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: quiet });
});

describe("the fake Slack", () => {
  it("refuses blocks past Block Kit's limits, counted in code points of the escaped text (invalid_blocks)", async () => {
    expect(await refusal(client.chat.postMessage({ channel: "C1", text: "x", blocks: [section("x".repeat(3000))] }))).toBeNull();
    expect(await refusal(client.chat.postMessage({ channel: "C1", text: "x", blocks: [section("🧾".repeat(3000))] }))).toBeNull();
    expect(await refusal(client.chat.postMessage({ channel: "C1", text: "x", blocks: [section("x".repeat(3001))] }))).toBe("invalid_blocks");
    const confirm = (text: string) => ({
      type: "actions",
      elements: [
        {
          type: "button",
          action_id: "a",
          text: { type: "plain_text", text: "Void" },
          confirm: {
            title: { type: "plain_text", text: "Sure?" },
            text: { type: "mrkdwn", text },
            confirm: { type: "plain_text", text: "Yes" },
            deny: { type: "plain_text", text: "No" },
          },
        },
      ],
    });
    expect(await refusal(client.chat.postMessage({ channel: "C1", text: "x", blocks: [confirm("&amp;".repeat(60))] }))).toBeNull();
    expect(await refusal(client.chat.postMessage({ channel: "C1", text: "x", blocks: [confirm(`${"&amp;".repeat(60)}x`)] }))).toBe("invalid_blocks");
    expect(await refusal(client.chat.postMessage({ channel: "C1", text: "x", blocks: Array.from({ length: 51 }, () => section("x")) }))).toBe("invalid_blocks");
    expect(
      await refusal(
        client.views.open({ trigger_id: "t-big", view: { type: "modal", title: { type: "plain_text", text: "A title that is far too long" }, blocks: [] } }),
      ),
    ).toBe("invalid_arguments");
  });

  it("refuses text past 40,000 characters (msg_too_long) and channels the bot cannot post in", async () => {
    expect(await refusal(client.chat.postMessage({ channel: "C1", text: "x".repeat(40_001) }))).toBe("msg_too_long");
    slack.loseChannel("C0GONE", "is_archived");
    slack.loseChannel("C0PRIVATE", "not_in_channel");
    expect(await refusal(client.chat.postMessage({ channel: "C0GONE", text: "x" }))).toBe("is_archived");
    expect(await refusal(client.chat.postMessage({ channel: "C0PRIVATE", text: "x" }))).toBe("not_in_channel");
    slack.regainChannel("C0GONE");
    expect(await refusal(client.chat.postMessage({ channel: "C0GONE", text: "x" }))).toBeNull();
  });

  it("updates only messages that exist (message_not_found) and views at their current hash (hash_conflict)", async () => {
    const posted = await client.chat.postMessage({ channel: "C1", text: "x" });
    expect(await refusal(client.chat.update({ channel: "C1", ts: posted.ts!, text: "y" }))).toBeNull();
    slack.deleteMessage("C1", posted.ts!);
    expect(await refusal(client.chat.update({ channel: "C1", ts: posted.ts!, text: "y" }))).toBe("message_not_found");
    expect(await refusal(client.chat.update({ channel: "C1", ts: "1.000001", text: "y" }))).toBe("message_not_found");

    const opened = await client.views.open({ trigger_id: "t-1", view: { type: "modal", title: { type: "plain_text", text: "Form" }, blocks: [] } });
    const { id, hash } = opened.view!;
    const modal = { type: "modal" as const, title: { type: "plain_text" as const, text: "Form" }, blocks: [] };
    expect(await refusal(client.views.update({ view_id: id!, hash: hash!, view: modal }))).toBeNull();
    expect(await refusal(client.views.update({ view_id: id!, hash: hash!, view: modal }))).toBe("hash_conflict");
    expect(await refusal(client.views.update({ view_id: "V0NOPE", view: modal }))).toBe("not_found");
  });

  it("opens one view per trigger id, and none once it expired", async () => {
    const modal = { type: "modal" as const, title: { type: "plain_text" as const, text: "Form" }, blocks: [] };
    expect(await refusal(client.views.open({ trigger_id: "t-2", view: modal }))).toBeNull();
    expect(await refusal(client.views.open({ trigger_id: "t-2", view: modal }))).toBe("exchanged_trigger_id");
    slack.expireTrigger("t-3");
    expect(await refusal(client.views.open({ trigger_id: "t-3", view: modal }))).toBe("expired_trigger_id");
  });

  it("describes channels as conversations.info does, refusing without the read scope (missing_scope) or for a channel out of reach", async () => {
    slack.describeChannel("C0CONNECT", { is_ext_shared: true, members: ["U1", "U2"] });
    const info = await client.conversations.info({ channel: "C0CONNECT", include_num_members: true });
    expect(info.channel).toMatchObject({ id: "C0CONNECT", is_ext_shared: true, is_shared: false, is_org_shared: false, is_private: false, num_members: 2 });
    expect((await client.conversations.members({ channel: "C0CONNECT", limit: 1 })).response_metadata?.next_cursor).not.toBe("");
    slack.loseChannel("G0LEFT", "not_in_channel");
    expect(await refusal(client.conversations.info({ channel: "G0LEFT" }))).toBe("channel_not_found");
    slack.withoutScope("groups:read");
    expect(await refusal(client.conversations.info({ channel: "G0PRIVATE" }))).toBe("missing_scope");
    expect(await refusal(client.conversations.info({ channel: "C0PUBLIC" }))).toBeNull();
    slack.withoutScope("groups:read", false);
    expect(await refusal(client.chat.postEphemeral({ channel: "C0GONE2", user: "U1", text: "x" }))).toBeNull();
    slack.loseChannel("C0GONE2", "channel_not_found");
    expect(await refusal(client.chat.postEphemeral({ channel: "C0GONE2", user: "U1", text: "x" }))).toBe("channel_not_found");
  });
});
