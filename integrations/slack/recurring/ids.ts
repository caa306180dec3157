/** The action and view ids of recurring invoices and instalments in Slack (beside ../ids.ts, kept apart for a small merge). */
export const planActions = {
  makeRecurring: "invoice_make_recurring",
  split: "invoice_split",
  pause: "schedule_pause",
  resume: "schedule_resume",
  stop: "schedule_stop",
  nextAmount: "schedule_next_amount",
} as const;

export const planViews = {
  schedule: "recurring_modal",
  nextAmount: "recurring_amount_modal",
  split: "instalments_modal",
} as const;
