// Bad input, bounded and seeded, against the production build served over HTTP on loopback:
// random and mutated portal links, other clients' links with swapped ids, mutated and garbage
// Stripe webhooks. Never a 5xx, never another client's data in an answer, never a forged link
// that works, and nothing recorded (no event, payment, activity or checkout change).
import { createHash } from "node:crypto";
import type { Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { http, passthrough } from "msw";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppContext } from "#app/context.server.ts";
import type { Database } from "#app/platform/db/database.server.ts";
import { recordManualPayment, voidInvoice } from "#app/billing/invoices.server.ts";
import { revokePortalLinks } from "#app/portal/access.server.ts";
import { startCheckout } from "#app/billing/payments.server.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { ensureBuild } from "#scripts/ensure-build.mjs";
import { closeServer, createHttpApp, listen, type ClientTimeouts } from "#server/http.ts";
import { bodyLimit } from "#server/request-limits.ts";
import { createTestApp } from "#tests/app.ts";
import { createTestDatabase } from "#tests/database.ts";
import { aCustomer, anInvoice, aWorkspace } from "#tests/fixtures.ts";
import { mswServer } from "#tests/msw/server.ts";
import { FakeStripe, signedDelivery, stripeEnv, stripeEvent, type StripeObject } from "#tests/msw/stripe.ts";
import { sessionOfAttempt } from "#integrations/stripe/store.ts";
import { mockSlack } from "#tests/msw/slack.ts";
import { buttonClick, eventCallback, signatureHeaders, signed, slackEnv, slashCommand, viewSubmission } from "#tests/slack.ts";
import { actions, views } from "#integrations/slack/ids.ts";
import { seed, seededRandom, type Random } from "./random.ts";
import { testNow } from "#tests/clock.ts";

const casesPerKind = 60;
/** Slow clients are cut off after a second or three here (the server's defaults are 10 s and 30 s). */
const fuzzTimeouts: ClientTimeouts = { headersMs: 1_000, requestMs: 3_000, idleMs: 10_000, keepAliveMs: 1_000, checkEveryMs: 200 };
const kib = 1024;
const person = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

interface Client {
  name: string;
  workspaceId: string;
  customerId: string;
  token: string;
  /** An invoice-scoped link to the first invoice. */
  scopedToken: string;
  invoiceIds: string[];
  paidInvoiceId: string;
  paymentId: string;
  /** What only this client (and its vendor) may see: names, email, invoice numbers. */
  secrets: string[];
}

let database: Database;
let app: AppContext;
let server: Server;
let baseUrl: string;
const fake = new FakeStripe();
const clients: Client[] = [];

beforeAll(async () => {
  ensureBuild();
  const { serverBuild } = (await import(pathToFileURL(join(import.meta.dirname, "..", "..", "build", "index.js")).href)) as { serverBuild: ServerBuild };
  database = await createTestDatabase();
  // Behind one proxy (loopback), each case comes from its own address: the bad-link limit (20 per address) stays out of the way.
  app = await createTestApp(database, { ...stripeEnv, ...slackEnv, TRUST_PROXY: "1" });
  server = await listen(createHttpApp(serverBuild, app), "127.0.0.1", 0, fuzzTimeouts);
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mswServer.use(...fake.handlers());

  const { db } = app;
  const vendors = [
    { name: "Alfa Studio", prefix: "ALFA-", clients: ["Kestrel Analytics", "Marten Bakery"] },
    { name: "Bravo Works", prefix: "BRAVO-", clients: ["Osprey Logistics"] },
  ];
  for (const vendor of vendors) {
    const workspace = await aWorkspace(db, { name: vendor.name, invoicePrefix: vendor.prefix, defaultCurrency: "USD" });
    await db.workspace.update({ where: { id: workspace.id }, data: { selfServiceLinks: true } });
    for (const name of vendor.clients) {
      const email = `books@${name.split(" ")[0]!.toLowerCase()}.example`;
      const customer = await aCustomer(db, workspace.id, { name, email });
      const invoices = await Promise.all([0, 1, 2].map(() => anInvoice(db, workspace.id, customer.id)));
      const { payment } = await recordManualPayment(
        db,
        { workspaceId: workspace.id, invoiceId: invoices[1]!.id, amount: invoices[1]!.total, method: "Bank transfer" },
        testNow,
      );
      const link = (invoiceId?: string) => issueCustomerLink(app, { workspaceId: workspace.id, customerId: customer.id, invoiceId, ttlDays: 30 });
      const token = (await link()).url.split("/p/")[1]!;
      const scopedToken = (await link(invoices[0]!.id)).url.split("/p/")[1]!;
      clients.push({
        name,
        workspaceId: workspace.id,
        customerId: customer.id,
        token,
        scopedToken,
        invoiceIds: invoices.map((invoice) => invoice.id),
        paidInvoiceId: invoices[1]!.id,
        paymentId: payment.id,
        secrets: [name, email, ...invoices.map((invoice) => invoice.number)],
      });
    }
  }
  await voidInvoice(db, clients[0]!.workspaceId, clients[0]!.invoiceIds[2]!, testNow);
});

afterAll(async () => {
  await closeServer(server);
  await database.close();
});

beforeEach(() => {
  mswServer.use(
    http.all(/^http:\/\/127\.0\.0\.1:\d+\//, () => passthrough()),
    ...fake.handlers(),
  );
});

/** Everything that a request must not have changed. */
async function recorded() {
  const { db } = app;
  const [events, activity, payments, attempts, invoices] = await Promise.all([
    db.outboxEvent.count(),
    db.activityEvent.count(),
    db.payment.findMany({ select: { id: true, amount: true, amountRefunded: true }, orderBy: { id: "asc" } }),
    db.checkoutAttempt.findMany({ select: { id: true, status: true }, orderBy: { id: "asc" } }),
    db.invoice.findMany({ select: { id: true, status: true, amountPaid: true }, orderBy: { id: "asc" } }),
  ]);
  return {
    events,
    activity,
    digest: createHash("sha256")
      .update(JSON.stringify([payments, attempts, invoices]))
      .digest("hex"),
  };
}

let address = 0;
interface Answer {
  status: number;
  /** Headers and body as one string (PDF bytes as latin1), to search for data that must not be there. */
  text: string;
}

async function request(path: string, init: RequestInit = {}): Promise<Answer> {
  address++;
  const response = await fetch(`${baseUrl}${path}`, {
    ...init,
    redirect: "manual",
    headers: { "user-agent": person, "x-forwarded-for": `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`, ...init.headers },
  });
  const body = Buffer.from(await response.arrayBuffer()).toString("latin1");
  return { status: response.status, text: `${[...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n")}\n\n${body}` };
}

const short = (path: string) => (path.length > 90 ? `${path.slice(0, 40)}…${path.slice(-45)}` : path);

/** A case gone wrong, described so that RESILIENCE_SEED and the description reproduce it. */
function problems(answer: Answer, owner: Client | null, what: string): string[] {
  const found: string[] = [];
  if (answer.status >= 500) found.push(`${what}: ${answer.status}`);
  const allowed = new Set(owner?.secrets ?? []);
  for (const client of clients) {
    for (const secret of client.secrets) if (!allowed.has(secret) && answer.text.includes(secret)) found.push(`${what}: shows ${client.name}'s "${secret}"`);
  }
  return found;
}

const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const oddCharacters = ["%", "%zz", "%00", "..", "/", "\\", "?", "#", "\u0000", "é", "𝔘", "\u202e", " ", "'", '"', "<script>", "=", "."];

function randomText(random: Random, length: number, alphabet: string = tokenAlphabet): string {
  return Array.from({ length }, () => (random.chance(0.1) ? random.pick(oddCharacters) : alphabet[random.int(alphabet.length)]!)).join("");
}

const segments = (token: string) => token.split(".");
const decodeJson = (segment: string) => JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as Record<string, unknown>;
const encodeJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Same header, claims and signature bytes (base64url has spare bits in its last character). */
function sameToken(a: string, b: string): boolean {
  const [x, y] = [segments(a), segments(b)];
  return (
    x.length === 3 && y.length === 3 && x.every((part, i) => Buffer.from(part, "base64url").equals(Buffer.from(y[i]!, "base64url")) && /^[\w-]*$/.test(part))
  );
}

/** One character changed, dropped, added, or the rest cut off: a mangled copy-paste. */
function damage(random: Random, text: string): string {
  const at = random.int(text.length);
  return random.pick([
    () => text.slice(0, at) + random.pick([...tokenAlphabet]) + text.slice(at + 1),
    () => text.slice(0, at) + text.slice(at + 1),
    () => text.slice(0, at) + randomText(random, 1 + random.int(4)) + text.slice(at),
    () => text.slice(0, at),
  ])();
}

/** A real link, tampered with (claims, header, another link's parts) and maybe mangled as well. */
function mutateToken(random: Random, token: string, other: Client): string {
  const [header = "", payload = "", signature = ""] = segments(token);
  const claims = decodeJson(payload);
  const tampered = random.pick([
    () => token,
    () => `${header}.${payload}.${segments(other.token)[2]}`,
    () => `${header}.${segments(other.token)[1]}.${signature}`,
    () => `${encodeJson({ alg: "none", typ: "JWT" })}.${payload}.`,
    () => `${encodeJson({ ...decodeJson(header), alg: "HS512" })}.${payload}.${signature}`,
    () => `${encodeJson({ ...decodeJson(header), kid: "other" })}.${payload}.${signature}`,
    () => `${header}.${encodeJson({ ...claims, sub: other.customerId, ws: other.workspaceId })}.${signature}`,
    () => `${header}.${encodeJson({ ...claims, exp: 4_102_444_800, v: 0 })}.${signature}`,
    () => `${header}.${encodeJson({ ...claims, inv: other.invoiceIds[0] })}.${signature}`,
    () => `${token}.${randomText(random, 8)}`,
    () => token.toUpperCase(),
    () => `${payload}.${header}.${signature}`,
  ])();
  return tampered === token || random.chance(0.3) ? damage(random, tampered) : tampered;
}

/** The portal pages a link opens: home, an invoice, its PDF, a receipt. */
function portalPaths(token: string, client: Client): string[] {
  const t = encodeURIComponent(token);
  return [
    `/p/${t}`,
    `/p/${t}/invoices/${client.invoiceIds[0]}`,
    `/p/${t}/invoices/${client.invoiceIds[0]}/pdf`,
    `/p/${t}/invoices/${client.paidInvoiceId}/receipts/${client.paymentId}/pdf`,
  ];
}

describe(`bad input fuzz (seed ${seed})`, () => {
  it("portal links: random, mutated and other clients' links never answer 5xx, leak, work when forged, or record anything", async () => {
    const random = seededRandom(seed + 2);
    const lapsed = clients[2]!;
    await revokePortalLinks(app.db, lapsed.workspaceId, lapsed.customerId);
    const revoked = lapsed.token;
    const reissue = async (invoiceId?: string) =>
      (await issueCustomerLink(app, { workspaceId: lapsed.workspaceId, customerId: lapsed.customerId, invoiceId, ttlDays: 30 })).url.split("/p/")[1]!;
    lapsed.token = await reissue();
    lapsed.scopedToken = await reissue(lapsed.invoiceIds[0]);
    const before = await recorded();
    const found: string[] = [];
    let downloads = 0;

    // Random strings where a token goes, encoded or raw in the path.
    for (let n = 0; n < casesPerKind; n++) {
      const text = randomText(random, random.pick([0, 1, 20, 150, 400, 2000]));
      const token = random.chance(0.5) ? encodeURIComponent(text) : text.replace(/[#?\s]/g, "");
      const path = random.pick([
        `/p/${token}`,
        `/p/${token}/invoices/${random.pick(clients).invoiceIds[0]}`,
        `/p/${token}/invoices/${randomText(random, 25)}/pdf`,
        `/p/${token}/new-link`,
      ]);
      const answer = await request(path);
      found.push(...problems(answer, null, `random GET ${short(path)}`));
      if (answer.status === 200) found.push(`random GET ${short(path)}: 200`);
    }

    // Real links, mutated: only one that is still byte-for-byte the real link may open anything.
    for (let n = 0; n < casesPerKind * 2; n++) {
      const owner = random.pick(clients);
      const other = random.pick(clients.filter((client) => client !== owner));
      const original = random.pick([owner.token, owner.scopedToken, ...(owner === lapsed ? [revoked] : [])]);
      const token = mutateToken(random, original, other);
      const path = random.pick(portalPaths(token, owner));
      const answer = await request(path);
      const genuine = sameToken(token, original) && original !== revoked;
      found.push(...problems(answer, genuine ? owner : null, `mutated ${short(path)}`));
      if (answer.status < 400 && !genuine) found.push(`mutated ${short(path)}: ${answer.status} for a link that is not genuine`);
      if (answer.status === 200 && path.endsWith("/pdf")) downloads++;
    }

    // Genuine links of one client with another client's ids.
    for (let n = 0; n < casesPerKind; n++) {
      const owner = random.pick(clients);
      const other = random.pick(clients.filter((client) => client !== owner));
      const t = encodeURIComponent(random.pick([owner.token, owner.scopedToken]));
      const [path, init] = random.pick<[string, RequestInit?]>([
        [`/p/${t}/invoices/${random.pick(other.invoiceIds)}`],
        [`/p/${t}/invoices/${random.pick(other.invoiceIds)}/pdf`],
        [`/p/${t}/invoices/${other.paidInvoiceId}/receipts/${other.paymentId}/pdf`],
        [`/p/${t}/invoices/${owner.paidInvoiceId}/receipts/${other.paymentId}/pdf`],
        [
          `/p/${t}/beacon`,
          { method: "POST", body: JSON.stringify({ invoiceId: random.pick(other.invoiceIds) }), headers: { "content-type": "application/json" } },
        ],
        [`/p/${t}/invoices/${random.pick(other.invoiceIds)}?payment=success&session_id=cs_test_${randomText(random, 10)}`],
      ]);
      const answer = await request(path, init);
      found.push(...problems(answer, owner, `swapped ${init?.method ?? "GET"} ${short(path)}`));
      if (answer.status !== 404) found.push(`swapped ${short(path)}: ${answer.status}, expected 404`);
    }

    // Forms and beacons posted with broken links and bodies.
    for (let n = 0; n < casesPerKind; n++) {
      const owner = random.pick(clients);
      let broken = random.chance(0.5) ? mutateToken(random, owner.token, random.pick(clients)) : random.chance(0.5) ? revoked : randomText(random, 40);
      while (sameToken(broken, owner.token)) broken = damage(random, broken);
      const token = encodeURIComponent(broken);
      const body = random.pick([
        new URLSearchParams({ email: random.pick([...clients.map((client) => client.secrets[1]!), randomText(random, 30), ""]) }).toString(),
        randomText(random, 200),
        JSON.stringify({ invoiceId: random.pick(owner.invoiceIds) }),
        "",
      ]);
      const path = random.pick([
        `/p/${token}/new-link`,
        `/p/${token}/beacon`,
        `/p/${token}/invoices/${owner.invoiceIds[0]}`,
        `/p/${token}?_data=routes%2Fp.%24token._index`,
      ]);
      const answer = await request(path, {
        method: "POST",
        body,
        headers: { "content-type": random.pick(["application/x-www-form-urlencoded", "application/json", "text/plain"]) },
      });
      found.push(...problems(answer, null, `posted ${short(path)}`));
    }

    // Genuine links posting something other than the Pay form: refused, no checkout started.
    for (let n = 0; n < casesPerKind / 2; n++) {
      const owner = random.pick(clients);
      const path = `/p/${encodeURIComponent(random.pick([owner.token, owner.scopedToken]))}/invoices/${owner.invoiceIds[0]}`;
      const body = random.pick([JSON.stringify({ amount: random.int(1e9) }), randomText(random, 100), "", "amount=-5"]);
      const type = random.pick(["application/json", "text/plain", "multipart/form-data; boundary=none", "application/octet-stream"]);
      const answer = await request(path, { method: "POST", body, headers: { "content-type": type } });
      found.push(...problems(answer, owner, `not a form, ${type}: ${short(path)}`));
      if (answer.status >= 300 && answer.status < 400) found.push(`not a form, ${type}: ${short(path)} redirected to ${answer.status}`);
    }

    expect(found).toEqual([]);
    const after = await recorded();
    // Only a genuine link records anything: its PDF downloads, and the revoked link's holder asking for a new one.
    expect(after.digest).toBe(before.digest);
    expect(after.activity - before.activity).toBe(downloads);
    const emitted = await app.db.outboxEvent.findMany({ orderBy: { sequence: "asc" }, skip: before.events });
    expect(emitted.filter((event) => event.type !== "portal.link_requested" || event.aggregateId !== lapsed.customerId)).toEqual([]);
  });

  it("Stripe webhooks: damaged, forged and garbage deliveries never answer 5xx, leak, or record anything", async () => {
    const random = seededRandom(seed + 3);
    // Each client pressed Pay and paid at Stripe; the fuzz only ever sends damaged copies of these events.
    const real: StripeObject[] = [];
    for (const client of clients) {
      const scope = { workspaceId: client.workspaceId, customerId: client.customerId, invoiceId: client.invoiceIds[0]! };
      const started = await startCheckout(app, { ...scope, returnUrl: `${baseUrl}/p/token/invoices/${scope.invoiceId}` });
      real.push(stripeEvent("checkout.session.completed", fake.pay((await sessionOfAttempt(app.db, started.checkoutId))!).completed));
    }
    const before = await recorded();
    const found: string[] = [];
    // The server's log lines (JSON on stderr) are kept, to check that no secret or client data reaches them.
    const logged: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((line: string | Uint8Array) => logged.push(String(line)) > 0);
    const post = async (what: string, delivery: { body: string; headers: Record<string, string> }, expected: number[]) => {
      const answer = await request("/webhooks/stripe", { method: "POST", body: delivery.body, headers: delivery.headers });
      found.push(...problems(answer, null, what));
      if (!expected.includes(answer.status)) found.push(`${what}: ${answer.status}, expected ${expected.join(" or ")}`);
    };

    // Bodies changed after signing, and signatures changed: refused.
    for (let n = 0; n < casesPerKind; n++) {
      const delivery = signedDelivery(random.pick(real));
      let body = damage(random, delivery.body);
      if (body === delivery.body) body += " ";
      await post(`damaged body #${n}`, { ...delivery, body }, [400]);
      const header = random.pick([
        () => damage(random, delivery.headers["stripe-signature"]!),
        () => `t=${Math.floor(Date.now() / 1000)},v1=${createHash("sha256").update(randomText(random, 10)).digest("hex")}`,
        () => signedDelivery(delivery.body, { timestamp: Math.floor(app.now().getTime() / 1000) - 301 - random.int(100_000) }).headers["stripe-signature"]!,
        () => signedDelivery(delivery.body, { secret: "whsec_someone_else" }).headers["stripe-signature"]!,
        () => delivery.headers["stripe-signature"]!.replace("v1=", "v0="),
        () => randomText(random, random.int(200)),
      ])();
      // A "damage" that changed nothing (a character replaced by itself, or only non-ASCII added) is no damage.
      const sent = header.replace(/[^\x20-\x7e]/g, "");
      const signature = sent === delivery.headers["stripe-signature"] ? `${sent}0` : sent;
      await post(`damaged signature #${n}`, { ...delivery, headers: { ...delivery.headers, "stripe-signature": signature } }, [400]);
    }

    // Validly signed, but not an event Remit can apply: garbage, or a real event broken where Remit reads it.
    const within = (path: string[], keys: string[]) => keys.map((key) => [...path, key]);
    const readPaths = [
      ...within([], ["id", "object", "type", "created", "data"]),
      ["data", "object"],
      ...within(["data", "object"], ["id", "mode", "payment_status", "payment_intent", "amount_total", "currency", "payment_method_types", "metadata"]),
      ...within(["data", "object", "metadata"], ["remit_workspace_id", "remit_invoice_id", "remit_customer_id", "remit_checkout_id"]),
    ];
    // Absent, these make the event unreadable or not Remit's (the others are optional).
    const required = readPaths.filter((path) => !["payment_method_types", "remit_checkout_id"].includes(path.at(-1)!));
    for (let n = 0; n < casesPerKind * 2; n++) {
      // A fresh event id each time, so no case is answered as a duplicate of an earlier one.
      const event = { ...structuredClone(random.pick(real)), id: `evt_fuzz_${seed}_${n}` };
      const garbage = random.pick([
        () => randomText(random, random.int(500), '{}[]":,0123456789abcdefnulltrue \n'),
        () => JSON.stringify(randomJson(random)),
        () => JSON.stringify({ ...event, data: randomJson(random) }),
        () => JSON.stringify(event).slice(0, random.int(JSON.stringify(event).length)),
        () => `${"[".repeat(5_000)}${"]".repeat(5_000)}`,
        () =>
          JSON.stringify({ ...event, padding: "x".repeat(1_000_000) })
            .replace('"paid"', '"unpaid"')
            .replace('"payment"', '"subscription"'),
        () => {
          const path = random.pick(readPaths);
          setPath(event, path, otherType(random, getPath(event, path)));
          return JSON.stringify(event);
        },
        () => {
          deletePath(event, random.pick(required));
          return JSON.stringify(event);
        },
        () => {
          // Ids that do not belong together: another client's, another vendor's, or none at all.
          const metadata = getPath(event, ["data", "object", "metadata"]) as Record<string, string>;
          const owner = clients.find((client) => client.invoiceIds[0] === metadata.remit_invoice_id)!;
          const other = random.pick(clients.filter((client) => client !== owner));
          const key = random.pick(["remit_workspace_id", "remit_invoice_id", "remit_customer_id"] as const);
          const value = { remit_workspace_id: other.workspaceId, remit_invoice_id: other.invoiceIds[0]!, remit_customer_id: other.customerId }[key];
          metadata[key] =
            key === "remit_workspace_id" && other.workspaceId === owner.workspaceId ? crypto.randomUUID() : random.chance(0.2) ? crypto.randomUUID() : value;
          return JSON.stringify(event);
        },
        () => JSON.stringify(event).replace('"usd"', '"eur"'),
      ])();
      await post(`signed garbage #${n}`, signedDelivery(garbage), [200, 400]);
    }

    expect(found).toEqual([]);
    expect(await recorded()).toEqual(before);
    const secrets = [stripeEnv.STRIPE_SECRET_KEY, stripeEnv.STRIPE_WEBHOOK_SECRET, ...clients.flatMap((client) => [client.token, ...client.secrets])];
    expect(logged.filter((line) => secrets.some((secret) => line.includes(secret)))).toEqual([]);
  });

  it("oversize and slow bodies and spoofed forwarding headers: 413 before the limit, slow clients cut off, spoofing buys nothing", async () => {
    const random = seededRandom(seed + 4);
    const before = await recorded();
    const found: string[] = [];
    const port = (server.address() as AddressInfo).port;
    const owner = clients[0]!;
    const routes = [
      "/webhooks/stripe",
      "/slack/events",
      `/p/${owner.token}/new-link`,
      `/p/${owner.token}/beacon`,
      `/p/${owner.token}/invoices/${owner.invoiceIds[0]}`,
      `/p/${owner.token}/invoices/${owner.invoiceIds[0]}.data`,
      `/p/${encodeURIComponent(randomText(random, 40))}/new-link`,
      "/",
    ];

    /** Sends a request over a raw socket, `pace` ms between chunks; resolves with the answer's status line and the bytes sent. */
    const raw = (head: string, chunks: Buffer[], pace: number) =>
      new Promise<{ status: number | null; sent: number; ms: number }>((resolve) => {
        const socket = connect(port, "127.0.0.1");
        const started = performance.now();
        let answer = "";
        let sent = 0;
        let open = true;
        socket.on("data", (data) => {
          // Having the answer, the client hangs up, as a browser or Stripe would.
          if (!answer) setTimeout(() => socket.end(), 20);
          answer += data.toString("latin1");
        });
        socket.on("error", () => {});
        socket.on("close", () => {
          open = false;
          const status = /^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1];
          resolve({ status: status ? Number(status) : null, sent, ms: performance.now() - started });
        });
        socket.on("connect", async () => {
          socket.write(head);
          for (const chunk of chunks) {
            if (!open || answer) break;
            socket.write(chunk);
            sent += chunk.length;
            await new Promise((next) => setTimeout(next, pace));
          }
          if (open && !answer) setTimeout(() => socket.end(), 50);
        });
      });

    // Bodies around and far over each route's limit, declared or streamed in chunks.
    for (let n = 0; n < casesPerKind; n++) {
      const path = random.pick(routes);
      const limit = bodyLimit("POST", path.split("?")[0]!);
      const size = random.pick([limit + 1, limit * 2, limit + random.int(10 * kib) + 1, 64 * 1024 * 1024, 400 * 1024 * 1024]);
      const streamed = random.chance(0.5);
      const head =
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: ${random.pick(["application/json", "application/x-www-form-urlencoded", "text/plain"])}\r\n` +
        `X-Forwarded-For: 10.200.${n}.1\r\n${streamed ? "Transfer-Encoding: chunked" : `Content-Length: ${size}`}\r\n\r\n`;
      const piece = Buffer.alloc(16 * kib, "a");
      const chunks = Array.from({ length: Math.min(Math.ceil(size / piece.length), 200) }, () =>
        streamed ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece,
      );
      const result = await raw(head, chunks, 0);
      const what = `${streamed ? "streamed" : "declared"} ${size} bytes to ${short(path)}`;
      if (result.status !== 413) found.push(`${what}: ${result.status ?? "no answer"}, expected 413`);
      if (result.sent > limit + 8 * 1024 * kib) found.push(`${what}: ${result.sent} bytes were taken before the answer`);
    }

    // Slow clients: headers or a body trickling in. Each is cut off, and the server answers others meanwhile.
    const slow = Array.from({ length: 8 }, (_, n) => {
      const path = random.pick(routes);
      return random.chance(0.5)
        ? raw(
            `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n`,
            Array.from({ length: 100 }, () => Buffer.from("X-Slow: 1\r\n")),
            100,
          )
        : raw(
            `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 10.201.${n}.1\r\nContent-Length: 900\r\n\r\n`,
            Array.from({ length: 900 }, () => Buffer.from("a")),
            20,
          );
    });
    const started = performance.now();
    const meanwhile = await fetch(`${baseUrl}/`);
    if (meanwhile.status !== 200 || performance.now() - started > 2_000)
      found.push(`a normal request during slow clients: ${meanwhile.status} after ${Math.round(performance.now() - started)} ms`);
    for (const [n, result] of (await Promise.all(slow)).entries()) {
      if (result.ms > fuzzTimeouts.requestMs + 2_000) found.push(`slow client #${n}: held the connection ${Math.round(result.ms)} ms`);
      if (result.status !== null && result.status >= 500) found.push(`slow client #${n}: ${result.status}`);
    }

    // Spoofed forwarding headers: whatever a client puts before the proxy's own entry, the
    // address the proxy saw is the one counted, and nothing else of them is believed.
    const proxySaw = "203.0.113.77";
    const statuses: number[] = [];
    for (let n = 0; n < 25; n++) {
      const spoofed = Array.from({ length: 1 + random.int(4) }, () =>
        random.pick([`198.51.100.${random.int(256)}`, "127.0.0.1", "::1", randomText(random, 8).replace(/[^\w.:]/g, "")]),
      );
      const response = await fetch(`${baseUrl}/p/${randomText(random, 30).replace(/[^\w-]/g, "")}.x.y`, {
        redirect: "manual",
        headers: {
          "user-agent": person,
          "x-forwarded-for": [...spoofed, proxySaw].join(", "),
          forwarded: `for=${random.pick(spoofed)}`,
          "x-real-ip": random.pick(spoofed),
          "x-forwarded-host": "evil.example",
          "x-forwarded-proto": random.pick(["https", "http", "gopher"]),
        },
      });
      const text = await response.text();
      statuses.push(response.status);
      if (response.status >= 500) found.push(`spoofed headers #${n}: ${response.status}`);
      if (text.includes("evil.example") || (response.headers.get("location") ?? "").includes("evil.example"))
        found.push(`spoofed headers #${n}: echoed the forwarded host`);
    }
    if (statuses.slice(0, 20).some((status) => status !== 403) || statuses.slice(20).some((status) => status !== 429)) {
      found.push(`spoofed X-Forwarded-For: ${statuses.join(",")}, expected 20 × 403 then 429`);
    }

    expect(found).toEqual([]);
    expect(await recorded()).toEqual(before);
  });

  it("Slack payloads: damaged, forged and garbage requests never answer 5xx, leak, or record anything", async () => {
    const slack = mockSlack();
    const random = seededRandom(seed + 3);
    // The Slack team (one-workspace mode) is Alfa Studio's: Bravo's invoices are another vendor's.
    const alfa = clients.filter((client) => client.workspaceId === clients[0]!.workspaceId);
    const bravo = clients.filter((client) => client.workspaceId !== clients[0]!.workspaceId);
    await request("/slack/events", slashCommand("help")); // links the team to its workspace, as the first real request does
    const before = await recorded();
    const found: string[] = [];
    const toSlack = async (what: string, init: RequestInit, expected: number[]) => {
      const answer = await request("/slack/events", init);
      found.push(
        ...problems(answer, alfa[0]!, what).filter((problem) => !alfa.some((client) => client.secrets.some((secret) => problem.includes(`"${secret}"`)))),
      );
      if (!expected.includes(answer.status)) found.push(`${what}: ${answer.status}, expected ${expected.join(" or ")}`);
    };
    const theirs = () => random.pick([...bravo.flatMap((client) => client.invoiceIds), crypto.randomUUID(), randomText(random, 12)]);
    // Commands naming another vendor's invoice or client: the answer may repeat what was typed, nothing more.
    const typed = new Set(["BRAVO-0001", "BRAVO-0002", bravo[0]!.name]);
    const realBodies = () => [
      slashCommand(random.pick(["", "list open", "status BRAVO-0001", `link ${bravo[0]!.name}`, "void BRAVO-0002", "settings", randomText(random, 30)])),
      buttonClick({ actionId: random.pick(Object.values(actions)), value: theirs() }),
      eventCallback({ type: random.pick(["app_home_opened", "app_uninstalled", "tokens_revoked", randomText(random, 8)]), user: "U0VENDOR01", tab: "home" }),
    ];

    for (let n = 0; n < casesPerKind; n++) {
      // Signatures and timestamps damaged: refused before anything is read.
      const real = random.pick(realBodies());
      const body = String(real.body);
      const headers = real.headers as Record<string, string>;
      const forged = random.pick([
        () => {
          const signature = damage(random, headers["x-slack-signature"]!).replace(/[^\x20-\x7e]/g, "");
          return { ...headers, "x-slack-signature": signature === headers["x-slack-signature"] ? `${signature}0` : signature };
        },
        () => ({ ...headers, ...signatureHeaders(body, Math.floor(Date.now() / 1000) - 301 - random.int(100_000)) }),
        () => ({ ...headers, ...signatureHeaders(body, Math.floor(Date.now() / 1000) + 301 + random.int(100_000)) }),
        () => ({ ...headers, ...signatureHeaders(body, undefined, "someone-elses-signing-secret") }),
        () => ({ "content-type": headers["content-type"]! }),
      ])();
      await toSlack(`forged Slack request #${n}`, { method: "POST", headers: forged, body: random.chance(0.3) ? damage(random, body) : body }, [401]);
    }

    for (let n = 0; n < casesPerKind * 2; n++) {
      // Validly signed, but garbage, or aimed at another vendor's invoices: a clear answer, never a 5xx or a change.
      const init = random.pick([
        () => signed(randomText(random, random.int(300), 'abcdefghijklmnopqrstuvwxyz=&%{}[]":,0123456789'), "application/x-www-form-urlencoded"),
        () => signed(`payload=${encodeURIComponent(JSON.stringify(randomJson(random)))}`, "application/x-www-form-urlencoded"),
        () => signed(JSON.stringify(randomJson(random)), "application/json"),
        () =>
          signed(
            JSON.stringify({ type: "event_callback", team_id: random.pick(["T0OTHER01", randomText(random, 9)]), event: randomJson(random) }),
            "application/json",
          ),
        () => random.pick(realBodies()),
        () =>
          viewSubmission(
            { id: "V0FUZZ", callback_id: random.pick(Object.values(views)), private_metadata: JSON.stringify({ invoiceId: theirs() }), blocks: [] },
            { [randomText(random, 6)]: { value: { type: "plain_text_input", value: randomText(random, 20) } } },
          ),
      ])();
      await toSlack(`signed garbage for Slack #${n}`, init, [200, 400, 401, 404]);
    }
    await app.slack?.settled();

    // What Remit said back through Slack shows no other vendor's data either, beyond what was typed.
    const saidToSlack = JSON.stringify([slack.calls.map((call) => call.args), slack.responses.map((response) => response.body)]);
    for (const client of bravo) {
      for (const secret of client.secrets) {
        if (saidToSlack.includes(secret) && !typed.has(secret)) found.push(`told Slack ${client.name}'s "${secret}"`);
      }
    }
    expect(found).toEqual([]);
    expect(await recorded()).toEqual(before);
  });
});

/** Random JSON of any shape, with keys Remit's parsers look for among random ones. */
function randomJson(random: Random, depth = 0): unknown {
  const keys = ["id", "object", "type", "created", "data", "metadata", "payment_status", "remit_invoice_id", "amount_total", randomText(random, 6)];
  switch (random.int(depth > 3 ? 4 : 6)) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5) ? random.int(2 ** 31) - 2 ** 30 : random.next() * 1e20;
    case 2:
      return random.chance(0.5);
    case 3:
      return randomText(random, random.int(40));
    case 4:
      return Array.from({ length: random.int(4) }, () => randomJson(random, depth + 1));
    default:
      return Object.fromEntries(Array.from({ length: random.int(5) }, () => [random.pick(keys), randomJson(random, depth + 1)]));
  }
}

/** A value of another JSON type than `value` (never null: several fields may be null). */
function otherType(random: Random, value: unknown): unknown {
  const kind = (v: unknown) => (Array.isArray(v) ? "array" : typeof v);
  return random.pick([42, -1.5, true, [], ["x", 1], {}, { nested: { deep: [1] } }, "text"].filter((candidate) => kind(candidate) !== kind(value)));
}

type Json = Record<string, unknown>;
const parentOf = (root: Json, path: string[]) => path.slice(0, -1).reduce<Json>((node, key) => node[key] as Json, root);
const getPath = (root: Json, path: string[]) => parentOf(root, path)[path.at(-1)!];
const setPath = (root: Json, path: string[], value: unknown) => void (parentOf(root, path)[path.at(-1)!] = value);
const deletePath = (root: Json, path: string[]) => void delete parentOf(root, path)[path.at(-1)!];
