import { actions, command, customerSelect, views } from "../ids.ts";
import { copyLink, emailClient, markPaid, newLink, postAfterAsking, previewButton, voidButton } from "./actions/invoice-buttons.ts";
import { fixEmailAddress, resendEmail } from "./actions/email-buttons.ts";
import { homeNewInvoice, homeSettings } from "./actions/home-buttons.ts";
import { listPage } from "./actions/list-page.ts";
import { keepOverpayment, refundOverpayment } from "./actions/overpayment-buttons.ts";
import { addLine, removeLine } from "./actions/modal-lines.ts";
import { invoiceCommand } from "./commands/invoice.ts";
import { appHomeOpened } from "./events/app-home.ts";
import { forgetTokens } from "./events/uninstall.ts";
import { customerOptions } from "./options/customers.ts";
import type { Deps, RemitBolt } from "./support.ts";
import { emailAddressSubmit } from "./views/email-address-submit.ts";
import { invoiceSubmit } from "./views/invoice-submit.ts";
import { paymentSubmit } from "./views/payment-submit.ts";
import { settingsSubmit } from "./views/settings-submit.ts";
import { discardDraft, editDraft, issueDraft } from "./actions/draft-buttons.ts";
import { duplicateButton, moreMenu } from "./actions/more-menu.ts";
import { undoPaymentSubmit } from "./views/undo-payment-submit.ts";
import { voidSubmit } from "./views/void-submit.ts";
import { refundSubmit } from "./views/refund-submit.ts";
import { customerSubmit, editCustomer, emailCustomerLink, newInvoiceForCustomer, openCustomerCard } from "./customers.ts";
import { registerRecurring } from "../recurring/listeners.ts";
import { threadReply } from "../questions/replies.ts";
import { invoiceRestButton, withdrawButton } from "../quotes/buttons.ts";

/** Every listener of Remit's Slack app, by kind. */
export function registerListeners(app: RemitBolt, deps: Deps): void {
  app.command(command, invoiceCommand(deps));

  app.view(views.invoice, invoiceSubmit(deps));
  app.view(views.payment, paymentSubmit(deps));
  app.view(views.settings, settingsSubmit(deps));
  app.view(views.undoPayment, undoPaymentSubmit(deps));
  app.view(views.void, voidSubmit(deps));
  app.view(views.customer, customerSubmit(deps));
  app.view(views.emailAddress, emailAddressSubmit(deps));
  app.view(views.refund, refundSubmit(deps));

  app.action(actions.openPdf, previewButton(deps));
  app.action(actions.openCreditNote, previewButton(deps));
  app.action(actions.viewAsClient, previewButton(deps));
  app.action(actions.postHere, postAfterAsking(deps, "here"));
  app.action(actions.postToMe, postAfterAsking(deps, "me"));
  app.action(actions.copyLink, copyLink(deps));
  app.action(actions.markPaid, markPaid(deps));
  app.action(actions.newLink, newLink(deps));
  app.action(actions.void, voidButton(deps));
  app.action(actions.sendToClient, emailClient(deps, "invoice"));
  app.action(actions.remindClient, emailClient(deps, "reminder"));
  app.action(actions.resendEmail, resendEmail(deps));
  app.action(actions.fixEmailAddress, fixEmailAddress(deps));
  app.action(actions.addLine, addLine);
  app.action(actions.removeLine, removeLine);
  app.action(actions.listPage, listPage(deps));
  app.action(actions.newInvoice, homeNewInvoice(deps));
  app.action(actions.settings, homeSettings(deps));
  app.action(actions.refundOverpayment, refundOverpayment(deps));
  app.action(actions.keepOverpayment, keepOverpayment(deps));
  app.action(actions.issueDraft, issueDraft(deps));
  app.action(actions.editDraft, editDraft(deps));
  app.action(actions.discardDraft, discardDraft(deps));
  app.action(actions.more, moreMenu(deps));
  app.action(actions.duplicate, duplicateButton(deps));
  app.action(actions.editCustomer, editCustomer(deps));
  app.action(actions.customerCard, openCustomerCard(deps));
  app.action(actions.customerPortalLink, emailCustomerLink(deps));
  app.action(actions.customerNewInvoice, newInvoiceForCustomer(deps));
  app.action(actions.quoteInvoiceRest, invoiceRestButton(deps));
  app.action(actions.quoteWithdraw, withdrawButton(deps));

  registerRecurring(app, deps);

  app.options(customerSelect, customerOptions(deps));

  app.event("app_home_opened", appHomeOpened(deps));
  app.event("app_uninstalled", forgetTokens(deps));
  app.event("tokens_revoked", forgetTokens(deps));
  app.event("message", threadReply(deps));
}
