// SIGTERM while a keep-alive client keeps the server busy: the server stops accepting, answers
// what is in flight with `Connection: close`, and exits within 15 s (the embedded database, or
// PostgreSQL with TEST_DATABASE_URL).
import { Agent, get } from "node:http";
import { http, passthrough } from "msw";
import { expect, it, onTestFinished } from "vitest";
import { sharedDatabase, sharedEnv } from "#tests/database.ts";
import { mswServer } from "#tests/msw/server.ts";
import { seedPortal, startRemit, waitFor } from "#tests/remit-process.ts";

interface Answer {
  at: number;
  status: number;
  connection: string | undefined;
}

function request(agent: Agent, url: string): Promise<Answer | Error> {
  return new Promise((resolve) => {
    get(url, { agent }, (response) => {
      response.resume();
      response.on("end", () => resolve({ at: performance.now(), status: response.statusCode ?? 0, connection: response.headers.connection }));
    }).on("error", (error) => resolve(error));
  });
}

it("exits within 15 s of SIGTERM under a busy keep-alive client, closing its connections", async () => {
  mswServer.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
  const target = await sharedDatabase();
  const { portalPath } = await seedPortal(target);
  // Every page rendered afresh, so that requests are still in flight when the signal comes: a kept
  // page is answered from memory in a fraction of a millisecond and the connections sit idle.
  const remit = await startRemit({ ...sharedEnv(target), PORTAL_CACHE_MB: "0" });
  onTestFinished(() => remit.stop());
  await remit.healthy();

  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  onTestFinished(() => agent.destroy());
  const answers: Answer[] = [];
  const failures: Error[] = [];
  let exitedAt = 0;
  void remit.exited.then(() => (exitedAt = performance.now()));
  const clients = Array.from({ length: 4 }, async () => {
    while (!exitedAt) {
      const result = await request(agent, `${remit.url}${portalPath}`);
      if (result instanceof Error) {
        failures.push(result);
        await new Promise((resolve) => setTimeout(resolve, 20));
      } else answers.push(result);
    }
  });
  await waitFor("the client to be busy", () => answers.length >= 8);

  const signalledAt = performance.now();
  remit.child.kill("SIGTERM");
  const { code } = await remit.exited;
  await Promise.all(clients);
  const tookMs = exitedAt - signalledAt;
  console.info(`Exited ${Math.round(tookMs)} ms after SIGTERM; ${answers.filter((a) => a.at > signalledAt).length} answers after it`);

  expect(tookMs).toBeLessThan(15_000);
  expect(code).toBe(0);
  const afterSignal = answers.filter((answer) => answer.at > signalledAt);
  expect(
    afterSignal.every((answer) => answer.status === 200),
    "in-flight requests were answered",
  ).toBe(true);
  expect(afterSignal.filter((answer) => answer.connection === "close").length, "answers telling the client to close").toBeGreaterThan(0);
  expect(afterSignal.filter((answer) => answer.connection !== "close").length, "keep-alive answers after the signal").toBeLessThanOrEqual(4);
  expect(remit.lines.some((line) => line.includes('"message":"Stopped"'))).toBe(true);
});
