import { restore } from "#server/backup.ts";
import { command } from "./command.ts";

export const restoreCommand = command({
  name: "restore",
  summary: "Make an empty DATA_DIR the database of a backup, with its keys.",
  args: ["DIR"],
  notes: "Stop Remit first; restore never writes into a directory that holds anything.",
  async run({ args, io }) {
    for (const line of await restore(io.env, args[0] ?? "")) io.out(line);
  },
});
