// The HTTP server as it serves: the production build behind server/http.ts on loopback.
import { get, type IncomingHttpHeaders } from "node:http";
import { connect } from "node:net";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { anInvoice, aVendor } from "#tests/fixtures.ts";
import { mswServer } from "#tests/msw/server.ts";
import { connectEnv, FakeStripe } from "#tests/msw/stripe.ts";
import type { ClientTimeouts } from "./http.ts";
import { loopbackInstances } from "#tests/http.ts";

const fastTimeouts: ClientTimeouts = { headersMs: 400, requestMs: 800, idleMs: 5_000, keepAliveMs: 1_000, checkEveryMs: 100 };
const mib = 1024 * 1024;

const { serve } = loopbackInstances({ timeouts: fastTimeouts });

/** Writes raw bytes to the server and collects what it answers until it closes the connection. */
function rawExchange(
  port: number,
  write: (send: (chunk: string | Buffer) => boolean) => Promise<void>,
): Promise<{ answer: string; sent: number; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const started = performance.now();
    let answer = "";
    let sent = 0;
    let closed = false;
    socket.on("data", (data) => (answer += data.toString("latin1")));
    socket.on("error", () => {});
    socket.on("close", () => {
      closed = true;
      resolve({ answer, sent, closedAfterMs: performance.now() - started });
    });
    socket.on("connect", () => {
      write((chunk) => {
        if (closed || socket.destroyed) return false;
        sent += Buffer.byteLength(chunk);
        socket.write(chunk);
        return true;
      }).catch(reject);
    });
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const gunzipOrPlain = (response: { headers: IncomingHttpHeaders; body: Buffer }) =>
  response.headers["content-encoding"] === "gzip" ? gunzipSync(response.body) : response.body;

/** A GET that sends exactly the Accept-Encoding given and returns the bytes as they came over the wire. */
function rawGet(url: string, acceptEncoding: string): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "accept-encoding": acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

describe("production mode and friendly errors", () => {
  it("answers TRACE and other unknown methods 405, an undecodable path 400, both as plain pages without a stack", async () => {
    const { url } = await serve();
    for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
      const response = await fetch(`${url}/`, { method });
      const text = await response.text();
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, POST");
      expect(text).toContain("<h1>Not allowed</h1>");
      expect(text).not.toMatch(/\n\s+at |node_modules|\/work\//);
    }
    for (const path of ["/p/%ff", "/p/%E0%A4%A/invoices/x", "/%c0%af"]) {
      const response = await fetch(`${url}${path}`);
      const text = await response.text();
      expect(response.status, path).toBe(400);
      expect(text).toContain("<h1>Bad request</h1>");
      expect(text).not.toMatch(/URIError|\n\s+at |node_modules|\/work\//);
    }
  });

  it("shows the invalid-link page for a link with anything after it (a trailing newline), never a 500", async () => {
    const { app, url } = await serve();
    const { workspace, customer } = await aVendor(app.db);
    const invoice = await anInvoice(app.db, workspace.id, customer.id);
    const scoped = (await issueCustomerLink(app, { workspaceId: workspace.id, customerId: customer.id, invoiceId: invoice.id, ttlDays: 5 })).url.split(
      "/p/",
    )[1]!;
    const genuine = await fetch(`${url}/p/${scoped}`, { redirect: "manual" });
    expect(genuine.status).toBe(302);
    for (const suffix of ["%0A", "%0D%0A", "%20", "%09", "="]) {
      const response = await fetch(`${url}/p/${scoped}${suffix}`, { redirect: "manual" });
      expect(response.status, suffix).toBe(403);
      expect(await response.text()).toContain("This link is no longer valid");
    }
  });

  it("sends the vendor on from their Stripe onboarding link to Stripe, and shows a page for a link that does not work", async () => {
    const stripe = new FakeStripe();
    mswServer.use(...stripe.handlers());
    const { app, url } = await serve(connectEnv);
    const { workspace } = await aVendor(app.db, { name: "Onboarding Studio" });
    const { onboardingUrl } = await app.stripe!.connect(workspace.id);
    const path = new URL(onboardingUrl ?? "").pathname;
    const onward = await fetch(`${url}${path}`, { redirect: "manual" });
    expect(onward.status).toBe(302);
    expect(onward.headers.get("location")).toBe(stripe.accountLinks[0]?.url);
    const broken = await fetch(`${url}/stripe/connect/not-a-token`);
    expect(broken.status).toBe(200);
    expect(broken.headers.get("cache-control")).toBe("private, no-store");
    expect(await broken.text()).toContain("This link no longer works");
  });

  it("sends a kept portal home and the built scripts compressed to clients that accept it, and lets browsers keep built assets for a year", async () => {
    const { app, url } = await serve();
    const { workspace, customer } = await aVendor(app.db);
    await anInvoice(app.db, workspace.id, customer.id);
    const link = (await issueCustomerLink(app, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 5 })).url.split("/p/")[1]!;
    const page = `${url}/p/${link}`;
    // The first view renders the page; once kept, it is served as rendered, compressed once.
    await expect.poll(async () => (await rawGet(page, "identity")).headers["content-security-policy"]).toContain("'sha256-");
    const plain = await rawGet(page, "identity");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    for (const [accepted, encoding, decode] of [
      ["br, gzip", "br", brotliDecompressSync],
      ["gzip", "gzip", gunzipSync],
    ] as const) {
      const packed = await rawGet(page, accepted);
      expect(packed.headers["content-encoding"]).toBe(encoding);
      expect(packed.body.length).toBeLessThan(plain.body.length / 2);
      const html = decode(packed.body).toString("utf8");
      expect(html).toContain(customer.name);
      expect(html.replace(/nonce="[^"]+"/g, "")).toBe(plain.body.toString("utf8").replace(/nonce="[^"]+"/g, ""));
    }
    const scripts = [...plain.body.toString("utf8").matchAll(/<link rel="modulepreload" href="(\/build\/[^"]+\.js)"/g)].map((match) => match[1]!);
    const assets = await Promise.all(scripts.map((script) => rawGet(`${url}${script}`, "gzip")));
    expect(assets.map((asset) => asset.headers["cache-control"])).toEqual(scripts.map(() => "public, max-age=31536000, immutable"));
    const large = assets.filter((asset) => gunzipOrPlain(asset).length > 1024);
    expect(large.length).toBeGreaterThan(0);
    expect(large.map((asset) => asset.headers["content-encoding"])).toEqual(large.map(() => "gzip"));
    const icon = await fetch(`${url}/favicon.svg`);
    expect([icon.status, icon.headers.get("content-type"), icon.headers.get("cache-control")]).toEqual([200, "image/svg+xml", "public, max-age=3600"]);
  });

  it("sends HSTS only when PUBLIC_URL is https", async () => {
    const plain = await serve();
    expect((await fetch(`${plain.url}/`)).headers.get("strict-transport-security")).toBeNull();
    const secure = await serve({ PUBLIC_URL: "https://billing.example.com" });
    expect((await fetch(`${secure.url}/`)).headers.get("strict-transport-security")).toBe("max-age=31536000");
  });
});

describe("bodies are bounded before they are read", () => {
  it("refuses a declared Content-Length over the route's limit at once, without waiting for the body", async () => {
    const { port } = await serve();
    for (const [path, length] of [
      ["/webhooks/stripe", 400 * mib],
      ["/webhooks/stripe/connect", mib + 1],
      ["/slack/events", mib + 1],
      ["/p/abc.def.ghi/new-link", 4097],
      ["/p/abc.def.ghi/beacon", 1025],
      ["/p/abc.def.ghi/invoices/x", 5000],
    ] as const) {
      const result = await rawExchange(port, async (send) => {
        send(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${length}\r\n\r\n`);
        send("only the first bytes");
      });
      expect(result.answer, path).toMatch(/^HTTP\/1\.1 413 /);
      expect(result.answer).toContain("<h1>Too large</h1>");
    }
  });

  it("stops reading a streamed body (no Content-Length) once it passes the limit", async () => {
    const { port } = await serve();
    const chunk = Buffer.alloc(64 * 1024, "a");
    const result = await rawExchange(port, async (send) => {
      send("POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
      // Up to 400 MiB, 64 KiB at a time, until the server answers and closes.
      for (let n = 0; n < 6400; n++) {
        if (!send(`${chunk.length.toString(16)}\r\n`) || !send(chunk) || !send("\r\n")) return;
        await pause(1);
      }
    });
    expect(result.answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(result.sent).toBeLessThan(8 * mib);
  });

  it("takes bodies within the limit", async () => {
    const { url } = await serve();
    const body = JSON.stringify({ type: "event_callback", padding: "x".repeat(900 * 1024) });
    const slack = await fetch(`${url}/slack/events`, { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(slack.status).toBe(503); // read whole, then refused because Slack is not configured here
    const form = await fetch(`${url}/p/abc.def.ghi/new-link`, { method: "POST", body: new URLSearchParams({ email: "x".repeat(3000) }), redirect: "manual" });
    expect(form.status).toBe(302); // answered, then back to the link's page
  });
});

describe("slow clients are cut off", () => {
  /** Sends `head`, then `piece` `everyMs` apart, up to `times` times or until the server stops reading. */
  const trickle = async (head: string, piece: string, times: number, everyMs: number) => {
    const { port } = await serve();
    return rawExchange(port, async (send) => {
      send(head);
      for (let n = 0; n < times && send(piece); n++) await pause(everyMs);
    });
  };

  it("closes a connection whose headers never finish", async () => {
    const result = await trickle("GET / HTTP/1.1\r\nHost: x\r\n", "X-Slow: 1\r\n", 50, 100);
    expect(result.closedAfterMs).toBeLessThan(3_000);
    expect(result.answer).toMatch(/^HTTP\/1\.1 408 |^$/);
  });

  it("closes a connection whose body trickles in slower than the request timeout", async () => {
    const head = "POST /p/abc.def.ghi/new-link HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3000\r\n\r\n";
    const result = await trickle(head, "a", 3000, 20);
    expect(result.closedAfterMs).toBeLessThan(4_000);
    expect(result.sent).toBeLessThan(3000);
  });
});

describe("rate limits behind a proxy", () => {
  const badLinks = async (url: string, forwardedFor: (n: number) => string, count: number) => {
    const statuses: number[] = [];
    for (let n = 0; n < count; n++) {
      const response = await fetch(`${url}/p/bad.link.${n}`, { headers: { "x-forwarded-for": forwardedFor(n) } });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
        expect(response.headers.get("cache-control")).toBe("private, no-store");
        expect(await response.text()).toContain("Too many attempts");
      } else await response.arrayBuffer();
    }
    return statuses;
  };

  it("answers the 21st bad link from one address 429 with Retry-After, and keeps serving that address's good links", async () => {
    const { app, url } = await serve();
    const { workspace, customer } = await aVendor(app.db);
    const good = (await issueCustomerLink(app, { workspaceId: workspace.id, customerId: customer.id, ttlDays: 5 })).url.split("/p/")[1]!;
    expect(await badLinks(url, () => "", 21)).toEqual([...Array(20).fill(403), 429]);
    expect((await fetch(`${url}/p/${good}`)).status).toBe(200);
  });

  it("ignores X-Forwarded-For from a peer that is not a configured proxy, so spoofing it buys nothing", async () => {
    const { url } = await serve({ TRUST_PROXY: "10.9.9.9" });
    expect(await badLinks(url, (n) => `198.51.100.${n}`, 21)).toEqual([...Array(20).fill(403), 429]);
  });

  it("with one trusted hop, counts the address the proxy saw, whatever the client put before it", async () => {
    const { url } = await serve({ TRUST_PROXY: "1" });
    expect(await badLinks(url, (n) => `198.51.100.${n}, 203.0.113.7`, 21)).toEqual([...Array(20).fill(403), 429]);
    // Other clients behind the same proxy are not held back.
    expect(await badLinks(url, () => "203.0.113.8", 1)).toEqual([403]);
  });
});
