import { errors, SignJWT } from "jose";
import { z } from "zod";
import { verifySigned, type SigningKey } from "#app/platform/config/secrets.server.ts";

/**
 * Remit's own link to a workspace's Stripe onboarding: `/stripe/connect/<token>`. Stripe's
 * Account Links are single-use and lapse within minutes, so Remit hands out this link (to the
 * admin who asked, in Slack, or to the operator on the CLI) and makes a fresh Account Link each
 * time it is opened. Whoever completes onboarding owns the account the clients pay into, so the
 * link is signed, lapses after a day, and stops onboarding once the account's details are in.
 */

const audience = "remit:stripe-onboarding";
const onboardingTtlMs = 24 * 60 * 60_000;
const claims = z.object({ ws: z.string().min(1) });

export async function signOnboardingToken(keys: SigningKey[], workspaceId: string, now: Date): Promise<string> {
  const [signer] = keys;
  if (!signer) throw new Error("No signing key configured.");
  return new SignJWT({ ws: workspaceId })
    .setProtectedHeader({ alg: "HS256", kid: signer.kid })
    .setAudience(audience)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor((now.getTime() + onboardingTtlMs) / 1000))
    .sign(signer.secret);
}

/** The workspace the token was made for; "expired" or "invalid" otherwise. */
export async function verifyOnboardingToken(keys: SigningKey[], token: string, now: Date): Promise<{ workspaceId: string } | "expired" | "invalid"> {
  try {
    const { payload } = await verifySigned(keys, token, audience, now);
    const parsed = claims.safeParse(payload);
    return parsed.success ? { workspaceId: parsed.data.ws } : "invalid";
  } catch (error) {
    return error instanceof errors.JWTExpired ? "expired" : "invalid";
  }
}

export function onboardingUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/$/, "")}/stripe/connect/${token}`;
}
