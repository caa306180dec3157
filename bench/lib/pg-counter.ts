// A TCP proxy in front of a PostgreSQL server that counts what its clients send: every
// statement executed (a simple query, or an Execute of the extended protocol) with its SQL text,
// and every round trip (a simple query, or a Sync). The server under test connects through it,
// so its statements are counted without any hook in Remit or setting on the database server.
import { createServer, connect, type Socket } from "node:net";

export interface StatementCount {
  statements: number;
  roundTrips: number;
  /** Executions per SQL text, as sent. */
  texts: Map<string, number>;
}

export interface PgCounter {
  /** DATABASE_URL through the proxy (same database, user and password as `databaseUrl`). */
  url: string;
  /** What was counted since the last reset. */
  read(): StatementCount;
  reset(): void;
  close(): Promise<void>;
}

const sslRequest = 80877103;
const gssEncRequest = 80877104;

/** Reads a client's messages as they stream by (startup messages have no type byte). */
function frontendReader(count: (type: string, body: Buffer) => void) {
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  return (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    for (;;) {
      if (!started) {
        if (pending.length < 8) return;
        const length = pending.readInt32BE(0);
        if (pending.length < length) return;
        const code = pending.readInt32BE(4);
        if (code !== sslRequest && code !== gssEncRequest) started = true;
        pending = pending.subarray(length);
        continue;
      }
      if (pending.length < 5) return;
      const length = pending.readInt32BE(1);
      if (pending.length < length + 1) return;
      count(String.fromCharCode(pending[0]!), pending.subarray(5, length + 1));
      pending = pending.subarray(length + 1);
    }
  };
}

const cstring = (body: Buffer, from: number): [string, number] => {
  const end = body.indexOf(0, from);
  return [body.toString("utf8", from, end), end + 1];
};

export async function startPgCounter(databaseUrl: string): Promise<PgCounter> {
  const target = new URL(databaseUrl);
  let counted: StatementCount = { statements: 0, roundTrips: 0, texts: new Map() };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    // Per connection: prepared statements by name, portals by name, as the protocol binds them.
    const prepared = new Map<string, string>();
    const portals = new Map<string, string>();
    const executed = (text: string) => {
      counted.statements++;
      counted.texts.set(text, (counted.texts.get(text) ?? 0) + 1);
    };
    const read = frontendReader((type, body) => {
      if (type === "Q") {
        counted.roundTrips++;
        executed(cstring(body, 0)[0]);
      } else if (type === "P") {
        const [name, next] = cstring(body, 0);
        prepared.set(name, cstring(body, next)[0]);
      } else if (type === "B") {
        const [portal, next] = cstring(body, 0);
        portals.set(portal, prepared.get(cstring(body, next)[0]) ?? "(unknown statement)");
      } else if (type === "E") {
        executed(portals.get(cstring(body, 0)[0]) ?? "(unknown portal)");
      } else if (type === "S") {
        counted.roundTrips++;
      }
    });
    client.on("data", (chunk: Buffer) => {
      read(chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("The counting proxy has no port");
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(address.port);
  return {
    url: url.toString(),
    read: () => counted,
    reset() {
      counted = { statements: 0, roundTrips: 0, texts: new Map() };
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
