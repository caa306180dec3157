import { backup } from "#server/backup.ts";
import { command } from "./command.ts";
import { required } from "#app/platform/cli/command.ts";

export const backupCommand = command({
  name: "backup",
  summary: "A consistent copy of the embedded database and its keys, taken while the server runs.",
  options: {
    to: required("DIR", "A new directory for the backup"),
  },
  notes: "Asks the running server for the snapshot (or takes it itself when none runs). With DATABASE_URL, use pg_dump instead; see docs/operations.md.",
  async run({ options, io }) {
    for (const line of await backup(io.env, options.to, io.now())) io.out(line);
  },
});
