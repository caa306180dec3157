import { useEffect } from "react";

/**
 * Tells the server the page was really shown. It runs in the browser after render, so link
 * unfurlers, mail scanners and other fetchers that never run scripts do not count as views.
 */
export function ViewBeacon({ token, invoiceId }: { token: string; invoiceId: string | null }) {
  useEffect(() => {
    void fetch(`/p/${token}/beacon`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ invoiceId }),
      keepalive: true,
    }).catch(() => {});
  }, [token, invoiceId]);
  return null;
}
