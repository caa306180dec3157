import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A TCP proxy the tests control, between Remit and PostgreSQL: it adds latency, makes open
 * connections go silent (a failover, a stuck network device: nothing arrives, nothing closes),
 * drops everything on the floor (a partition), or cuts every connection and refuses new ones.
 */
export interface TcpProxy {
  url: (databaseUrl: string) => string;
  port: number;
  /** Delay added to every answer from the server (so to every round trip). */
  latencyMs: number;
  /** Connections open now stop carrying bytes and never close; new ones work. */
  silenceOpen(): number;
  /** Every connection, open or new, carries nothing and never closes. */
  partition(): void;
  /** Every connection is reset and new ones are refused until restore(). */
  cut(): void;
  restore(): void;
  /** Connections the proxy carries now (silent ones included). */
  open(): number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  server: Socket;
  silent: boolean;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  let mode: "normal" | "partition" | "cut" = "normal";

  const forward = (pair: Pair, from: Socket, to: Socket, delayed: boolean) => {
    from.on("data", (chunk) => {
      if (pair.silent || mode === "partition") return;
      const send = () => !pair.silent && mode !== "partition" && !to.destroyed && to.write(chunk);
      if (delayed && proxy.latencyMs > 0) setTimeout(send, proxy.latencyMs);
      else send();
    });
  };

  const server: Server = createServer((client) => {
    if (mode === "cut") {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: Pair = { client, server: upstream, silent: mode === "partition" };
    pairs.add(pair);
    const end = () => {
      pairs.delete(pair);
      if (!client.destroyed) client.destroy();
      if (!upstream.destroyed) upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    forward(pair, client, upstream, false);
    forward(pair, upstream, client, true);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const proxy: TcpProxy = {
    port,
    latencyMs: 0,
    url(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    silenceOpen() {
      for (const pair of pairs) pair.silent = true;
      return pairs.size;
    },
    partition() {
      mode = "partition";
    },
    cut() {
      mode = "cut";
      for (const pair of pairs) {
        pair.client.resetAndDestroy();
        pair.server.destroy();
      }
    },
    restore() {
      mode = "normal";
    },
    open: () => pairs.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const pair of pairs) {
          pair.client.destroy();
          pair.server.destroy();
        }
        server.close(() => resolve());
      }),
  };
  return proxy;
}
