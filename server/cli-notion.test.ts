import { describe, expect, it } from "vitest";
import { createFakeNotion, notionApiUrl } from "#tests/msw/notion.ts";
import { mswServer } from "#tests/msw/server.ts";
import { notionToken } from "#tests/notion.ts";
import { cliDatabase, idIn } from "#tests/cli.ts";

const cli = cliDatabase({ NOTION_API_URL: notionApiUrl });
const { remit } = cli;

describe("remit notion", () => {
  it("connects, reports status and backfills from the command line", async () => {
    const fake = createFakeNotion();
    fake.addToken(notionToken);
    mswServer.use(...fake.handlers);
    const { databaseId, dataSourceId } = fake.addDatabase({
      title: "Invoices",
      sharedWith: [notionToken],
      properties: { Name: { title: {} }, Client: { rich_text: {} } },
    });
    const workspace = idIn((await remit("workspace", "create", "--name", "Atelier")).out);
    const customer = idIn((await remit("customer", "create", "--workspace", workspace, "--name", "Café Lumière")).out);
    await remit("invoice", "create", "--workspace", workspace, "--customer", customer, "--line", "Logo|1|900");

    expect(await remit("notion", "connect", "--workspace", workspace, "--notion-database", databaseId)).toMatchObject({
      code: 2,
      err: expect.stringContaining("--token"),
    });
    expect(await remit("notion", "connect", "--workspace", workspace, "--token", notionToken)).toMatchObject({
      code: 2,
      err: expect.stringContaining("--notion-database"),
    });
    expect(
      await remit("notion", "connect", "--workspace", workspace, "--token", notionToken, "--notion-database", databaseId, "--property", "Client"),
    ).toMatchObject({ code: 2 });
    expect(await remit("notion", "connect", "--workspace", workspace, "--token", "ntn_wrong", "--notion-database", databaseId)).toMatchObject({
      code: 1,
      err: expect.stringContaining("Notion did not accept this token"),
    });

    const connected = await remit(
      "notion",
      "connect",
      "--workspace",
      workspace,
      "--token",
      notionToken,
      "--notion-database",
      `https://www.notion.so/${databaseId.replaceAll("-", "")}`,
      "--property",
      "customer=Client",
    );
    expect(connected.code).toBe(0);
    expect(connected.out).toMatch(
      /^Connected "Atelier" to Notion: https:\/\/www\.notion\.so\/\w+ \(added the columns Type, Customer email, Amount, .*Remit ID\)\.$/m,
    );
    expect(connected.out).toContain(`Mirror its 1 existing invoices with: remit notion backfill --workspace ${workspace}`);

    // The invoice made before connecting queued nothing for Notion (docs/decisions/074): the backfill mirrors it.
    expect((await remit("notion", "status", "--workspace", workspace)).out).toMatch(
      /Atelier: mirrors to https:\/\/www\.notion\.so\/\w+; 0 of 1 invoices have a page; 0 updates pending, 0 failed\.$/,
    );

    const backfilled = await remit("notion", "backfill", "--workspace", workspace);
    expect(backfilled).toMatchObject({ code: 0, out: "Atelier: 1/1 (1 created, 0 updated, 0 recreated, 0 already current, 0 refused)" });
    expect(fake.pages(dataSourceId)).toEqual([expect.objectContaining({ Name: "INV-0001", Client: "Café Lumière", Amount: 900, Status: "Open" })]);
  });
});
