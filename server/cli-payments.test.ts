import { expect, it } from "vitest";
import { aWorkspace } from "#tests/fixtures.ts";
import { cliDatabase } from "#tests/cli.ts";

const cli = cliDatabase();
const { remit } = cli;

it("turns partial online payments on with a minimum, and off again", async () => {
  const workspace = await aWorkspace(cli.db, { defaultCurrency: "EUR", locale: "de-DE" });
  expect(await remit("workspace", "payments", "--workspace", workspace.id, "--partial", "on", "--minimum", "50")).toMatchObject({
    code: 0,
    out: expect.stringMatching(new RegExp(`^Clients of "${workspace.name}" may pay part of a balance online \\(at least 50,00\\s€\\)\\.$`)),
  });
  expect(await cli.db.workspace.findUniqueOrThrow({ where: { id: workspace.id } })).toMatchObject({
    allowPartialPayments: true,
    minimumPartialAmount: 5_000,
  });
  expect(await remit("workspace", "payments", "--workspace", workspace.id, "--partial", "on", "--minimum", "none")).toMatchObject({
    out: expect.stringContaining("(any amount)"),
  });
  expect(await remit("workspace", "payments", "--workspace", workspace.id, "--partial", "off")).toMatchObject({
    code: 0,
    out: `Clients of "${workspace.name}" pay the whole balance online.`,
  });
  expect(await remit("workspace", "payments", "--workspace", workspace.id, "--partial", "maybe")).toMatchObject({
    code: 2,
    err: expect.stringContaining("--partial must be on or off."),
  });
  expect(await remit("workspace", "payments", "--workspace", workspace.id, "--partial", "on", "--minimum", "0")).toMatchObject({
    code: 1,
    err: expect.stringContaining("The minimum partial payment must be more than zero"),
  });
});
