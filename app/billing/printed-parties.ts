import { z } from "zod";
import { offlinePayment, vendorDetails } from "./workspaces.server.ts";

/**
 * What an issued invoice prints about its vendor and client, frozen when it is issued: the
 * same invoice number always gives the same document, even after the vendor changes their
 * branding, address or bank, or the client's address changes.
 */
export const printedParties = z.object({
  vendor: z.object({
    name: z.string(),
    brandColor: z.string(),
    /** Base64 PNG. */
    logoPng: z.string().nullable(),
    details: z.object({
      legalName: z.string(),
      address: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      website: z.string().nullable(),
      taxId: z.string().nullable(),
      registrationNumber: z.string().nullable(),
    }),
    offline: z
      .object({
        bankName: z.string().nullable(),
        accountHolder: z.string().nullable(),
        account: z.string().nullable(),
        bic: z.string().nullable(),
        instructions: z.string().nullable(),
      })
      .nullable(),
    template: z.string(),
  }),
  customer: z.object({ name: z.string(), email: z.string().nullable(), address: z.string().nullable(), taxId: z.string().nullable() }),
});

export type PrintedParties = z.infer<typeof printedParties>;

type WorkspaceRow = Parameters<typeof vendorDetails>[0] &
  Parameters<typeof offlinePayment>[0] & { brandColor: string; logoPng: Uint8Array | null; defaultTemplate: string };

export function snapshotParties(
  workspace: WorkspaceRow,
  customer: { name: string; email: string | null; address: string | null; taxId: string | null },
  template: string | null,
): PrintedParties {
  return {
    vendor: {
      name: workspace.name,
      brandColor: workspace.brandColor,
      logoPng: workspace.logoPng ? Buffer.from(workspace.logoPng).toString("base64") : null,
      details: vendorDetails(workspace),
      offline: offlinePayment(workspace),
      template: template ?? workspace.defaultTemplate,
    },
    customer: { name: customer.name, email: customer.email, address: customer.address, taxId: customer.taxId },
  };
}

/** The frozen parties of an issued invoice; null for one issued before snapshots existed. */
export function readPrintedParties(value: unknown): PrintedParties | null {
  const parsed = printedParties.safeParse(value);
  return parsed.success ? parsed.data : null;
}
