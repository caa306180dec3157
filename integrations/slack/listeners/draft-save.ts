import type { webApi } from "@slack/bolt";
import { errorMessage, log } from "#app/platform/config/log.server.ts";
import { createCustomer } from "#app/billing/customers.server.ts";
import { DomainError, ValidationError } from "#app/billing/errors.ts";
import { updateDraft } from "#app/billing/drafts.server.ts";
import { getInvoice } from "#app/billing/invoices.server.ts";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import type { InvoiceForm } from "../blocks/invoice-form.ts";
import { refreshInvoiceMessage } from "../invoice-card.ts";
import { slackActor, type Deps } from "./support.ts";

interface DraftSubmission {
  ack: () => Promise<void>;
  /** Answers with the domain's field paths ("lines.0.quantity") next to their fields. */
  errors: (issues: Record<string, string>) => Promise<void>;
  client: webApi.WebClient;
  userId: string;
  workspaceId: string;
  draftId: string;
  form: InvoiceForm;
}

/**
 * Saves an edited draft (the form opened by **Edit** on a draft's message), then redraws the
 * draft's message. A new customer typed in the form is created only once the draft's content
 * passed every check, and taken back if saving fails.
 */
export async function saveDraft(deps: Deps, submission: DraftSubmission): Promise<void> {
  const { db, now } = deps.remit;
  const { workspaceId, draftId, form, client, userId } = submission;
  const actor = slackActor(userId);
  let created: { id: string } | null = null;
  try {
    if (form.newCustomer) created = await createCustomer(db, workspaceId, form.newCustomer);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return submission.errors(Object.fromEntries(Object.entries(error.issues).map(([field, message]) => [`customer.${field}`, message])));
  }
  try {
    await updateDraft(db, workspaceId, draftId, { ...form.invoice, customerId: created?.id ?? form.customerId ?? "" }, now(), actor);
  } catch (error) {
    if (created) await db.customer.delete({ where: { id: created.id } });
    if (error instanceof ValidationError) return submission.errors(error.issues);
    if (error instanceof DomainError) return submission.errors({ customerId: error.message });
    throw error;
  }
  await submission.ack();
  try {
    const [invoice, workspace] = await Promise.all([getInvoice(db, workspaceId, draftId), getWorkspace(db, workspaceId)]);
    await refreshInvoiceMessage(client, deps.remit, invoice, workspace);
  } catch (error) {
    log.error("Could not redraw the draft's message", { error: errorMessage(error) });
  }
}
