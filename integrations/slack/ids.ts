/** The callback and action ids Remit's views and buttons use, so listeners and blocks agree. */
export const command = "/invoice";

export const views = {
  invoice: "invoice_modal",
  payment: "payment_modal",
  settings: "settings_modal",
  undoPayment: "undo_payment_modal",
  void: "void_modal",
  customer: "customer_modal",
  emailAddress: "email_address_modal",
  refund: "refund_modal",
} as const;

export const actions = {
  openPdf: "invoice_open_pdf",
  openCreditNote: "invoice_open_credit_note",
  viewAsClient: "invoice_view_as_client",
  copyLink: "invoice_copy_link",
  markPaid: "invoice_mark_paid",
  newLink: "invoice_new_link",
  void: "invoice_void",
  sendToClient: "invoice_send_to_client",
  remindClient: "invoice_remind_client",
  resendEmail: "email_resend",
  fixEmailAddress: "email_fix_address",
  addLine: "invoice_add_line",
  removeLine: "invoice_remove_line",
  listPage: "invoice_list_page",
  newInvoice: "home_new_invoice",
  settings: "home_settings",
  refundOverpayment: "overpayment_refund",
  keepOverpayment: "overpayment_keep",
  issueDraft: "draft_issue",
  editDraft: "draft_edit",
  discardDraft: "draft_discard",
  more: "invoice_more",
  duplicate: "invoice_duplicate",
  editCustomer: "customer_edit",
  customerCard: "customer_card",
  customerPortalLink: "customer_portal_link",
  customerNewInvoice: "customer_new_invoice",
  postHere: "invoice_post_here",
  postToMe: "invoice_post_to_me",
  // Quotes (integrations/slack/quotes).
  quoteInvoiceRest: "quote_invoice_rest",
  quoteWithdraw: "quote_withdraw",
  quoteLink: "quote_link",
} as const;

/** The choices of an invoice message's "More" menu; the option value is `<choice>:<invoice id>`. */
export const moreChoices = { duplicate: "duplicate", undoPayment: "undo_payment", refund: "refund" } as const;

/** The external select that finds customers as the person types. */
export const customerSelect = "customer";
