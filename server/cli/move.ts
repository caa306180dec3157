import { move } from "#server/move.ts";
import { command } from "./command.ts";

export const moveCommand = command({
  name: "move",
  summary: "Carry every row of the embedded database to an empty PostgreSQL database.",
  options: {
    to: { type: "string", value: "postgresql://…", description: "The PostgreSQL database (empty; migrations are applied)", required: true },
  },
  notes: "Stop Remit first. Counts are verified per table; the keys go to DATA_DIR/postgresql.env. See docs/operations.md.",
  async run({ options, io }) {
    for (const line of await move(io.env, options.to)) io.out(line);
  },
});
