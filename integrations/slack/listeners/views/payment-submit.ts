import { z } from "zod";
import { calendarDateIn, parseCalendarDate } from "#app/platform/calendar.ts";
import { getInvoice, recordManualPayment } from "#app/billing/invoices.server.ts";
import { parseAmount } from "#app/billing/money.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import { valueId } from "../../blocks/kit.ts";
import { paymentBlock } from "../../blocks/payment-modal.ts";
import { carried, errorsOnForm, formErrors, refusedOnForm, slackActor, type Deps, type ViewListener } from "../support.ts";

const metadata = z.object({ invoiceId: z.string() });

/** Records the payment; the invoice message and the alert follow through the outbox. */
export function paymentSubmit(deps: Deps): ViewListener {
  return async (args) => {
    const { ack, view, context, body } = args;
    const { db, now } = deps.remit;
    const { workspaceId } = context;
    const values = view.state.values;
    const errors = formErrors(ack);
    if (await refusedOnForm(deps, args, "mark_paid", paymentBlock.amount)) return;
    const target = carried(metadata, view.private_metadata);
    const invoice = target ? await getInvoice(db, workspaceId, target.invoiceId).catch(() => null) : null;
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
      return errors(errorsOnForm(error, paymentBlock.amount, (field) => (field === "method" ? paymentBlock.method : paymentBlock.amount)));
    }
    await ack();
  };
}
