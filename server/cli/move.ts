import { move } from "#server/move.ts";
import { command } from "./command.ts";
import { required } from "#app/platform/cli/command.ts";

export const moveCommand = command({
  name: "move",
  summary: "Carry every row of the embedded database to an empty PostgreSQL database.",
  options: {
    to: required("postgresql://…", "The PostgreSQL database (empty; migrations are applied)"),
  },
  notes: "Stop Remit first. Counts are verified per table; the keys go to DATA_DIR/postgresql.env. See docs/operations.md.",
  async run({ options, io }) {
    for (const line of await move(io.env, options.to)) io.out(line);
  },
});
