import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate, formatInstant, formatMoney } from "#app/components/format.ts";
import { AmountNotConfirmedError } from "#app/billing/errors.ts";
import { overpaidAmount } from "#app/billing/invoice-math.ts";
import { formatAmountInput } from "#app/billing/money.ts";
import { ViewBeacon } from "#app/components/portal/beacon.tsx";
import { PayBox } from "#app/components/portal/pay-box.tsx";
import { InstalmentSchedule } from "#app/components/portal/instalments.tsx";
import { OfflinePayment } from "#app/components/portal/parties.tsx";
import { PortalDocument, documentLines } from "#app/components/portal/document.tsx";
import { PortalErrorBoundary } from "#app/components/portal/problems.tsx";
import { PaymentsSection } from "#app/components/portal/payments-section.tsx";
import { PortalShell, StatusBadge, portalMeta } from "#app/components/portal/shell.tsx";
import { getPortalInvoice, printedInvoice } from "#app/portal/read-models.server.ts";
import { checkoutResult, invoicePaymentOptions, startCheckout } from "#app/billing/payments.server.ts";
import { payErrorMessage } from "#app/web/payments.server.ts";
import { returnWait } from "#app/web/checkout-return.server.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { branding } from "#app/web/branding.server.ts";
import { portalHeaders } from "#app/web/guard.server.ts";
import { requirePortalDocument } from "#app/web/portal-document.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { InvoiceQuestions, questionStates, type QuestionState } from "#app/components/portal/questions.tsx";
import { answerable, conversationOf, maxQuestionLength } from "#app/portal/questions.server.ts";

export const meta = portalMeta;

export const headers = portalHeaders;

export async function loader(args: LoaderFunctionArgs) {
  const { context, request } = args;
  const { access, view, i18n } = await requirePortalDocument(args, getPortalInvoice, args.params.invoiceId, { page: true });
  const { app } = context;
  const { invoice } = view;
  const scope = { workspaceId: access.workspaceId, customerId: access.customerId, invoiceId: invoice.id };
  const payment = await invoicePaymentOptions(app, scope);
  const url = new URL(request.url);
  const sessionId = url.searchParams.get("session_id");
  const returned = url.searchParams.get("payment");
  const result = returned === "success" && sessionId ? await checkoutResult(app, { ...scope, sessionId }) : null;
  const waiting = result ? returnWait(url, result.state, app.now()) : null;
  const asked = url.searchParams.get("question");
  return {
    questions: {
      messages: await conversationOf(app.db, access, invoice.id),
      state: questionStates.find((state) => state === asked) ?? null,
      preview: access.preview,
      open: answerable(view.workspace),
      maxLength: maxQuestionLength,
    },
    i18n,
    title: translator(i18n.language, "portal")("invoice.title", { number: invoice.number, vendor: view.vendor.name }),
    payment: {
      canPay: payment.canPay,
      blocker: payment.blocker === "not-configured" || payment.blocker === "processing" || payment.blocker === "unchargeable" ? payment.blocker : null,
      unchargeable: payment.unchargeable,
      partial: payment.partial ? { minimum: payment.minimum } : null,
      /** What Pay charges: the next instalment of a split invoice, else the balance. */
      suggested: payment.suggested,
      instalment: payment.instalment,
    },
    checkout: waiting?.delayed ? ("delayed" as const) : result ? result.state : returned === "cancelled" ? ("cancelled" as const) : null,
    /** The return page, waiting afresh: "Check again" in the delayed state. */
    checkAgain: waiting?.delayed && sessionId ? `?payment=success&session_id=${encodeURIComponent(sessionId)}` : null,
    confirmedPaymentId: result?.payment?.id ?? null,
    vendor: branding(view.vendor),
    vendorDetails: view.vendor.details,
    offline: payment.blocker === "not-configured" || payment.blocker === "unchargeable" ? view.vendor.offline : null,
    timezone: view.vendor.timezone,
    customer: view.customer,
    scoped: access.invoiceId !== null,
    invoice: {
      id: invoice.id,
      ...printedInvoice(invoice),
      voidedAt: invoice.voidedAt,
      creditNote: invoice.creditNote ? { number: invoice.creditNote.number } : null,
      daysOverdue: invoice.daysOverdue,
      lines: documentLines(invoice.lines),
      instalments: invoice.instalments.map(({ position, amount, paid, dueDate, state }) => ({ position, amount, paid, dueDate, state })),
      scheduleName: invoice.scheduleName,
      payments: invoice.payments.map(({ id, amount, amountRefunded, method, paidAt, receiptNumber }) => ({
        id,
        amount,
        amountRefunded,
        method,
        paidAt,
        receiptNumber,
      })),
    },
  };
}

/**
 * Pay: off to Stripe Checkout for the balance (or the amount chosen). Stripe keeps the return
 * address, so it carries a fresh one-day link, not the client's own, never outliving the link
 * the client came with and never seeing more than it: a link to all the client's invoices
 * returns to a page that links to all of them (docs/decisions/103).
 */
export async function action(args: ActionFunctionArgs) {
  const { context, request } = args;
  const { access, view, i18n } = await requirePortalDocument(args, getPortalInvoice, args.params.invoiceId, { page: false });
  const { app } = context;
  const form = await request.formData().catch(() => null);
  if (!form) return { error: translator(i18n.language, "portal")("pay.useButton"), confirm: null };
  const back = await issueCustomerLink(app, { ...access, ttlDays: 1, notAfter: access.expiresAt });
  const typed = form.get("amount")?.toString() ?? null;
  const confirmed = Number(form.get("confirm")?.toString() || Number.NaN);
  try {
    const { url } = await startCheckout(app, {
      workspaceId: access.workspaceId,
      customerId: access.customerId,
      invoiceId: view.invoice.id,
      // "Pay the whole balance" on a split invoice sends the amount it showed, in minor units.
      amount: form.get("whole") && Number.isSafeInteger(confirmed) ? confirmed : typed,
      confirmedAmount: Number.isSafeInteger(confirmed) ? confirmed : null,
      returnUrl: `${back.url}/invoices/${view.invoice.id}`,
      preview: access.preview,
    });
    return redirect(url);
  } catch (error) {
    if (error instanceof AmountNotConfirmedError) return { error: null, confirm: { amount: error.amount, typed: typed ?? "" } };
    return { error: payErrorMessage(error), confirm: null };
  }
}

export default function PortalInvoicePage() {
  const { i18n, vendor, vendorDetails, offline, timezone, customer, invoice, scoped, payment, checkout, checkAgain, confirmedPaymentId, questions } =
    useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { token } = useParams();
  const { t } = useTranslation(["portal", "common"]);
  const locale = i18n.locale;
  const notice =
    payment.blocker === "not-configured"
      ? offline
        ? t("pay.payOffline")
        : t("pay.notConfigured", { vendor: vendor.name })
      : payment.blocker === "unchargeable"
        ? `${payment.unchargeable ?? ""} ${offline ? t("pay.payOffline") : t("pay.unchargeable", { vendor: vendor.name })}`.trim()
        : payment.blocker === "processing"
          ? t("pay.processing")
          : null;
  const money = (amount: number) => formatMoney(amount, invoice.currency, locale);
  const base = `/p/${token}/invoices/${invoice.id}`;
  return (
    <PortalShell vendor={vendor}>
      <ViewBeacon token={token!} invoiceId={invoice.id} />
      {scoped ? null : (
        <p className="back">
          <a href={`/p/${token}`}>{t("invoice.allInvoices")}</a>
        </p>
      )}
      <div className="invoice-heading">
        <h1>
          {t("invoice.heading", { number: invoice.number })} <StatusBadge status={invoice.status} daysOverdue={invoice.daysOverdue} />
        </h1>
        {invoice.scheduleName ? <p className="muted">{t("invoice.fromSchedule", { name: invoice.scheduleName })}</p> : null}
        <a className="button secondary" href={`${base}/pdf`} download>
          {t("invoice.downloadPdf")}
        </a>
      </div>

      <PayBox
        vendorName={vendor.name}
        balance={money(invoice.balanceDue)}
        due={formatDate(invoice.dueDate, locale)}
        daysOverdue={invoice.daysOverdue}
        status={invoice.status}
        paidOn={invoice.status === "paid" && invoice.paidAt ? formatInstant(invoice.paidAt, locale, timezone) : null}
        canPay={payment.canPay}
        notice={notice}
        amount={{ balance: payment.suggested, currency: invoice.currency, locale }}
        next={
          payment.instalment
            ? t(invoice.daysOverdue ? "instalments.nextLate" : "instalments.next", {
                position: payment.instalment.position,
                count: payment.instalment.count,
                date: formatDate(payment.instalment.dueDate, locale),
              })
            : null
        }
        payAll={
          payment.instalment && payment.canPay && !payment.partial && payment.suggested < invoice.balanceDue
            ? { amount: invoice.balanceDue, label: t("instalments.payAll", { amount: money(invoice.balanceDue) }) }
            : null
        }
        partial={
          payment.partial ? { minimum: money(payment.partial.minimum), balanceInput: formatAmountInput(invoice.balanceDue, invoice.currency, locale) } : null
        }
        confirm={failure?.confirm ?? null}
        overpaid={overpaidAmount(invoice) ? money(overpaidAmount(invoice)) : null}
        checkout={checkout}
        links={{ checkAgain, allInvoices: scoped ? null : `/p/${token}` }}
        voidedOn={invoice.status === "void" && invoice.voidedAt ? formatInstant(invoice.voidedAt, locale, timezone) : null}
        creditNote={invoice.creditNote ? { href: `${base}/credit-note/pdf`, number: invoice.creditNote.number } : null}
        receipt={
          confirmedPaymentId
            ? { href: `${base}/receipts/${confirmedPaymentId}/pdf`, number: invoice.payments.find((p) => p.id === confirmedPaymentId)?.receiptNumber ?? "" }
            : null
        }
        error={failure?.error ?? null}
      />

      {offline && invoice.balanceDue > 0 && invoice.status !== "void" ? <OfflinePayment offline={offline} reference={invoice.number} /> : null}

      {invoice.instalments.length ? (
        <InstalmentSchedule
          parts={invoice.instalments.map((part) => ({
            position: part.position,
            amount: money(part.amount),
            paid: part.paid > 0 && part.paid < part.amount ? money(part.paid) : null,
            due: formatDate(part.dueDate, locale),
            state: part.state,
          }))}
        />
      ) : null}

      <PortalDocument
        document={invoice}
        vendor={vendorDetails}
        customer={customer}
        toHeading={t("invoice.billedTo")}
        dated={{ label: t("invoice.due"), date: invoice.dueDate }}
        locale={locale}
        totals={
          <>
            <dt>{t("invoice.paid")}</dt>
            <dd>{money(invoice.amountPaid)}</dd>
            <dt className="grand">{t("invoice.balanceDue")}</dt>
            <dd className="grand">{money(invoice.balanceDue)}</dd>
          </>
        }
      />

      <PaymentsSection
        name="receipts"
        heading={t("invoice.receipts")}
        payments={invoice.payments.map((payment) => ({
          id: payment.id,
          description: t("invoice.payment", {
            date: payment.paidAt ? formatInstant(payment.paidAt, locale, timezone) : "",
            amount: money(payment.amount),
            method: payment.method,
          }),
          refunded: payment.amountRefunded ? money(payment.amountRefunded) : null,
          receipt: { href: `${base}/receipts/${payment.id}/pdf`, number: payment.receiptNumber },
        }))}
        none={t("invoice.noPayments")}
      />

      {questions.open || questions.messages.length ? (
        <InvoiceQuestions
          action={`${base}/ask`}
          vendorName={vendor.name}
          locale={locale}
          timezone={timezone}
          lines={invoice.lines}
          messages={questions.messages}
          state={questions.state as QuestionState | null}
          maxLength={questions.maxLength}
          preview={questions.preview}
          open={questions.open}
        />
      ) : null}
    </PortalShell>
  );
}

export const ErrorBoundary = PortalErrorBoundary;
