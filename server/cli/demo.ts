import { loadDemo } from "#server/demo.ts";
import { command } from "./command.ts";

export const demoCommand = command({
  name: "demo",
  summary: "Load the demo workspace (never touches other data).",
  async run({ io, app }) {
    const { db, now } = await app();
    const demo = await loadDemo(db, now());
    io.out(
      demo
        ? `Loaded the demo workspace ${demo.workspaceId}: ${demo.customers.length} customers, ${demo.invoices} invoices.`
        : "The demo workspace is already loaded; nothing changed.",
    );
  },
});
