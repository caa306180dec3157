import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { formatDate, formatInstant, formatMoney } from "#app/components/format.ts";
import { ViewBeacon } from "#app/components/portal/beacon.tsx";
import { PortalErrorBoundary } from "#app/components/portal/problems.tsx";
import { Pager, PortalShell, StatusBadge } from "#app/components/portal/shell.tsx";
import { getPortalHome } from "#app/portal/read-models.server.ts";
import { getOpenQuotes } from "#app/portal/quotes.server.ts";
import { OpenQuotes } from "#app/components/portal/open-quotes.tsx";
import { branding } from "#app/web/branding.server.ts";
import { noStore, portalHeaders, requirePortalAccess } from "#app/web/guard.server.ts";
import { portalLocale, switchLanguage } from "#app/web/language.server.ts";
import { translator } from "#app/i18n/i18n.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex, nofollow" }];

export const headers = portalHeaders;

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  await switchLanguage(request);
  if (access.invoiceId) throw redirect(`/p/${encodeURIComponent(params.token ?? "")}/invoices/${encodeURIComponent(access.invoiceId)}`, { headers: noStore });
  if (access.quoteId) throw redirect(`/p/${encodeURIComponent(params.token ?? "")}/quotes/${encodeURIComponent(access.quoteId)}`, { headers: noStore });
  const url = new URL(request.url);
  const page = (name: string) => Number.parseInt(url.searchParams.get(name) ?? "1", 10) || 1;
  const home = await getPortalHome(context.app.db, access, { paid: page("paid"), payments: page("payments") }, context.app.now());
  const i18n = await portalLocale(request, home);
  const quotes = await getOpenQuotes(context.app.db, access, context.app.now(), home.vendor.timezone);
  return {
    i18n,
    title: translator(i18n.language, "portal")("home.title", { vendor: home.vendor.name }),
    vendor: branding(home.vendor),
    timezone: home.vendor.timezone,
    customer: home.customer,
    balances: home.balances,
    open: home.open,
    quotes,
    closed: home.closed,
    payments: home.payments,
    currencies: home.currencies,
    statementPeriod: home.statementPeriod,
    statementInvalid: url.searchParams.get("statement") === "invalid",
    expiresAt: access.expiresAt,
  };
}

export default function PortalHome() {
  const { vendor, timezone, customer, balances, open, quotes, closed, payments, currencies, statementPeriod, statementInvalid, expiresAt } =
    useLoaderData<typeof loader>();
  const { token } = useParams();
  const { t } = useTranslation("portal");
  const locale = useLoaderData<typeof loader>().i18n.locale;
  const money = (amount: number, currency: string) => formatMoney(amount, currency, locale);
  const invoiceHref = (id: string) => `/p/${token}/invoices/${id}`;
  return (
    <PortalShell vendor={vendor} footer={<p>{t("home.footer", { customer: customer.name, date: formatInstant(expiresAt, locale, timezone) })}</p>}>
      <ViewBeacon token={token!} invoiceId={null} />
      <h1>{t("home.heading", { customer: customer.name })}</h1>

      <section className="balance" aria-labelledby="balance-heading">
        <h2 id="balance-heading">{t("home.balanceDue")}</h2>
        {balances.length ? (
          <ul className="balance-list">
            {balances.map((balance) => (
              <li key={balance.currency} className="balance-amount">
                {money(balance.amount, balance.currency)}
              </li>
            ))}
          </ul>
        ) : (
          <p className="balance-amount settled">{t("home.settled")}</p>
        )}
      </section>

      <section aria-labelledby="open-heading">
        <h2 id="open-heading">{t("home.openInvoices")}</h2>
        {open.length ? (
          <table className="invoices">
            <thead>
              <tr>
                <th scope="col">{t("columns.invoice")}</th>
                <th scope="col">{t("columns.issued")}</th>
                <th scope="col">{t("columns.due")}</th>
                <th scope="col" className="num">
                  {t("columns.total")}
                </th>
                <th scope="col" className="num">
                  {t("columns.balanceDue")}
                </th>
                <th scope="col">{t("columns.status")}</th>
              </tr>
            </thead>
            <tbody>
              {open.map((invoice) => (
                <tr key={invoice.id} className={invoice.daysOverdue ? "overdue" : undefined}>
                  <th scope="row" data-label={t("columns.invoice")}>
                    <a href={invoiceHref(invoice.id)}>{invoice.number}</a>
                  </th>
                  <td data-label={t("columns.issued")}>{formatDate(invoice.issueDate, locale)}</td>
                  <td data-label={t("columns.due")}>{formatDate(invoice.dueDate, locale)}</td>
                  <td data-label={t("columns.total")} className="num">
                    {money(invoice.total, invoice.currency)}
                  </td>
                  <td data-label={t("columns.balanceDue")} className="num">
                    {money(invoice.balanceDue, invoice.currency)}
                  </td>
                  <td data-label={t("columns.status")}>
                    <StatusBadge status={invoice.status} daysOverdue={invoice.daysOverdue} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>{t("home.noOpen")}</p>
        )}
      </section>

      <OpenQuotes quotes={quotes} token={token!} locale={locale} />

      <section aria-labelledby="paid-heading" id="paid">
        <h2 id="paid-heading">{t("home.closedInvoices")}</h2>
        {closed.items.length ? (
          <>
            <table className="invoices">
              <thead>
                <tr>
                  <th scope="col">{t("columns.invoice")}</th>
                  <th scope="col">{t("columns.issued")}</th>
                  <th scope="col" className="num">
                    {t("columns.total")}
                  </th>
                  <th scope="col">{t("columns.status")}</th>
                </tr>
              </thead>
              <tbody>
                {closed.items.map((invoice) => (
                  <tr key={invoice.id}>
                    <th scope="row" data-label={t("columns.invoice")}>
                      <a href={invoiceHref(invoice.id)}>{invoice.number}</a>
                    </th>
                    <td data-label={t("columns.issued")}>{formatDate(invoice.issueDate, locale)}</td>
                    <td data-label={t("columns.total")} className="num">
                      {money(invoice.total, invoice.currency)}
                    </td>
                    <td data-label={t("columns.status")}>
                      <StatusBadge status={invoice.status} daysOverdue={0} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <Pager label={t("home.closedPages")} page={closed.page} pages={closed.pages} param="paid" />
          </>
        ) : (
          <p>{t("home.noClosed")}</p>
        )}
      </section>

      <section aria-labelledby="payments-heading" id="payments">
        <h2 id="payments-heading">{t("home.paymentHistory")}</h2>
        {payments.items.length ? (
          <>
            <ul className="payments">
              {payments.items.map((payment) => (
                <li key={payment.id}>
                  <span>
                    <Trans
                      t={t}
                      i18nKey="home.payment"
                      values={{
                        date: payment.paidAt ? formatInstant(payment.paidAt, locale, timezone) : "",
                        amount: money(payment.amount, payment.currency),
                        number: payment.invoice.number,
                        method: payment.method,
                      }}
                      components={{ invoice: <a href={invoiceHref(payment.invoice.id)} /> }}
                    />
                    {payment.amountRefunded ? ` · ${t("refunded", { amount: money(payment.amountRefunded, payment.currency) })}` : ""}
                  </span>
                  <a href={`/p/${token}/invoices/${payment.invoice.id}/receipts/${payment.id}/pdf`} download>
                    {t("receipt", { number: payment.receiptNumber })}
                  </a>
                </li>
              ))}
            </ul>
            <Pager label={t("home.paymentPages")} page={payments.page} pages={payments.pages} param="payments" />
          </>
        ) : (
          <p>{t("home.noPayments")}</p>
        )}
      </section>

      {currencies.length ? (
        <section aria-labelledby="statement-heading" id="statement">
          <h2 id="statement-heading">{t("statement.heading")}</h2>
          <p>{t("statement.intro")}</p>
          {statementInvalid ? (
            <p className="error" role="alert">
              {t("statement.invalid")}
            </p>
          ) : null}
          <form method="get" action={`/p/${token}/statement.pdf`} className="statement-form">
            <label>
              {t("statement.from")}
              <input type="date" name="from" required defaultValue={statementPeriod.from} />
            </label>
            <label>
              {t("statement.to")}
              <input type="date" name="to" required defaultValue={statementPeriod.to} />
            </label>
            {currencies.length > 1 ? (
              <label>
                {t("statement.currency")}
                <select name="currency" defaultValue={currencies[0]}>
                  {currencies.map((currency) => (
                    <option key={currency} value={currency}>
                      {currency}
                    </option>
                  ))}
                </select>
              </label>
            ) : (
              <input type="hidden" name="currency" value={currencies[0]} />
            )}
            <button type="submit" className="button secondary">
              {t("statement.download")}
            </button>
          </form>
        </section>
      ) : null}
    </PortalShell>
  );
}

export const ErrorBoundary = PortalErrorBoundary;
