import type { Middleware, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { z } from "zod";
import { calendarDateIn, parseCalendarDate } from "#app/platform/calendar.ts";
import { DomainError, ValidationError } from "#app/billing/errors.ts";
import { getInvoice, recordManualPayment } from "#app/billing/invoices.server.ts";
import { parseAmount } from "#app/billing/money.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { valueId } from "../../blocks/kit.ts";
import { paymentBlock } from "../../blocks/payment-modal.ts";
import { waitBudget } from "../../calls.ts";
import { refusal, slackActor, type Deps, type RemitContext } from "../support.ts";

const metadata = z.object({ invoiceId: z.string() });

function safeJson(text: string | undefined): unknown {
  try {
    return JSON.parse(text || "{}");
  } catch {
    return null;
  }
}

/** Records the payment; the invoice message and the alert follow through the outbox. */
export function paymentSubmit(deps: Deps): Middleware<SlackViewMiddlewareArgs<ViewSubmitAction>, RemitContext> {
  return async ({ ack, view, context, client, body }) => {
    const { db, now } = deps.remit;
    const { workspaceId } = context;
    const values = view.state.values;
    const errors = (found: Record<string, string>) => ack({ response_action: "errors", errors: found });
    const refused = await refusal(() => deps.roles.require(client, body.user.id, context.workspaceId, "mark_paid", waitBudget.beforeAck));
    if (refused) return errors({ [paymentBlock.amount]: refused });
    const parsed = metadata.safeParse(safeJson(view.private_metadata));
    const invoice = parsed.success ? await getInvoice(db, workspaceId, parsed.data.invoiceId).catch(() => null) : null;
    if (!invoice) return errors({ [paymentBlock.amount]: "This invoice is no longer in this workspace." });
    const invoiceId = invoice.id;
    const workspace = await getWorkspace(db, workspaceId);

    const typed = parseAmount(values[paymentBlock.amount]?.[valueId]?.value ?? "", invoice.currency, workspace.locale);
    if (!typed.ok) return errors({ [paymentBlock.amount]: typed.error });
    const amount = typed.amount;
    const day = parseCalendarDate(values[paymentBlock.paidOn]?.[valueId]?.selected_date ?? "");
    const today = calendarDateIn(now(), workspace.timezone);
    if (!day || day > today) return errors({ [paymentBlock.paidOn]: "Pick the day the money arrived (today or earlier)." });

    try {
      await recordManualPayment(
        db,
        {
          workspaceId,
          invoiceId,
          amount,
          method: values[paymentBlock.method]?.[valueId]?.selected_option?.value ?? "",
          note: values[paymentBlock.note]?.[valueId]?.value ?? null,
          paidAt: day.getTime() === today.getTime() ? now() : day,
          recordedBy: slackActor(body.user.id),
        },
        now(),
      );
    } catch (error) {
      if (error instanceof ValidationError) {
        return errors(
          Object.fromEntries(Object.entries(error.issues).map(([field, message]) => [field === "method" ? paymentBlock.method : paymentBlock.amount, message])),
        );
      }
      if (error instanceof DomainError) return errors({ [paymentBlock.amount]: error.message });
      throw error;
    }
    await ack();
  };
}
