/**
 * An open invoice's engagement state, from explainable rules over what Remit already records
 * (emails, views, payment attempts, the customer's history). Every rule gives its reason in
 * words; each threshold is a workspace setting, and 0 turns a rule off (docs/collections.md).
 */

export const engagementStates = ["engaged", "not_opened", "at_risk"] as const;
export type EngagementState = (typeof engagementStates)[number];

/** The workspace's thresholds (Workspace.risk* columns). */
export interface EngagementRules {
  /** At risk when not opened this many days after it was sent. */
  unopenedDays: number;
  /** At risk when opened but still unpaid this many days past the due date. */
  overdueDays: number;
  /** At risk when a payment failed and was not tried again within this many hours. */
  retryHours: number;
  /** At risk when the customer paid an earlier invoice more than this many days late. */
  latePaidDays: number;
}

export const defaultEngagementRules: EngagementRules = { unopenedDays: 3, overdueDays: 1, retryHours: 48, latePaidDays: 7 };

/** Bounds of each threshold, for the settings' validation. */
export const engagementRuleBounds = {
  unopenedDays: { max: 365, unit: "days" },
  overdueDays: { max: 365, unit: "days" },
  retryHours: { max: 720, unit: "hours" },
  latePaidDays: { max: 365, unit: "days" },
} as const;

export function rulesOf(workspace: { riskUnopenedDays: number; riskOverdueDays: number; riskRetryHours: number; riskLatePaidDays: number }): EngagementRules {
  return {
    unopenedDays: workspace.riskUnopenedDays,
    overdueDays: workspace.riskOverdueDays,
    retryHours: workspace.riskRetryHours,
    latePaidDays: workspace.riskLatePaidDays,
  };
}

/** What the rules look at, for one open invoice. */
export interface EngagementFacts {
  /** When the client was first sent the invoice (first email, else when it was issued). */
  sentAt: Date | null;
  /** Client views (vendor previews never count). */
  views: number;
  /** Days past the due date in the workspace's timezone (0 when not late). */
  daysLate: number;
  /** The last failed payment, and whether the client started or made a payment after it. */
  lastFailedAt: Date | null;
  retriedAfterFailure: boolean;
  /** The customer's other invoices paid late by more than the workspace's threshold. */
  history: { paidLate: number; averageDaysLate: number };
}

export type RiskReason =
  | { kind: "not_opened"; days: number }
  | { kind: "unpaid_past_due"; daysLate: number; views: number }
  | { kind: "payment_failed"; hours: number }
  | { kind: "paid_late_before"; invoices: number; averageDaysLate: number };

export type RiskKind = RiskReason["kind"];

export interface Engagement {
  state: EngagementState;
  reasons: RiskReason[];
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/**
 * The state and its reasons. Any reason makes the invoice at risk; otherwise an invoice the
 * client opened is engaged, and one not opened yet is just that.
 */
export function engagementOf(facts: EngagementFacts, rules: EngagementRules, now: Date): Engagement {
  const reasons: RiskReason[] = [];
  if (rules.unopenedDays > 0 && facts.views === 0 && facts.sentAt) {
    const days = Math.floor((now.getTime() - facts.sentAt.getTime()) / dayMs);
    if (days >= rules.unopenedDays) reasons.push({ kind: "not_opened", days });
  }
  if (rules.overdueDays > 0 && facts.views > 0 && facts.daysLate >= rules.overdueDays) {
    reasons.push({ kind: "unpaid_past_due", daysLate: facts.daysLate, views: facts.views });
  }
  if (rules.retryHours > 0 && facts.lastFailedAt && !facts.retriedAfterFailure) {
    const hours = Math.floor((now.getTime() - facts.lastFailedAt.getTime()) / hourMs);
    if (hours >= rules.retryHours) reasons.push({ kind: "payment_failed", hours });
  }
  if (rules.latePaidDays > 0 && facts.history.paidLate > 0) {
    reasons.push({ kind: "paid_late_before", invoices: facts.history.paidLate, averageDaysLate: facts.history.averageDaysLate });
  }
  if (reasons.length) return { state: "at_risk", reasons };
  return { state: facts.views > 0 ? "engaged" : "not_opened", reasons };
}

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** A reason in words, for the vendor (Slack, Notion, the CLI). */
export function reasonText(reason: RiskReason): string {
  switch (reason.kind) {
    case "not_opened":
      return `not opened ${count(reason.days, "day")} after it was sent`;
    case "unpaid_past_due":
      return `opened ${count(reason.views, "time")} but unpaid, ${count(reason.daysLate, "day")} past due`;
    case "payment_failed":
      return `a payment failed ${count(reason.hours, "hour")} ago and was not tried again`;
    case "paid_late_before":
      return `paid ${count(reason.invoices, "earlier invoice")} late (${count(reason.averageDaysLate, "day")} on average)`;
  }
}

export const stateLabels: Record<EngagementState, string> = { engaged: "Engaged", not_opened: "Not opened", at_risk: "At risk" };

/** "At risk: not opened 4 days after it was sent; …", or the state alone. */
export function engagementText(engagement: Engagement): string {
  const label = stateLabels[engagement.state];
  return engagement.reasons.length ? `${label}: ${engagement.reasons.map(reasonText).join("; ")}` : label;
}

/** What the change detector compares: the state and which rules fired (not their growing numbers). */
export function engagementKey(engagement: Engagement): { state: EngagementState; reasons: RiskKind[] } {
  return { state: engagement.state, reasons: engagement.reasons.map((reason) => reason.kind) };
}
