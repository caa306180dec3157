import { http, HttpResponse } from "msw";
import Stripe from "stripe";
import { testEpoch } from "#tests/clock.ts";

/**
 * A small Stripe for tests, served by msw at STRIPE_API_URL: creates Checkout Sessions (with
 * idempotency keys, as Stripe does), expires them, refunds, serves PaymentIntents with their
 * charge, and builds the objects and signed events Stripe would send. Shapes follow Stripe's
 * API reference, and it refuses what Stripe documents it refuses: a key reused with other
 * parameters, amounts outside a currency's rules (docs.stripe.com/currencies: zero-decimal
 * currencies, ISK and UGX in multiples of 100, three-decimal ones ending in 0, the minimum
 * charge amounts), currencies it does not take, expiring a session that is not open.
 */
export const stripeEnv = {
  STRIPE_SECRET_KEY: "sk_test_remit",
  STRIPE_WEBHOOK_SECRET: "whsec_remit_test_secret",
  STRIPE_API_URL: "http://stripe.test:12111",
};

/** Stripe Connect (docs/decisions/013): the platform's key, its own endpoint's secret and the Connect endpoint's. */
export const connectEnv = { ...stripeEnv, STRIPE_CONNECT_WEBHOOK_SECRET: "whsec_remit_connect_secret" };

const base = stripeEnv.STRIPE_API_URL;

export type StripeObject = Record<string, unknown>;

interface CreateRequest {
  idempotencyKey: string | null;
  params: Record<string, string>;
}

function stripeError(status: number, error: StripeObject, headers: Record<string, string> = {}) {
  return HttpResponse.json({ error }, { status, headers: { "Request-Id": "req_test", ...headers } });
}

let sessionCounter = 0;
let refundCounter = 0;
let accountCounter = 0;

/** Presentment currencies this fake Stripe account takes (a real account takes about 135). */
const supportedCurrencies = new Set([
  "usd",
  "eur",
  "gbp",
  "jpy",
  "chf",
  "isk",
  "huf",
  "twd",
  "ugx",
  "kwd",
  "bhd",
  "jod",
  "omr",
  "tnd",
  "krw",
  "sek",
  "nok",
  "dkk",
  "pln",
]);
const zeroDecimal = new Set(["jpy", "krw"]);
const multiplesOf100 = new Set(["isk", "ugx"]);
const threeDecimal = new Set(["kwd", "bhd", "jod", "omr", "tnd"]);
/** Stripe's documented minimum charge amounts, in its units. */
const minimumCharge: Record<string, number> = { usd: 50, eur: 50, gbp: 30, jpy: 50, chf: 50, huf: 17_500, krw: 50, sek: 300, nok: 300, dkk: 250, pln: 200 };

/** Stripe's documented limit of line items on a Checkout Session in payment mode. */
const maxLineItems = 100;

interface LineItem {
  currency: string;
  unitAmount: number;
  quantity: number;
}

/** The session's line items as Stripe reads the form-encoded `line_items[i][…]` parameters. */
function lineItems(params: Record<string, string>): LineItem[] {
  const lines: LineItem[] = [];
  for (let i = 0; `line_items[${i}][quantity]` in params || `line_items[${i}][price_data][unit_amount]` in params; i++) {
    lines.push({
      currency: params[`line_items[${i}][price_data][currency]`] ?? "",
      unitAmount: Number(params[`line_items[${i}][price_data][unit_amount]`]),
      quantity: Number(params[`line_items[${i}][quantity]`]),
    });
  }
  return lines;
}

/** What Stripe refuses about a payment-mode session's line items: their number, mixed currencies, each amount, the total. */
function lineItemsError(lines: LineItem[]): StripeObject | null {
  if (!lines.length) return { type: "invalid_request_error", param: "line_items", message: "Missing required param: line_items." };
  if (lines.length > maxLineItems)
    return { type: "invalid_request_error", param: "line_items", message: `You may only specify up to ${maxLineItems} line items in payment mode.` };
  for (const [i, line] of lines.entries()) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1)
      return { type: "invalid_request_error", param: `line_items[${i}][quantity]`, message: "Invalid positive integer" };
    if (line.currency !== lines[0]?.currency)
      return { type: "invalid_request_error", param: `line_items[${i}][price_data][currency]`, message: "All line items must use the same currency." };
    const refused = amountError(line.currency, line.unitAmount, i, { line: true });
    if (refused) return refused;
  }
  const total = lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0);
  return amountError(lines[0]?.currency ?? "", total, 0);
}

/** The error Stripe answers an amount or currency it does not take with, or null. The minimum applies to the session's total, not to each line. */
function amountError(currency: string, amount: number, index = 0, options: { line?: boolean } = {}): StripeObject | null {
  const param = `line_items[${index}][price_data][unit_amount]`;
  if (!supportedCurrencies.has(currency)) {
    return {
      type: "invalid_request_error",
      param: `line_items[${index}][price_data][currency]`,
      message: `Invalid currency: ${currency}. Stripe currently supports these currencies: ${[...supportedCurrencies].join(", ")}`,
    };
  }
  if (!Number.isInteger(amount) || amount < 0)
    return { type: "invalid_request_error", code: "parameter_invalid_integer", param, message: "Invalid integer: amount" };
  if (multiplesOf100.has(currency) && amount % 100 !== 0) {
    return {
      type: "invalid_request_error",
      code: "parameter_invalid_integer",
      param,
      message: `Amounts in ${currency} must be a multiple of 100 (whole units).`,
    };
  }
  if (threeDecimal.has(currency) && amount % 10 !== 0) {
    return { type: "invalid_request_error", code: "parameter_invalid_integer", param, message: `Amounts in ${currency} must end in 0.` };
  }
  const minimum = minimumCharge[currency];
  if (!options.line && minimum !== undefined && amount < minimum) {
    const major = zeroDecimal.has(currency) ? String(minimum) : (minimum / 100).toFixed(2);
    return {
      type: "invalid_request_error",
      code: "amount_too_small",
      param,
      message: `The Checkout Session's total amount due must add up to at least ${major} ${currency}`,
      doc_url: "https://stripe.com/docs/error-codes/amount-too-small",
    };
  }
  if (amount > 999_999_999_999)
    return { type: "invalid_request_error", code: "amount_too_large", param, message: "Amount must be no more than 999,999,999,999" };
  return null;
}

export class FakeStripe {
  /** Every POST /v1/checkout/sessions that reached Stripe, in order (`account`: its Stripe-Account header). */
  readonly createRequests: (CreateRequest & { account: string | null })[] = [];
  /** Every POST /v1/checkout/sessions/:id/expire, by session id, in order. */
  readonly expireRequests: string[] = [];
  /** Every POST /v1/refunds that Stripe accepted. */
  readonly refunds: { paymentIntent: string; amount: number; idempotencyKey: string | null; account?: string }[] = [];
  readonly sessions = new Map<string, StripeObject>();
  readonly intents = new Map<string, { intent: StripeObject; charge: StripeObject }>();
  /** Connected accounts of the platform (Connect): the account object, and whether it still allows the platform in. */
  readonly accounts = new Map<string, { account: StripeObject; connected: boolean }>();
  /** Every Account Link made, in order. */
  readonly accountLinks: { account: string; type: string; refreshUrl: string; returnUrl: string; url: string }[] = [];
  /** Which account each session and payment intent lives on (null: the platform's own). */
  private readonly owners = new Map<string, string | null>();
  /** The next session creation fails like this (once). */
  failNextCreate: "server-error" | "amount-too-small" | null = null;
  /** PaymentIntent reads fail (Stripe unreachable) while set. */
  failIntentReads = false;
  /** Runs before Stripe answers a session creation (to reorder what happens around it). */
  onSessionCreated: ((session: StripeObject) => Promise<unknown>) | null = null;
  /** Runs after Stripe made a refund and before it answers (to deliver its webhook first). */
  onRefundCreated: ((charge: StripeObject) => Promise<unknown>) | null = null;
  private readonly idempotent = new Map<string, { body: string; object: StripeObject }>();

  /**
   * Who a request acts as: the platform (no Stripe-Account header) or one of its connected
   * accounts. A key Stripe does not know is a 401; an account that is not (or no longer)
   * connected to the platform a 403, as Stripe answers (docs.stripe.com/connect/authentication).
   */
  private caller(request: Request): { account: string | null } | Response {
    if (request.headers.get("authorization") !== `Bearer ${stripeEnv.STRIPE_SECRET_KEY}`) {
      return stripeError(401, { type: "invalid_request_error", message: "Invalid API Key provided: sk_test_****" });
    }
    const account = request.headers.get("stripe-account");
    if (account === null) return { account: null };
    if (!this.accounts.get(account)?.connected) {
      return stripeError(403, {
        type: "invalid_request_error",
        code: "account_invalid",
        message: `The provided key 'sk_test_****' does not have access to account '${account}' (or that account does not exist). Application access may have been revoked.`,
      });
    }
    return { account };
  }

  /** An object of the calling account, or undefined: another account's objects do not exist for it. */
  private own<T>(map: Map<string, T>, id: string, account: string | null): T | undefined {
    return this.owners.get(id) === account ? map.get(id) : undefined;
  }

  /** An idempotent replay, scoped to the account (keys are per account at Stripe), or a conflict. */
  private replay(account: string | null, key: string | null, body: string): { object: StripeObject } | Response | null {
    const found = key ? this.idempotent.get(`${account ?? "platform"}:${key}`) : undefined;
    if (!found) return null;
    if (found.body !== body) {
      return stripeError(400, {
        type: "idempotency_error",
        message: "Keys for idempotent requests can only be used with the same parameters they were first used with.",
      });
    }
    return { object: found.object };
  }

  private remember(account: string | null, key: string | null, body: string, object: StripeObject) {
    if (key) this.idempotent.set(`${account ?? "platform"}:${key}`, { body, object });
  }

  handlers() {
    return [
      http.post(`${base}/v1/checkout/sessions`, async ({ request }) => {
        const caller = this.caller(request);
        if (caller instanceof Response) return caller;
        const body = await request.text();
        const idempotencyKey = request.headers.get("idempotency-key");
        this.createRequests.push({ idempotencyKey, params: Object.fromEntries(new URLSearchParams(body)), account: caller.account });
        if (this.failNextCreate === "server-error") {
          this.failNextCreate = null;
          return stripeError(500, { type: "api_error", message: "An unknown error occurred" }, { "Stripe-Should-Retry": "false" });
        }
        if (this.failNextCreate === "amount-too-small") {
          this.failNextCreate = null;
          return stripeError(400, {
            type: "invalid_request_error",
            code: "amount_too_small",
            param: "line_items[0][price_data][unit_amount]",
            message: "The Checkout Session's total amount due must add up to at least $0.50 usd",
            doc_url: "https://stripe.com/docs/error-codes/amount-too-small",
          });
        }
        const replay = this.replay(caller.account, idempotencyKey, body);
        if (replay instanceof Response) return replay;
        if (replay) return HttpResponse.json(replay.object, { headers: { "Idempotent-Replayed": "true" } });
        if (caller.account && this.accounts.get(caller.account)?.account.charges_enabled !== true) {
          // Direct charges need the connected account's card_payments capability, active once onboarding is done.
          return stripeError(400, {
            type: "invalid_request_error",
            message: `The account ${caller.account} cannot take payments yet: its card_payments capability is inactive.`,
          });
        }
        const params = Object.fromEntries(new URLSearchParams(body));
        const refused = lineItemsError(lineItems(params));
        if (refused) return stripeError(400, refused);
        const session = this.openSession(params, caller.account);
        this.remember(caller.account, idempotencyKey, body, session);
        await this.onSessionCreated?.(session);
        return HttpResponse.json(session);
      }),
      http.post(`${base}/v1/checkout/sessions/:id/expire`, ({ params, request }) => {
        const caller = this.caller(request);
        if (caller instanceof Response) return caller;
        const id = String(params.id);
        this.expireRequests.push(id);
        const session = this.own(this.sessions, id, caller.account);
        if (!session)
          return stripeError(404, { type: "invalid_request_error", code: "resource_missing", param: "session", message: `No such checkout.session: '${id}'` });
        if (session.status !== "open") {
          return stripeError(400, {
            type: "invalid_request_error",
            message: `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${String(session.status)}".`,
          });
        }
        return HttpResponse.json(this.expire(id));
      }),
      // docs.stripe.com/api/refunds/create: a refund of a payment intent's charge, at most what is
      // left unrefunded; a key used again with the same parameters replays the first answer.
      http.post(`${base}/v1/refunds`, async ({ request }) => {
        const caller = this.caller(request);
        if (caller instanceof Response) return caller;
        const body = await request.text();
        const idempotencyKey = request.headers.get("idempotency-key");
        const replay = this.replay(caller.account, idempotencyKey, body);
        if (replay instanceof Response) return replay;
        const form = new URLSearchParams(body);
        const params = Object.fromEntries(form);
        const expand = form.getAll("expand[]").concat(form.getAll("expand[0]"));
        const found = this.own(this.intents, params.payment_intent ?? "", caller.account);
        if (!found)
          return stripeError(404, {
            type: "invalid_request_error",
            code: "resource_missing",
            param: "payment_intent",
            message: `No such payment_intent: '${params.payment_intent}'`,
          });
        const withCharge = (refund: StripeObject) => (expand.includes("charge") ? { ...refund, charge: found.charge } : refund);
        if (replay) return HttpResponse.json(replay.object, { headers: { "Idempotent-Replayed": "true" } });
        if (params.reason !== undefined && !["duplicate", "fraudulent", "requested_by_customer"].includes(params.reason)) {
          return stripeError(400, {
            type: "invalid_request_error",
            param: "reason",
            message: `Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer`,
          });
        }
        if (found.charge.refunded === true) {
          return stripeError(400, {
            type: "invalid_request_error",
            code: "charge_already_refunded",
            message: `Charge ${String(found.charge.id)} has already been refunded.`,
          });
        }
        const amount = Number(params.amount ?? Number(found.charge.amount_captured) - Number(found.charge.amount_refunded));
        const left = Number(found.charge.amount_captured) - Number(found.charge.amount_refunded);
        if (!Number.isInteger(amount) || amount <= 0) {
          return stripeError(400, { type: "invalid_request_error", code: "parameter_invalid_integer", param: "amount", message: "Invalid positive integer" });
        }
        if (amount > left) {
          return stripeError(400, {
            type: "invalid_request_error",
            code: "amount_too_large",
            param: "amount",
            message: `Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`,
          });
        }
        this.refunds.push({
          paymentIntent: String(params.payment_intent),
          amount,
          idempotencyKey,
          ...(caller.account ? { account: caller.account } : {}),
        });
        this.refund(String(params.payment_intent), amount);
        const refund = {
          id: `re_3Test${String(++refundCounter).padStart(6, "0")}`,
          object: "refund",
          amount,
          currency: found.charge.currency,
          payment_intent: params.payment_intent,
          charge: found.charge.id,
          reason: params.reason ?? null,
          status: "succeeded",
        };
        // Stripe replays the answer it gave, the charge as it was then.
        const answer = withCharge(refund);
        this.remember(caller.account, idempotencyKey, body, answer);
        await this.onRefundCreated?.(found.charge);
        return HttpResponse.json(answer);
      }),
      http.get(`${base}/v1/payment_intents/:id`, ({ params, request }) => {
        const caller = this.caller(request);
        if (caller instanceof Response) return caller;
        if (this.failIntentReads) return stripeError(500, { type: "api_error", message: "An unknown error occurred" });
        const found = this.own(this.intents, String(params.id), caller.account);
        if (!found) {
          return stripeError(404, { type: "invalid_request_error", code: "resource_missing", message: `No such payment_intent: '${String(params.id)}'` });
        }
        const expand = [...new URL(request.url).searchParams].filter(([key]) => key.startsWith("expand[")).map(([, value]) => value);
        return HttpResponse.json({ ...found.intent, latest_charge: expand.includes("latest_charge") ? found.charge : found.charge.id });
      }),
      // Connect: the platform creates accounts and links into Stripe's hosted onboarding.
      http.post(`${base}/v1/accounts`, async ({ request }) => {
        const caller = this.caller(request);
        if (caller instanceof Response) return caller;
        if (caller.account) return stripeError(400, { type: "invalid_request_error", message: "Connected accounts cannot create accounts." });
        const body = await request.text();
        const key = request.headers.get("idempotency-key");
        const replay = this.replay(null, key, body);
        if (replay instanceof Response) return replay;
        if (replay) return HttpResponse.json(replay.object, { headers: { "Idempotent-Replayed": "true" } });
        const params = Object.fromEntries(new URLSearchParams(body));
        const account = this.addAccount({ name: params["business_profile[name]"] ?? null, onboarded: false, metadata: params });
        this.remember(null, key, body, account);
        return HttpResponse.json(account);
      }),
      http.get(`${base}/v1/accounts/:id`, ({ params, request }) => {
        const caller = this.caller(request);
        if (caller instanceof Response) return caller;
        const id = String(params.id);
        const found = this.accounts.get(id);
        if (!found?.connected || (caller.account && caller.account !== id)) {
          return stripeError(403, {
            type: "invalid_request_error",
            code: "account_invalid",
            message: `The provided key 'sk_test_****' does not have access to account '${id}' (or that account does not exist). Application access may have been revoked.`,
          });
        }
        return HttpResponse.json(found.account);
      }),
      http.post(`${base}/v1/account_links`, async ({ request }) => {
        const caller = this.caller(request);
        if (caller instanceof Response) return caller;
        const params = Object.fromEntries(new URLSearchParams(await request.text()));
        for (const required of ["account", "type", "refresh_url", "return_url"]) {
          if (!params[required])
            return stripeError(400, {
              type: "invalid_request_error",
              code: "parameter_missing",
              param: required,
              message: `Missing required param: ${required}.`,
            });
        }
        const account = params.account ?? "";
        if (!this.accounts.get(account)?.connected) {
          return stripeError(400, { type: "invalid_request_error", code: "resource_missing", param: "account", message: `No such account: '${account}'` });
        }
        if (params.type !== "account_onboarding") {
          return stripeError(400, {
            type: "invalid_request_error",
            param: "type",
            message: "You cannot create `account_update` type Account Links for accounts that have access to the Stripe Dashboard.",
          });
        }
        const created = Math.floor(Date.now() / 1000);
        const url = `https://connect.stripe.com/setup/s/${account}/${String(this.accountLinks.length + 1).padStart(12, "0")}`;
        this.accountLinks.push({ account, type: params.type, refreshUrl: params.refresh_url ?? "", returnUrl: params.return_url ?? "", url });
        return HttpResponse.json({ object: "account_link", created, expires_at: created + 300, url });
      }),
    ];
  }

  /** A connected account of the platform; `onboarded` accounts take charges at once. */
  addAccount(options: { name: string | null; onboarded: boolean; metadata?: Record<string, string> }): StripeObject {
    const id = `acct_1Test${String(++accountCounter).padStart(10, "0")}`;
    const metadata = Object.fromEntries(
      Object.entries(options.metadata ?? {})
        .filter(([key]) => key.startsWith("metadata["))
        .map(([key, value]) => [key.slice("metadata[".length, -1), value]),
    );
    const account = accountObject({
      id,
      business_profile: { ...(accountObject({}).business_profile as object), name: options.name },
      metadata,
      ...onboardedFields(options.onboarded),
    });
    this.accounts.set(id, { account, connected: true });
    return account;
  }

  /** The vendor finishes Stripe's onboarding: the account as account.updated carries it. */
  completeOnboarding(accountId: string, name?: string): StripeObject {
    const found = this.accounts.get(accountId);
    if (!found) throw new Error(`No account ${accountId}`);
    const business = found.account.business_profile as Record<string, unknown>;
    found.account = { ...found.account, ...onboardedFields(true), business_profile: { ...business, name: name ?? business.name } };
    return found.account;
  }

  /** The vendor removes the platform from their Stripe Dashboard: the application as account.application.deauthorized carries it. */
  deauthorize(accountId: string): StripeObject {
    const found = this.accounts.get(accountId);
    if (!found) throw new Error(`No account ${accountId}`);
    found.connected = false;
    return { id: "ca_1TestRemitPlatform", object: "application", name: "Remit" };
  }

  /** Distinct sessions Stripe created. */
  get sessionCount(): number {
    return this.sessions.size;
  }

  private openSession(params: Record<string, string>, account: string | null): StripeObject {
    const id = `cs_test_a1${String(++sessionCounter).padStart(6, "0")}`;
    const metadata = Object.fromEntries(
      Object.entries(params)
        .filter(([key]) => key.startsWith("metadata["))
        .map(([key, value]) => [key.slice("metadata[".length, -1), value]),
    );
    const lines = lineItems(params);
    const amount = lines.reduce((sum, line) => sum + line.unitAmount * line.quantity, 0);
    const session = checkoutSessionObject({
      id,
      amount_subtotal: amount,
      amount_total: amount,
      currency: params["line_items[0][price_data][currency]"] ?? null,
      customer_email: params.customer_email ?? null,
      client_reference_id: params.client_reference_id ?? null,
      success_url: params.success_url ?? null,
      cancel_url: params.cancel_url ?? null,
      expires_at: Number(params.expires_at),
      metadata,
      url: `https://checkout.stripe.com/c/pay/${id}`,
    });
    this.sessions.set(id, session);
    this.owners.set(id, account);
    return session;
  }

  /**
   * The client pays on Stripe's page: the session completes. A card is paid at once; a bank
   * debit ("sepa_debit") completes unpaid and succeeds or fails later (asyncOutcome).
   */
  pay(sessionId: string, method: "card" | "sepa_debit" = "card"): { completed: StripeObject; intentId: string } {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`No session ${sessionId}`);
    if (session.status !== "open") throw new Error(`Session ${sessionId} is ${String(session.status)}: Stripe's page no longer takes a payment`);
    const intentId = `pi_3Test${sessionId.slice(-6)}`;
    const metadata = session.metadata as Record<string, string>;
    const charge = chargeObject({
      id: `ch_3Test${sessionId.slice(-6)}`,
      amount: session.amount_total,
      amount_captured: method === "card" ? session.amount_total : 0,
      currency: session.currency,
      payment_intent: intentId,
      metadata,
      payment_method_details:
        method === "card"
          ? { type: "card", card: { brand: "visa", last4: "4242", exp_month: 8, exp_year: 2030, funding: "credit", country: "US" } }
          : { type: "sepa_debit", sepa_debit: { last4: "3000", country: "DE", bank_code: "37040044" } },
      status: method === "card" ? "succeeded" : "pending",
    });
    const intent = paymentIntentObject({
      id: intentId,
      amount: session.amount_total,
      amount_received: method === "card" ? session.amount_total : 0,
      currency: session.currency,
      metadata,
      latest_charge: charge.id,
      payment_method_types: [method],
      status: method === "card" ? "succeeded" : "processing",
    });
    this.intents.set(intentId, { intent, charge });
    this.owners.set(intentId, this.owners.get(sessionId) ?? null);
    const completed = {
      ...session,
      status: "complete",
      payment_status: method === "card" ? "paid" : "unpaid",
      payment_intent: intentId,
      payment_method_types: [method],
    };
    this.sessions.set(sessionId, completed);
    return { completed, intentId };
  }

  /** The session's time ran out (or it was expired): the session as checkout.session.expired carries it. */
  expire(sessionId: string): StripeObject {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`No session ${sessionId}`);
    if (session.status !== "open") throw new Error(`Session ${sessionId} is ${String(session.status)} and cannot expire`);
    const expired = { ...session, status: "expired", url: null };
    this.sessions.set(sessionId, expired);
    return expired;
  }

  /** Open sessions, by id. */
  get openSessions(): string[] {
    return [...this.sessions].filter(([, session]) => session.status === "open").map(([id]) => id);
  }

  /** A delayed payment's outcome: the session as the async event carries it. */
  asyncOutcome(sessionId: string, outcome: "succeeded" | "failed"): StripeObject {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`No session ${sessionId}`);
    const found = this.intents.get(String(session.payment_intent));
    if (found && outcome === "succeeded") {
      found.charge = { ...found.charge, amount_captured: found.charge.amount, status: "succeeded", paid: true };
      found.intent = { ...found.intent, status: "succeeded", amount_received: found.intent.amount };
    }
    const updated = { ...session, payment_status: outcome === "succeeded" ? "paid" : "unpaid" };
    this.sessions.set(sessionId, updated);
    return updated;
  }

  /** The card is declined: the PaymentIntent as payment_intent.payment_failed carries it. */
  decline(sessionId: string): StripeObject {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`No session ${sessionId}`);
    return paymentIntentObject({
      id: `pi_3Declined${sessionId.slice(-6)}`,
      amount: session.amount_total,
      currency: session.currency,
      metadata: session.metadata,
      status: "requires_payment_method",
      last_payment_error: {
        type: "card_error",
        code: "card_declined",
        decline_code: "insufficient_funds",
        message: "Your card has insufficient funds.",
        doc_url: "https://stripe.com/docs/error-codes/card-declined",
      },
    });
  }

  /** Refunds `amount` more of a payment intent's charge: the charge as charge.refunded carries it. */
  refund(intentId: string, amount: number): StripeObject {
    const found = this.intents.get(intentId);
    if (!found) throw new Error(`No payment intent ${intentId}`);
    const refunded = Number(found.charge.amount_refunded) + amount;
    found.charge = { ...found.charge, amount_refunded: refunded, refunded: refunded === found.charge.amount_captured };
    return found.charge;
  }
}

function onboardedFields(onboarded: boolean): StripeObject {
  return {
    charges_enabled: onboarded,
    payouts_enabled: onboarded,
    details_submitted: onboarded,
    capabilities: onboarded ? { card_payments: "active", transfers: "active" } : { card_payments: "inactive", transfers: "inactive" },
    requirements: {
      alternatives: [],
      current_deadline: null,
      currently_due: onboarded ? [] : ["business_profile.url", "external_account", "tos_acceptance.date"],
      disabled_reason: onboarded ? null : "requirements.past_due",
      errors: [],
      eventually_due: onboarded ? [] : ["business_profile.url", "external_account", "tos_acceptance.date"],
      past_due: onboarded ? [] : ["external_account", "tos_acceptance.date"],
      pending_verification: [],
    },
  };
}

/** A connected account as Stripe's API reference shows it (a Standard account: full Dashboard, Stripe's fees and losses on it). */
export function accountObject(fields: StripeObject): StripeObject {
  return {
    id: "acct_1Test",
    object: "account",
    business_profile: { mcc: null, name: null, product_description: null, support_email: null, support_phone: null, support_url: null, url: null },
    business_type: null,
    controller: {
      fees: { payer: "account" },
      is_controller: true,
      losses: { payments: "stripe" },
      requirement_collection: "stripe",
      stripe_dashboard: { type: "full" },
      type: "application",
    },
    country: "US",
    created: Math.floor(Date.now() / 1000),
    default_currency: "usd",
    email: null,
    metadata: {},
    settings: { dashboard: { display_name: null, timezone: "Etc/UTC" } },
    type: "standard",
    ...onboardedFields(false),
    ...fields,
  };
}

export function checkoutSessionObject(fields: StripeObject): StripeObject {
  return {
    id: "cs_test_a1b2c3",
    object: "checkout.session",
    after_expiration: null,
    allow_promotion_codes: null,
    amount_subtotal: null,
    amount_total: null,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: null,
    cancel_url: null,
    client_reference_id: null,
    consent: null,
    consent_collection: null,
    created: Math.floor(Date.now() / 1000),
    currency: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: null,
    customer_creation: "if_required",
    customer_details: null,
    customer_email: null,
    expires_at: Math.floor(Date.now() / 1000) + 86_400,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: null,
    metadata: {},
    mode: "payment",
    payment_intent: null,
    payment_link: null,
    payment_method_collection: "if_required",
    payment_method_options: {},
    payment_method_types: ["card"],
    payment_status: "unpaid",
    phone_number_collection: { enabled: false },
    recovered_from: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: "pay",
    subscription: null,
    success_url: null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: "hosted",
    url: null,
    ...fields,
  };
}

export function paymentIntentObject(fields: StripeObject): StripeObject {
  return {
    id: "pi_3Test",
    object: "payment_intent",
    amount: 0,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: "pi_3Test_secret_test",
    confirmation_method: "automatic",
    created: Math.floor(Date.now() / 1000),
    currency: "usd",
    customer: null,
    description: null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: {},
    next_action: null,
    on_behalf_of: null,
    payment_method: "pm_1Test",
    payment_method_options: {},
    payment_method_types: ["card"],
    processing: null,
    receipt_email: null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "succeeded",
    transfer_data: null,
    transfer_group: null,
    ...fields,
  };
}

export function chargeObject(fields: StripeObject): StripeObject {
  return {
    id: "ch_3Test",
    object: "charge",
    amount: 0,
    amount_captured: 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: "txn_3Test",
    billing_details: { address: null, email: null, name: "Jenny Rosen", phone: null },
    calculated_statement_descriptor: "REMIT",
    captured: true,
    created: Math.floor(Date.now() / 1000),
    currency: "usd",
    customer: null,
    description: null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    fraud_details: {},
    livemode: false,
    metadata: {},
    on_behalf_of: null,
    outcome: { network_status: "approved_by_network", reason: null, risk_level: "normal", seller_message: "Payment complete.", type: "authorized" },
    paid: true,
    payment_intent: null,
    payment_method: "pm_1Test",
    payment_method_details: null,
    receipt_email: null,
    receipt_number: null,
    receipt_url: "https://pay.stripe.com/receipts/payment/test",
    refunded: false,
    review: null,
    shipping: null,
    source_transfer: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: "succeeded",
    transfer_data: null,
    transfer_group: null,
    ...fields,
  };
}

let eventCounter = 0;

/** An Event as Stripe delivers it to a webhook endpoint. */
export function stripeEvent(type: string, object: StripeObject, fields: StripeObject = {}): StripeObject {
  return {
    id: `evt_1Test${String(++eventCounter).padStart(8, "0")}`,
    object: "event",
    api_version: Stripe.API_VERSION,
    created: Math.floor(Date.now() / 1000),
    data: { object },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    ...fields,
  };
}

/** An Event of a connected account as Stripe delivers it to a Connect endpoint: it names the account. */
export function connectEvent(type: string, object: StripeObject, account: string, fields: StripeObject = {}): StripeObject {
  return stripeEvent(type, object, { account, ...fields });
}

/** A delivery to the Connect endpoint, signed with its own secret. */
export function signedConnectDelivery(payload: StripeObject | string, options: { timestamp?: number } = {}) {
  return signedDelivery(payload, { ...options, secret: connectEnv.STRIPE_CONNECT_WEBHOOK_SECRET });
}

/** A webhook request body with its Stripe-Signature header, signed with Stripe's own test helper. */
export function signedDelivery(
  payload: StripeObject | string,
  options: { timestamp?: number; secret?: string } = {},
): { body: string; headers: Record<string, string> } {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload, null, 2);
  const signature = Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: options.secret ?? stripeEnv.STRIPE_WEBHOOK_SECRET,
    timestamp: options.timestamp ?? testEpoch / 1000,
  });
  return { body, headers: { "content-type": "application/json", "stripe-signature": signature } };
}
