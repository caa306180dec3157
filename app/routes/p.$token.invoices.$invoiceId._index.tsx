import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useParams } from "@remix-run/react";
import { formatDate, formatInstant, formatMoney, formatPercent, formatQuantity } from "#app/components/format.ts";
import { AmountNotConfirmedError } from "#app/domain/errors.ts";
import { overpaidAmount } from "#app/domain/invoice-math.ts";
import { formatAmountInput } from "#app/domain/money.ts";
import { ViewBeacon } from "#app/components/portal/beacon.tsx";
import { PayBox } from "#app/components/portal/pay-box.tsx";
import { PortalErrorBoundary } from "#app/components/portal/problems.tsx";
import { PortalShell, StatusBadge } from "#app/components/portal/shell.tsx";
import { getPortalInvoice } from "#app/domain/portal.server.ts";
import { checkoutResult, invoicePaymentOptions, startCheckout } from "#app/domain/payments.server.ts";
import { blockerMessage } from "#app/domain/payment-options.ts";
import { payErrorMessage } from "#app/portal/payments.server.ts";
import { issueCustomerLink } from "#app/portal/links.server.ts";
import { branding } from "#app/portal/branding.server.ts";
import { notFound, portalHeaders, requirePortalAccess } from "#app/portal/guard.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Invoice ${data.invoice.number} from ${data.vendor.name}` : "Invoice" },
  { name: "robots", content: "noindex, nofollow" },
];

export const headers = portalHeaders;

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  const { app } = context;
  const view = await getPortalInvoice(app.db, access, params.invoiceId ?? "", app.now());
  if (!view) notFound();
  const { invoice } = view;
  const scope = { workspaceId: access.workspaceId, customerId: access.customerId, invoiceId: invoice.id };
  const payment = await invoicePaymentOptions(app, scope);
  const url = new URL(request.url);
  const sessionId = url.searchParams.get("session_id");
  const returned = url.searchParams.get("payment");
  const result = returned === "success" && sessionId ? await checkoutResult(app.db, { ...scope, sessionId }) : null;
  return {
    payment: {
      canPay: payment.canPay,
      notice:
        payment.blocker === "unchargeable"
          ? `${payment.unchargeable ?? ""} ${blockerMessage(payment.blocker)}`
          : payment.blocker === "not-configured" || payment.blocker === "processing"
            ? blockerMessage(payment.blocker)
            : null,
      partial: payment.partial ? { minimum: payment.minimum } : null,
    },
    checkout: result ? result.state : returned === "cancelled" ? ("cancelled" as const) : null,
    confirmedPaymentId: result?.payment?.id ?? null,
    vendor: branding(view.vendor),
    timezone: view.vendor.timezone,
    customer: view.customer,
    scoped: access.invoiceId !== null,
    invoice: {
      id: invoice.id,
      number: invoice.number,
      status: invoice.status,
      currency: invoice.currency,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      paidAt: invoice.paidAt,
      daysOverdue: invoice.daysOverdue,
      lines: invoice.lines.map(({ id, productName, description, quantityThousandths, unitAmount, amount }) => ({
        id,
        productName,
        description,
        quantityThousandths,
        unitAmount,
        amount,
      })),
      subtotal: invoice.subtotal,
      taxRateBps: invoice.taxRateBps,
      taxAmount: invoice.taxAmount,
      total: invoice.total,
      amountPaid: invoice.amountPaid,
      balanceDue: invoice.balanceDue,
      notes: invoice.notes,
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
 * address, so it carries a fresh one-day link to this invoice only, not the client's own link,
 * and never one that outlives the link the client came with.
 */
export async function action({ context, params, request }: ActionFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  const { app } = context;
  const view = await getPortalInvoice(app.db, access, params.invoiceId ?? "", app.now());
  if (!view) notFound();
  const form = await request.formData().catch(() => null);
  if (!form) return { error: "Please use the Pay button on the invoice page.", confirm: null };
  const back = await issueCustomerLink(app, { ...access, invoiceId: view.invoice.id, ttlDays: 1, notAfter: access.expiresAt });
  const typed = form.get("amount")?.toString() ?? null;
  const confirmed = Number(form.get("confirm")?.toString() || Number.NaN);
  try {
    const { url } = await startCheckout(app, {
      workspaceId: access.workspaceId,
      customerId: access.customerId,
      invoiceId: view.invoice.id,
      amount: typed,
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
  const { vendor, timezone, customer, invoice, scoped, payment, checkout, confirmedPaymentId } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { token } = useParams();
  const locale = customer.locale;
  const money = (amount: number) => formatMoney(amount, invoice.currency, locale);
  const base = `/p/${token}/invoices/${invoice.id}`;
  return (
    <PortalShell vendor={vendor}>
      <ViewBeacon token={token!} invoiceId={invoice.id} />
      {scoped ? null : (
        <p className="back">
          <a href={`/p/${token}`}>← All invoices</a>
        </p>
      )}
      <div className="invoice-heading">
        <h1>
          Invoice {invoice.number} <StatusBadge status={invoice.status} daysOverdue={invoice.daysOverdue} />
        </h1>
        <a className="button secondary" href={`${base}/pdf`} download>
          Download PDF
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
        notice={payment.notice}
        amount={{ balance: invoice.balanceDue, currency: invoice.currency, locale }}
        partial={payment.partial ? { minimum: money(payment.partial.minimum), balanceInput: formatAmountInput(invoice.balanceDue, invoice.currency, locale) } : null}
        confirm={failure?.confirm ?? null}
        overpaid={overpaidAmount(invoice) ? money(overpaidAmount(invoice)) : null}
        checkout={checkout}
        receipt={
          confirmedPaymentId
            ? { href: `${base}/receipts/${confirmedPaymentId}/pdf`, number: invoice.payments.find((p) => p.id === confirmedPaymentId)?.receiptNumber ?? "" }
            : null
        }
        error={failure?.error ?? null}
      />

      <div className="parties">
        <section aria-labelledby="from-heading">
          <h2 id="from-heading">From</h2>
          <p>{vendor.name}</p>
        </section>
        <section aria-labelledby="to-heading">
          <h2 id="to-heading">Billed to</h2>
          <p>{customer.name}</p>
          {customer.email ? <p>{customer.email}</p> : null}
          {customer.address ? <p className="address">{customer.address}</p> : null}
        </section>
        <section aria-labelledby="dates-heading">
          <h2 id="dates-heading">Dates</h2>
          <dl className="dates">
            <dt>Issued</dt>
            <dd>{formatDate(invoice.issueDate, locale)}</dd>
            <dt>Due</dt>
            <dd>{formatDate(invoice.dueDate, locale)}</dd>
          </dl>
        </section>
      </div>

      <table className="lines">
        <caption className="visually-hidden">Line items</caption>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col" className="num">Qty</th>
            <th scope="col" className="num">Unit price</th>
            <th scope="col" className="num">Amount</th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line) => (
            <tr key={line.id}>
              <th scope="row" data-label="Item">
                <span className="product">{line.productName}</span>
                {line.description ? <span className="description">{line.description}</span> : null}
              </th>
              <td data-label="Qty" className="num">{formatQuantity(line.quantityThousandths, locale)}</td>
              <td data-label="Unit price" className="num">{money(line.unitAmount)}</td>
              <td data-label="Amount" className="num">{money(line.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <dl className="totals">
        <dt>Subtotal</dt>
        <dd>{money(invoice.subtotal)}</dd>
        {invoice.taxRateBps ? (
          <>
            <dt>Tax ({formatPercent(invoice.taxRateBps, locale)})</dt>
            <dd>{money(invoice.taxAmount)}</dd>
          </>
        ) : null}
        <dt className="grand">Total</dt>
        <dd className="grand">{money(invoice.total)}</dd>
        <dt>Paid</dt>
        <dd>{money(invoice.amountPaid)}</dd>
        <dt className="grand">Balance due</dt>
        <dd className="grand">{money(invoice.balanceDue)}</dd>
      </dl>

      {invoice.notes ? (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">Notes</h2>
          <p className="notes">{invoice.notes}</p>
        </section>
      ) : null}

      <section aria-labelledby="receipts-heading">
        <h2 id="receipts-heading">Receipts</h2>
        {invoice.payments.length ? (
          <ul className="payments">
            {invoice.payments.map((payment) => (
              <li key={payment.id}>
                <span>
                  {payment.paidAt ? formatInstant(payment.paidAt, locale, timezone) : ""} · {money(payment.amount)} ({payment.method})
                  {payment.amountRefunded ? ` · ${money(payment.amountRefunded)} refunded` : ""}
                </span>
                <a href={`${base}/receipts/${payment.id}/pdf`} download>
                  Receipt {payment.receiptNumber}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p>No payments yet.</p>
        )}
      </section>
    </PortalShell>
  );
}

export const ErrorBoundary = PortalErrorBoundary;
