import { formatMoney, parseAmount } from "#app/billing/money.ts";
import { getWorkspace, updateWorkspaceSettings } from "#app/billing/workspaces.server.ts";
import { onOff, required, text, UsageError, workspaceOption } from "#app/platform/cli/command.ts";
import { command } from "../command.ts";

export const workspacePayments = command({
  name: "workspace payments",
  summary: "Whether clients may pay part of a balance online (docs/payments.md).",
  options: {
    ...workspaceOption,
    partial: required("on|off", "Partial online payments"),
    minimum: text("AMOUNT|none", "The smallest part a client may pay, in the workspace's currency"),
  },
  async run({ options, io, app }) {
    const partial = onOff(options.partial, "partial");
    const { db } = await app();
    const workspace = await getWorkspace(db, options.workspace);
    let minimumPartialAmount: number | null | undefined;
    if (options.minimum === "none") minimumPartialAmount = null;
    else if (options.minimum !== undefined) {
      const typed = parseAmount(options.minimum, workspace.defaultCurrency, workspace.locale);
      if (!typed.ok) throw new UsageError(`--minimum: ${typed.error} Or none.`);
      minimumPartialAmount = typed.amount;
    }
    const updated = await updateWorkspaceSettings(db, workspace.id, { allowPartialPayments: partial, minimumPartialAmount });
    const minimum = updated.minimumPartialAmount
      ? `at least ${formatMoney(updated.minimumPartialAmount, updated.defaultCurrency, updated.locale)}`
      : "any amount";
    io.out(
      updated.allowPartialPayments
        ? `Clients of "${updated.name}" may pay part of a balance online (${minimum}).`
        : `Clients of "${updated.name}" pay the whole balance online.`,
    );
  },
});
