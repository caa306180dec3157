import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { formatDate, formatInstant, formatMoney } from "#app/components/format.ts";
import { ViewBeacon } from "#app/components/portal/beacon.tsx";
import { PortalErrorBoundary } from "#app/components/portal/problems.tsx";
import { Pager, PortalShell, StatusBadge } from "#app/components/portal/shell.tsx";
import { getPortalHome } from "#app/domain/portal.server.ts";
import { branding } from "#app/portal/branding.server.ts";
import { noStore, portalHeaders, requirePortalAccess } from "#app/portal/guard.server.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Invoices from ${data.vendor.name}` : "Invoices" },
  { name: "robots", content: "noindex, nofollow" },
];

export const headers = portalHeaders;

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  if (access.invoiceId) throw redirect(`/p/${encodeURIComponent(params.token ?? "")}/invoices/${encodeURIComponent(access.invoiceId)}`, { headers: noStore });
  const url = new URL(request.url);
  const page = (name: string) => Number.parseInt(url.searchParams.get(name) ?? "1", 10) || 1;
  const home = await getPortalHome(context.app.db, access, { paid: page("paid"), payments: page("payments") }, context.app.now());
  return {
    vendor: branding(home.vendor),
    timezone: home.vendor.timezone,
    customer: home.customer,
    balances: home.balances,
    open: home.open,
    closed: home.closed,
    payments: home.payments,
    expiresAt: access.expiresAt,
  };
}

export default function PortalHome() {
  const { vendor, timezone, customer, balances, open, closed, payments, expiresAt } = useLoaderData<typeof loader>();
  const { token } = useParams();
  const locale = customer.locale;
  const money = (amount: number, currency: string) => formatMoney(amount, currency, locale);
  const invoiceHref = (id: string) => `/p/${token}/invoices/${id}`;
  return (
    <PortalShell
      vendor={vendor}
      footer={
        <p>
          This private link is for {customer.name}; please do not forward it. It works until {formatInstant(expiresAt, locale, timezone)}.
        </p>
      }
    >
      <ViewBeacon token={token!} invoiceId={null} />
      <h1>Invoices for {customer.name}</h1>

      <section className="balance" aria-labelledby="balance-heading">
        <h2 id="balance-heading">Balance due</h2>
        {balances.length ? (
          <ul className="balance-list">
            {balances.map((balance) => (
              <li key={balance.currency} className="balance-amount">
                {money(balance.amount, balance.currency)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="balance-amount settled">Nothing to pay — thank you!</p>
        )}
      </section>

      <section aria-labelledby="open-heading">
        <h2 id="open-heading">Open invoices</h2>
        {open.length ? (
          <table className="invoices">
            <thead>
              <tr>
                <th scope="col">Invoice</th>
                <th scope="col">Issued</th>
                <th scope="col">Due</th>
                <th scope="col" className="num">Total</th>
                <th scope="col" className="num">Balance due</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {open.map((invoice) => (
                <tr key={invoice.id} className={invoice.daysOverdue ? "overdue" : undefined}>
                  <th scope="row" data-label="Invoice">
                    <a href={invoiceHref(invoice.id)}>{invoice.number}</a>
                  </th>
                  <td data-label="Issued">{formatDate(invoice.issueDate, locale)}</td>
                  <td data-label="Due">{formatDate(invoice.dueDate, locale)}</td>
                  <td data-label="Total" className="num">{money(invoice.total, invoice.currency)}</td>
                  <td data-label="Balance due" className="num">{money(invoice.balanceDue, invoice.currency)}</td>
                  <td data-label="Status">
                    <StatusBadge status={invoice.status} daysOverdue={invoice.daysOverdue} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No open invoices.</p>
        )}
      </section>

      <section aria-labelledby="paid-heading" id="paid">
        <h2 id="paid-heading">Paid and closed</h2>
        {closed.items.length ? (
          <>
            <table className="invoices">
              <thead>
                <tr>
                  <th scope="col">Invoice</th>
                  <th scope="col">Issued</th>
                  <th scope="col" className="num">Total</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {closed.items.map((invoice) => (
                  <tr key={invoice.id}>
                    <th scope="row" data-label="Invoice">
                      <a href={invoiceHref(invoice.id)}>{invoice.number}</a>
                    </th>
                    <td data-label="Issued">{formatDate(invoice.issueDate, locale)}</td>
                    <td data-label="Total" className="num">{money(invoice.total, invoice.currency)}</td>
                    <td data-label="Status">
                      <StatusBadge status={invoice.status} daysOverdue={0} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager label="Paid invoices" page={closed.page} pages={closed.pages} param="paid" />
          </>
        ) : (
          <p>No paid invoices yet.</p>
        )}
      </section>

      <section aria-labelledby="payments-heading" id="payments">
        <h2 id="payments-heading">Payment history</h2>
        {payments.items.length ? (
          <>
            <ul className="payments">
              {payments.items.map((payment) => (
                <li key={payment.id}>
                  <span>
                    {payment.paidAt ? formatInstant(payment.paidAt, locale, timezone) : ""} · {money(payment.amount, payment.currency)} for{" "}
                    <a href={invoiceHref(payment.invoice.id)}>{payment.invoice.number}</a> ({payment.method})
                    {payment.amountRefunded ? ` · ${money(payment.amountRefunded, payment.currency)} refunded` : ""}
                  </span>
                  <a href={`/p/${token}/invoices/${payment.invoice.id}/receipts/${payment.id}/pdf`} download>
                    Receipt {payment.receiptNumber}
                  </a>
                </li>
              ))}
            </ul>
            <Pager label="Payments" page={payments.page} pages={payments.pages} param="payments" />
          </>
        ) : (
          <p>No payments yet.</p>
        )}
      </section>
    </PortalShell>
  );
}

export const ErrorBoundary = PortalErrorBoundary;
