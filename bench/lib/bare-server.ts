// A bare node:http server in a process of its own, as Remit runs: it answers every request with
// the bytes and headers of one recorded response, the baseline each portal ratio is taken against.
//   node --import tsx bench/lib/bare-server.ts <port> <response.json>
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

const [port = "4101", file = ""] = process.argv.slice(2);
const recorded = JSON.parse(readFileSync(file, "utf8")) as { status: number; headers: Record<string, string>; body: string };
const body = Buffer.from(recorded.body, "base64");
createServer((_req, res) => {
  res.writeHead(recorded.status, { ...recorded.headers, "content-length": body.length });
  res.end(body);
}).listen(Number(port), "127.0.0.1", () => process.stdout.write("listening\n"));
