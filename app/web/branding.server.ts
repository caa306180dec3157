import type { Branding } from "#app/components/portal/shell.tsx";

/** The vendor's branding for the page: the logo travels as a data URL (the CSP allows data: images). */
export function branding(vendor: { name: string; brandColor: string; logoPng: Uint8Array | null }): Branding {
  return {
    name: vendor.name,
    brandColor: vendor.brandColor,
    logoDataUrl: vendor.logoPng ? `data:image/png;base64,${Buffer.from(vendor.logoPng).toString("base64")}` : null,
  };
}
