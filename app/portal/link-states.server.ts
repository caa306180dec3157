import { LRUCache } from "lru-cache";
import type { Database, Db, NoticeListener } from "#app/platform/db/database.server.ts";

/** What checking a link needs of its customer: the links' version and what the portal's data version is made of. */
export interface LinkState {
  portalTokenVersion: number;
  portalVersion: number;
  workspace: { portalVersion: number; timezone: string };
}

/** What a portal link's token says, once its signature is verified. */
export interface LinkClaims {
  /** The customer. */
  sub: string;
  /** Their workspace. */
  ws: string;
  /** The customer's link version when it was made (revocation moves it on). */
  v: number;
  /** An invoice-scoped link's invoice. */
  inv?: string;
  /** A quote-scoped link's quote. */
  q?: string;
  /** A vendor's own preview. */
  pv?: true;
  /** Expiry, in seconds since the epoch. */
  exp: number;
}

/** Reads a customer's link state (null: no such customer in that workspace), and may remember verified tokens. */
export interface LinkStates {
  read(customerId: string, workspaceId: string): Promise<LinkState | null>;
  /** The claims of a token whose signature was verified before, when remembered. */
  verifiedClaims?(token: string): LinkClaims | undefined;
  /** Remembers a token whose signature verified: it will verify the same way while the process lives (its keys are read once). */
  rememberVerified?(token: string, claims: LinkClaims): void;
}

const select = { portalTokenVersion: true, portalVersion: true, workspace: { select: { portalVersion: true, timezone: true } } } as const;

/** Straight from the database, every time. */
export function linkStatesIn(db: Db): LinkStates {
  return { read: (customerId, workspaceId) => db.customer.findFirst({ where: { id: customerId, workspaceId }, select }) };
}

/** The channel the database announces changed customers and workspaces on (migration portal_change_notices). */
export const portalChannel = "remit_portal";

/**
 * Link states kept in memory while the database says nothing changed (decision 156). Every
 * update or deletion of a Customer or Workspace row is announced on `portalChannel` as it
 * commits, by any instance or tool; the versions a client's pages depend on are bumped only
 * through such updates (decision 115), so a kept state is dropped whenever it could be stale.
 *
 * Only what was read while listening reliably, and with no notice arriving during the read
 * (a change committed meanwhile could have been read half-way), is kept. While the listening
 * connection is down nothing is kept and every read goes to the database.
 *
 * It also remembers which tokens' signatures verified (a pure function of the token and the
 * signing keys, which are read once at start): checking an HMAC through WebCrypto was a third
 * of a kept page's CPU. Expiry is still checked on every request.
 */
export class KeptLinkStates implements LinkStates, NoticeListener {
  private readonly kept: LRUCache<string, { workspaceId: string; state: LinkState }>;
  private readonly verified: LRUCache<string, LinkClaims>;
  private readonly database: LinkStates;
  /** Counts notices and losses: a read that saw it move keeps nothing. */
  private generation = 0;
  private reliable = false;

  /** Whether notices are heard reliably now (and so states are kept). */
  get hearing(): boolean {
    return this.reliable;
  }

  constructor(db: Db, maxCustomers = 10_000) {
    this.database = linkStatesIn(db);
    this.kept = new LRUCache({ max: maxCustomers });
    this.verified = new LRUCache({ max: maxCustomers });
  }

  verifiedClaims(token: string): LinkClaims | undefined {
    return this.verified.get(token);
  }

  rememberVerified(token: string, claims: LinkClaims): void {
    this.verified.set(token, claims);
  }

  /** Starts hearing the database's notices; resolves to the function that stops. */
  listenTo(database: Pick<Database, "listen">): Promise<() => Promise<void>> {
    return database.listen(portalChannel, this);
  }

  /** The state kept for this customer of this workspace, if any. */
  keptState(customerId: string, workspaceId: string): LinkState | undefined {
    const hit = this.reliable ? this.kept.get(customerId) : undefined;
    return hit?.workspaceId === workspaceId ? hit.state : undefined;
  }

  async read(customerId: string, workspaceId: string): Promise<LinkState | null> {
    const hit = this.keptState(customerId, workspaceId);
    if (hit) return hit;
    const generation = this.generation;
    const state = await this.database.read(customerId, workspaceId);
    if (state && this.reliable && generation === this.generation) this.kept.set(customerId, { workspaceId, state });
    return state;
  }

  notice(payload: string): void {
    this.generation++;
    const [table, id] = payload.split(" ");
    if (table === "Customer" && id) this.kept.delete(id);
    else if (table === "Workspace" && id) {
      for (const [customerId, { workspaceId }] of this.kept.entries()) if (workspaceId === id) this.kept.delete(customerId);
    } else this.kept.clear();
  }

  listening(reliably: boolean): void {
    this.generation++;
    this.kept.clear();
    this.reliable = reliably;
  }
}
