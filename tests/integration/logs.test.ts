// What `remit serve` writes while clients make the small mistakes that made Remix print full
// URLs and raw dumps: every line is one JSON object, none holds a working portal token, every
// request's lines carry its id, and the error page names that id.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { http, passthrough } from "msw";
import { afterAll, beforeAll, expect, it } from "vitest";
import { mswServer } from "#tests/msw/server.ts";
import { seedPortal, startRemit, type RemitProcess } from "#tests/remit-process.ts";

let remit: RemitProcess;
let portalPath: string;
let invoiceIds: string[];
let dataDir: string;
const loopback = () => mswServer.use(http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()));
beforeAll(async () => {
  loopback();
  dataDir = mkdtempSync(join(tmpdir(), "remit-logs-"));
  ({ portalPath, invoiceIds } = await seedPortal(dataDir));
  remit = await startRemit({ DATA_DIR: dataDir, LOG_LEVEL: "debug" });
  await remit.healthy();
}, 180_000);
afterAll(async () => {
  await remit?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it("never writes a working token, one JSON object a line, each request's lines under its id", async () => {
  loopback();
  const token = portalPath.slice("/p/".length);
  const mistakes: [string, RequestInit?][] = [
    [`${portalPath}/invoices`],
    [`${portalPath}/beacon`],
    [`${portalPath}/invoices/no-such-invoice/pdf`],
    [`${portalPath}/invoices/${invoiceIds[0]}/receipts/no-such-payment/pdf`],
    [`${portalPath}/invoices/${invoiceIds[0]}`, { method: "DELETE" }],
    [`${portalPath}/beacon`, { method: "POST", body: "not a form", headers: { "Content-Type": "application/json" } }],
    [`${portalPath}/new-link`, { method: "POST", body: "email=x", headers: { "Content-Type": "application/x-www-form-urlencoded" } }],
    [`${portalPath}?next=${encodeURIComponent(portalPath)}`],
    [`${portalPath}/invoices/${invoiceIds[0]}%0A`],
    ["/p/%ff"],
    [portalPath],
    // Seen again: answered from memory once kept (decision 166), with its access line all the same.
    [portalPath],
    [portalPath],
  ];
  const answers = [];
  for (const [path, init] of mistakes) {
    const response = await fetch(`${remit.url}${path}`, { redirect: "manual", ...init });
    answers.push({ path, status: response.status, id: response.headers.get("x-request-id"), body: await response.text() });
  }
  expect(answers.every((answer) => answer.id && /^[\w-]{36}$/.test(answer.id))).toBe(true);
  await new Promise((resolve) => setTimeout(resolve, 500)); // the last access lines

  // What bin/remit.js prints when it first builds the app comes before the server starts.
  const lines = remit.lines.slice(
    Math.max(
      0,
      remit.lines.findIndex((line) => line.startsWith("{")),
    ),
  );
  const notJson = lines.filter((line) => {
    try {
      return typeof JSON.parse(line) !== "object";
    } catch {
      return true;
    }
  });
  expect(notJson).toEqual([]);
  const signature = token.split(".")[2]!;
  expect(lines.filter((line) => line.includes(signature) || line.includes(token.slice(0, 40)))).toEqual([]);

  const records = lines.map((line) => JSON.parse(line) as { requestId?: string; path?: string; status?: number; durationMs?: number; message: string });
  for (const [index, answer] of answers.entries()) {
    const access = records.filter((record) => record.requestId === answer.id && record.durationMs !== undefined);
    expect(access, `one access line for request ${index}`).toHaveLength(1);
    expect(access[0]!.status).toBe(answer.status);
  }
  expect(records.some((record) => record.path === "/p/[redacted]/invoices" && record.status === 404)).toBe(true);

  const notFound = answers.find((answer) => answer.path === `${portalPath}/invoices`)!;
  expect(notFound.status).toBe(404);
  expect(notFound.body).toContain(`Reference: ${notFound.id}`);
  // Remix's own message about it is there, as one line of that request, with the path redacted.
  expect(records.filter((record) => record.requestId === notFound.id && record.message === "Request refused")).toEqual([
    expect.objectContaining({ path: "/p/[redacted]/invoices", status: 404 }),
  ]);
});
