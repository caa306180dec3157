import { beforeEach, expect, it } from "vitest";
import { aWorkspace } from "#tests/fixtures.ts";
import { cliDatabase, cliOn } from "#tests/cli.ts";
import { connectEnv, FakeStripe, stripeEnv } from "#tests/msw/stripe.ts";
import { mswServer } from "#tests/msw/server.ts";

let stripe: FakeStripe;
beforeEach(() => {
  stripe = new FakeStripe();
  mswServer.use(...stripe.handlers());
});

const cli = cliDatabase({ ...connectEnv, PUBLIC_URL: "https://billing.example.com" });
const { remit } = cli;

it("connects, shows and disconnects a workspace's own Stripe account", async () => {
  const workspace = await aWorkspace(cli.db, { name: "Northwind Studio" });
  expect(await remit("stripe", "status", "--workspace", workspace.id)).toEqual({
    code: 0,
    out: "No Stripe account connected: clients see your payment instructions instead of a Pay button.",
    err: "",
  });
  const connected = await remit("stripe", "connect", "--workspace", workspace.id);
  const [account] = [...stripe.accounts.keys()];
  expect(connected.code).toBe(0);
  expect(connected.out.split("\n")).toEqual([
    `Stripe account Northwind Studio (${account}): Stripe still needs your details before it takes payments; until then clients see your payment instructions.`,
    "Give this link to the workspace's owner only (whoever completes it owns the account); it works for 24 hours:",
    expect.stringMatching(/^https:\/\/billing\.example\.com\/stripe\/connect\/[\w-]+\.[\w-]+\.[\w-]+$/),
  ]);
  stripe.completeOnboarding(account ?? "");
  // Connecting again asks Stripe for the account's state: it takes payments now.
  expect(await remit("stripe", "connect", "--workspace", workspace.id)).toMatchObject({
    code: 0,
    out: `Clients pay into your Stripe account Northwind Studio (${account}): taking payments.`,
  });
  expect((await remit("stripe", "status", "--workspace", workspace.id)).out).toContain("Stripe Dashboard: https://dashboard.stripe.com/test/dashboard");
  expect(await remit("stripe", "disconnect", "--workspace", workspace.id)).toMatchObject({
    code: 0,
    out: expect.stringContaining("is disconnected (Disconnected in Remit): clients see your payment instructions"),
  });
  expect(await remit("stripe", "connect")).toMatchObject({ code: 2, err: expect.stringContaining("--workspace is required.") });
});

it("says what a single-account server does instead", async () => {
  const workspace = await aWorkspace(cli.db);
  const single = cliOn(cli.database, stripeEnv);
  expect(await single("stripe", "status", "--workspace", workspace.id)).toMatchObject({
    code: 0,
    out: "Clients pay into this server's Stripe account, set up by the operator.",
  });
  expect(await single("stripe", "connect", "--workspace", workspace.id)).toMatchObject({
    code: 1,
    err: expect.stringContaining("needs Stripe Connect, which the operator turns on"),
  });
  expect(stripe.accounts.size).toBe(0);
});
