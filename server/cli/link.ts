import { flag, required, text, wholeNumber } from "#app/platform/cli/command.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { workspaceCommand } from "./command.ts";

export const linkCommand = workspaceCommand({
  name: "link",
  summary: "A portal link for a client: every invoice of theirs, or one.",
  options: {
    customer: required("ID", "The client"),
    invoice: text("ID", "Only this invoice"),
    preview: flag("A link for you: your visits are not counted as the client's views"),
    days: text("N", "Days the link stays valid (PORTAL_LINK_TTL_DAYS when not given)"),
  },
  async run({ options, io, context, workspace }) {
    const link = await issueCustomerLink(context, {
      workspaceId: workspace.id,
      customerId: options.customer,
      invoiceId: options.invoice ?? null,
      preview: options.preview,
      ttlDays: wholeNumber(options.days, "days") ?? context.env.PORTAL_LINK_TTL_DAYS,
    });
    io.out(link.url);
    io.out(`Valid until ${link.expiresAt.toISOString()}${options.preview ? " (a preview: your visits are not counted as the client's)" : ""}.`);
  },
});
