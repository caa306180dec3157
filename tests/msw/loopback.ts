import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { getResponse, type RequestHandler } from "msw";

export interface LoopbackOptions {
  /** The origin the handlers were written for (http://notion.test): requests are matched as if sent there. */
  origin: string;
  /** Runs before the handlers; a Response returned here answers instead of them (rate limits, outages). */
  before?: (request: Request) => Response | undefined;
  /** Runs once the handlers have answered, before the answer is sent (a test may kill the caller here). */
  after?: (request: Request, response: Response) => Promise<void> | void;
}

export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

async function toRequest(message: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (let i = 0; i < message.rawHeaders.length; i += 2) headers.append(message.rawHeaders[i]!, message.rawHeaders[i + 1]!);
  const method = message.method ?? "GET";
  return new Request(`${origin}${message.url ?? "/"}`, { method, headers, body: method === "GET" || method === "HEAD" ? undefined : Buffer.concat(chunks) });
}

/**
 * Serves msw handlers (the same fakes the tests use in-process) over real HTTP on 127.0.0.1,
 * for a server running in another process: benchmarks and the crash test.
 */
export async function serveOnLoopback(handlers: RequestHandler[], options: LoopbackOptions): Promise<LoopbackServer> {
  const server = createServer((message, reply) => {
    void (async () => {
      const request = await toRequest(message, options.origin);
      const response =
        options.before?.(request) ??
        (await getResponse(handlers, request)) ??
        Response.json({ error: `No fake answers ${request.method} ${new URL(request.url).pathname}` }, { status: 404 });
      await options.after?.(request, response);
      if (reply.destroyed) return;
      const body = Buffer.from(await response.arrayBuffer());
      const headers: Record<string, string> = Object.fromEntries(response.headers);
      reply.writeHead(response.status, { ...headers, "content-length": String(body.length) });
      reply.end(body);
    })().catch((error: unknown) => {
      reply.writeHead(500, { "content-type": "text/plain" });
      reply.end(`Loopback fake failed: ${String(error)}`);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
