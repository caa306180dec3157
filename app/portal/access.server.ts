import { recordChange, type Actor } from "#app/billing/audit.server.ts";
import { errors, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { z } from "zod";
import type { SigningKey } from "#app/platform/config/secrets.server.ts";
import type { Db } from "#app/platform/db/database.server.ts";
import { NotFoundError } from "#app/billing/errors.ts";
import { emit } from "#app/platform/outbox/outbox.server.ts";
import { calendarDateIn } from "#app/platform/calendar.ts";
import { linkStatesIn, type KeptLinkStates, type LinkClaims, type LinkState, type LinkStates } from "./link-states.server.ts";

const audience = "remit-portal";
const dayMs = 86_400_000;

/** What a verified portal link grants: one customer of one workspace, maybe one invoice. */
export interface PortalAccess {
  workspaceId: string;
  customerId: string;
  /** An invoice-scoped link shows only this invoice. */
  invoiceId: string | null;
  /** A quote-scoped link shows only this quote and the invoices made from it (absent: not quote-scoped). */
  quoteId?: string | null;
  /** A vendor's own preview: recorded as a preview, never as a client view. */
  preview: boolean;
  expiresAt: Date;
}

/** Who a genuine but expired or revoked link was for: lets its holder ask for a fresh one. */
export interface LapsedLink {
  workspaceId: string;
  customerId: string;
}

export type PortalAccessResult =
  | {
      ok: true;
      access: PortalAccess;
      /**
       * Changes whenever anything the client's pages show may have changed: the customer's data,
       * the vendor's, or the day in the vendor's timezone (overdue counts). The database bumps
       * the versions itself (decision 115).
       */
      dataVersion: string;
    }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "expired" | "revoked"; lapsed: LapsedLink };

const claimsSchema = z.object({
  sub: z.string().min(1),
  ws: z.string().min(1),
  v: z.number().int(),
  inv: z.string().min(1).optional(),
  q: z.string().min(1).optional(),
  pv: z.literal(true).optional(),
  exp: z.number(),
}) satisfies z.ZodType<LinkClaims>;

export interface LinkRequest {
  workspaceId: string;
  customerId: string;
  invoiceId?: string | null;
  /** A link to one quote (and the invoices made from it); never together with `invoiceId`. */
  quoteId?: string | null;
  preview?: boolean;
  ttlDays: number;
  /** A link minted from another link (Pay's return address) never outlives that link. */
  notAfter?: Date;
}

/** A portal token as Remit signs it: three base64url parts and nothing else (no whitespace, no padding). */
const compactToken = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** Signs a link token with the first key (HS256, `kid` in the header for rotation). */
export async function issuePortalToken(db: Db, keys: SigningKey[], request: LinkRequest, now: Date) {
  const [signer] = keys;
  if (!signer) throw new Error("No portal signing key configured.");
  const customer = await db.customer.findFirst({
    where: { id: request.customerId, workspaceId: request.workspaceId },
    select: { id: true, portalTokenVersion: true },
  });
  if (!customer) throw new NotFoundError("No such customer in this workspace.");
  if (request.invoiceId) {
    const invoice = await db.invoice.findFirst({ where: { id: request.invoiceId, customerId: customer.id }, select: { id: true } });
    if (!invoice) throw new NotFoundError("No such invoice for this customer.");
  }
  if (request.quoteId) {
    if (request.invoiceId) throw new Error("A link is scoped to one invoice or one quote, not both.");
    const quote = await db.quote.findFirst({ where: { id: request.quoteId, customerId: customer.id }, select: { id: true } });
    if (!quote) throw new NotFoundError("No such quote for this customer.");
  }
  const ttlEnd = now.getTime() + request.ttlDays * dayMs;
  const expiresAt = new Date(Math.min(ttlEnd, request.notAfter?.getTime() ?? ttlEnd));
  const token = await new SignJWT({
    ws: request.workspaceId,
    v: customer.portalTokenVersion,
    ...(request.invoiceId ? { inv: request.invoiceId } : {}),
    ...(request.quoteId ? { q: request.quoteId } : {}),
    ...(request.preview ? { pv: true } : {}),
  })
    .setProtectedHeader({ alg: "HS256", kid: signer.kid })
    .setSubject(customer.id)
    .setAudience(audience)
    .setIssuedAt(Math.floor(now.getTime() / 1000))
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(signer.secret);
  return { token, expiresAt };
}

/** The claims of a token Remit signed with one of `keys`, and whether it has expired; null for anything else. */
async function signedClaims(keys: SigningKey[], token: string, now: Date): Promise<{ claims: LinkClaims; expired: boolean } | null> {
  let payload: JWTPayload;
  let expired = false;
  try {
    ({ payload } = await jwtVerify(
      token,
      (header) => {
        const key = keys.find((candidate) => candidate.kid === header.kid);
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key.secret;
      },
      { algorithms: ["HS256"], audience, currentDate: now },
    ));
  } catch (error) {
    // Only an expired token has a verified signature; its claims are still trustworthy.
    if (!(error instanceof errors.JWTExpired)) return null;
    payload = error.payload;
    expired = true;
  }
  const claims = claimsSchema.safeParse(payload);
  // One scope per link: a token naming both an invoice and a quote was not made by Remit.
  if (!claims.success || (claims.data.inv && claims.data.q)) return null;
  return { claims: claims.data, expired };
}

/**
 * Verifies a link token: signature by a known key id, HS256 only (so `alg: none` and
 * algorithm swaps fail), audience, expiry, and the customer's current token version, read through
 * `states` (the app's kept ones, `app.linkStates`; straight from `db` when not given).
 */
export async function verifyPortalToken(
  db: Db,
  keys: SigningKey[],
  token: string,
  now: Date,
  states: LinkStates = linkStatesIn(db),
): Promise<PortalAccessResult> {
  // jose's base64url decoding skips characters such as a trailing newline: only the exact form counts.
  if (!compactToken.test(token)) return { ok: false, reason: "invalid" };
  const remembered = rememberedClaims(states, token, now);
  const signed = remembered ? { claims: remembered, expired: false } : await signedClaims(keys, token, now);
  if (!signed) return { ok: false, reason: "invalid" };
  if (!signed.expired && !remembered) states.rememberVerified?.(token, signed.claims);
  return accessGranted(signed.claims, signed.expired, await states.read(signed.claims.sub, signed.claims.ws), now);
}

/**
 * What `verifyPortalToken` answers, when memory alone holds everything it needs: the token's
 * verified claims, unexpired, and its customer's kept link state. Undefined otherwise (ask
 * `verifyPortalToken`, which reads what is missing).
 */
export function verifiedFromMemory(states: Pick<KeptLinkStates, "verifiedClaims" | "keptState">, token: string, now: Date): PortalAccessResult | undefined {
  const claims = rememberedClaims(states, token, now);
  const customer = claims && states.keptState(claims.sub, claims.ws);
  return customer && accessGranted(claims, false, customer, now);
}

/**
 * A remembered token's claims, used only before jose's own expiry rule ("exp" at or before now,
 * in whole seconds) would apply; from then on the token goes the long way, and jose reports it expired.
 */
function rememberedClaims(states: Pick<LinkStates, "verifiedClaims">, token: string, now: Date): LinkClaims | undefined {
  const claims = states.verifiedClaims?.(token);
  return claims && claims.exp > Math.floor(now.getTime() / 1000) ? claims : undefined;
}

/** What a link with these verified claims grants, given its customer's link state (null: no such customer). */
function accessGranted(claims: LinkClaims, expired: boolean, customer: LinkState | null, now: Date): PortalAccessResult {
  const { sub, ws, v, inv, q, pv, exp } = claims;
  if (!customer) return { ok: false, reason: "invalid" };
  const lapsed = { workspaceId: ws, customerId: sub };
  if (expired) return { ok: false, reason: "expired", lapsed };
  if (customer.portalTokenVersion !== v) return { ok: false, reason: "revoked", lapsed };
  return {
    ok: true,
    access: {
      workspaceId: ws,
      customerId: sub,
      invoiceId: inv ?? null,
      ...(q ? { quoteId: q } : {}),
      preview: pv === true,
      expiresAt: new Date(exp * 1000),
    },
    dataVersion: `${customer.portalVersion}.${customer.workspace.portalVersion}.${calendarDateIn(now, customer.workspace.timezone).toISOString().slice(0, 10)}`,
  };
}

/** Kills every outstanding link of a customer at once. */
export async function revokePortalLinks(db: Db, workspaceId: string, customerId: string, by?: { actor: Actor; at: Date }): Promise<void> {
  await db.$transaction(async (tx) => {
    const { count } = await tx.customer.updateMany({
      where: { id: customerId, workspaceId },
      data: { portalTokenVersion: { increment: 1 } },
    });
    if (count === 0) throw new NotFoundError("No such customer in this workspace.");
    if (by) await recordChange(tx, { workspaceId, customerId, action: "links_renewed", actor: by.actor, at: by.at });
  });
}

export function portalUrl(baseUrl: string, token: string): string {
  return `${baseUrl}/p/${token}`;
}

export type FreshLinkOutcome = "requested" | "not-offered" | "email-mismatch";

/** However often a client asks, the vendor hears of it at most once in this window. */
export const linkRequestWindowMs = 60 * 60_000;

/**
 * The holder of a lapsed link asks for a fresh one by confirming the customer's email. The
 * link is never shown to the requester: the request goes to the vendor (and, where email is
 * set up, to the address on file) through the `portal.link_requested` event, at most once a
 * window per customer, so a burst of requests is one alert.
 */
export async function requestFreshLink(db: Db, lapsed: LapsedLink & { reason: "expired" | "revoked" }, email: string, now: Date): Promise<FreshLinkOutcome> {
  const customer = await db.customer.findFirst({
    where: { id: lapsed.customerId, workspaceId: lapsed.workspaceId },
    select: { email: true, workspace: { select: { selfServiceLinks: true } } },
  });
  if (!customer?.workspace.selfServiceLinks || !customer.email) return "not-offered";
  if (customer.email.trim().toLowerCase() !== email.trim().toLowerCase()) return "email-mismatch";
  await db.$transaction(async (tx) => {
    // The row lock makes concurrent requests for one customer decide one after the other.
    await tx.$queryRaw`SELECT "id" FROM "Customer" WHERE "id" = ${lapsed.customerId} FOR UPDATE`;
    const since = new Date(now.getTime() - linkRequestWindowMs);
    const recent = await tx.outboxEvent.count({ where: { type: "portal.link_requested", aggregateId: lapsed.customerId, createdAt: { gte: since } } });
    if (recent) return;
    await emit(
      tx,
      {
        type: "portal.link_requested",
        workspaceId: lapsed.workspaceId,
        aggregateId: lapsed.customerId,
        payload: { customerId: lapsed.customerId, reason: lapsed.reason },
      },
      now,
    );
  });
  return "requested";
}
