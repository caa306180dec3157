import type { webApi } from "@slack/bolt";
import { getWorkspace } from "#app/billing/workspaces.server.ts";
import type { DeliveredEvent } from "#app/ports/events.ts";
import { invoiceMessage } from "../blocks/invoice-message.ts";
import { loadInvoiceCard } from "../invoice-card.ts";
import type { Installations } from "../installations.ts";
import type { Remit } from "../remit.ts";
import { postForEvent, recordPost, rememberInvoiceMessage } from "../store.ts";

/**
 * A recurring schedule issued an invoice with nobody asking in Slack: its message goes to the
 * workspace's alert channel (naming the schedule), once per event, and is kept up to date
 * there like any invoice message (paid, voided).
 */
export async function postRecurringInvoice(remit: Remit, client: webApi.WebClient, installations: Installations, event: DeliveredEvent<"recurring.issued">) {
  const workspace = await getWorkspace(remit.db, event.workspaceId);
  const token = await installations.botTokenFor(workspace);
  if (!token || !workspace.alertChannelId) return;
  if (await postForEvent(remit.db, event.id)) return;
  const { card } = await loadInvoiceCard(remit, workspace.id, event.payload.invoiceId, "channel");
  const message = invoiceMessage(card);
  const posted = await client.chat.postMessage({ token, channel: workspace.alertChannelId, unfurl_links: false, unfurl_media: false, ...message });
  const channel = posted.channel ?? workspace.alertChannelId;
  await recordPost(remit.db, {
    eventId: event.id,
    workspaceId: workspace.id,
    invoiceId: event.payload.invoiceId,
    kind: "recurring_issued",
    channel,
    ts: posted.ts ?? "",
    createdAt: remit.now(),
  });
  if (posted.ts) await rememberInvoiceMessage(remit.db, workspace.id, event.payload.invoiceId, channel, posted.ts);
}
