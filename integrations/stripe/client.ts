import Stripe from "stripe";

/**
 * Where the SDK sends requests, from STRIPE_API_URL: Stripe itself by default, or a proxy or
 * a local Stripe-compatible server. The SDK takes host, port and protocol separately.
 */
export function apiEndpoint(apiUrl: string): { host: string; port: number; protocol: "http" | "https" } {
  const url = new URL(apiUrl);
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443, protocol };
}

export function createStripeClient(secretKey: string, apiUrl: string, appVersion: string): Stripe {
  return new Stripe(secretKey, {
    ...apiEndpoint(apiUrl),
    // Every POST carries an idempotency key, so retrying a lost request cannot charge twice.
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: "Remit", version: appVersion },
  });
}
