// Child process: a dispatcher whose subscriber starts delivering, says so, and never finishes
// (the parent kills this process with SIGKILL at that moment).
import { renameSync, writeFileSync } from "node:fs";
import { openDatabase } from "#app/platform/db/database.server.ts";
import { createDispatcher } from "#app/platform/outbox/dispatcher.server.ts";

const [target = "", marker = ""] = process.argv.slice(2);
const database = await openDatabase(target.startsWith("postgres") ? { databaseUrl: target, dataDir: "" } : { dataDir: target });
const dispatcher = createDispatcher(database.prisma, {
  leaseMs: 60_000,
  now: () => new Date(),
  subscribers: [
    {
      name: "notion",
      deliver: (event) => {
        // Written aside and renamed, so the parent never reads the file half-written.
        writeFileSync(`${marker}.part`, event.id);
        renameSync(`${marker}.part`, marker);
        return new Promise(() => {});
      },
    },
  ],
});
await dispatcher.runOnce();
