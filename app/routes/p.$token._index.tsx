import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { z } from "zod";
import { Trans, useTranslation } from "react-i18next";
import { formatDate, formatInstant, formatMoney } from "#app/components/format.ts";
import { ViewBeacon } from "#app/components/portal/beacon.tsx";
import { PortalErrorBoundary } from "#app/components/portal/problems.tsx";
import { Pager, PortalShell, StatusBadge, portalMeta } from "#app/components/portal/shell.tsx";
import { useRefreshWhileWaiting } from "#app/components/portal/pay-box.tsx";
import { AmountNotConfirmedError } from "#app/billing/errors.ts";
import { payAllOptions, payAllResult, startPayAll } from "#app/billing/pay-all.server.ts";
import { getPortalHome } from "#app/portal/read-models.server.ts";
import { returnWait } from "#app/web/checkout-return.server.ts";
import { issueCustomerLink } from "#app/web/links.server.ts";
import { payErrorMessage } from "#app/web/payments.server.ts";
import { getOpenQuotes } from "#app/portal/quotes.server.ts";
import { OpenQuotes } from "#app/components/portal/open-quotes.tsx";
import { LabelledTable } from "#app/components/portal/labelled-table.tsx";
import { PaymentsSection } from "#app/components/portal/payments-section.tsx";
import { HeadedSection } from "#app/components/portal/headed-section.tsx";
import { branding } from "#app/web/branding.server.ts";
import { noStore, portalHeaders, requirePortalAccess } from "#app/web/guard.server.ts";
import { portalLocale, switchLanguage } from "#app/web/language.server.ts";
import { translator } from "#app/i18n/i18n.ts";

export const meta = portalMeta;

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
  const scope = { workspaceId: access.workspaceId, customerId: access.customerId };
  const sessionId = url.searchParams.get("session_id");
  const returned = url.searchParams.get("payment");
  const result = returned === "success" && sessionId ? await payAllResult(context.app, { ...scope, sessionId }) : null;
  const waiting = result ? returnWait(url, result.state, context.app.now()) : null;
  const quotes = await getOpenQuotes(context.app.db, access, context.app.now(), home.vendor.timezone);
  return {
    payAll: await payAllOptions(context.app, scope),
    checkout: waiting?.delayed ? ("delayed" as const) : result ? result.state : returned === "cancelled" ? ("cancelled" as const) : null,
    /** The return page, waiting afresh: "Check again" in the delayed state. */
    checkAgain: waiting?.delayed && sessionId ? `?payment=success&session_id=${encodeURIComponent(sessionId)}` : null,
    receipts: result?.payments ?? [],
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
    upcoming: home.upcoming,
  };
}

const payAllForm = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/),
  kind: z.enum(["all", "overdue"]),
  confirm: z.coerce.number().int().optional(),
});

/**
 * Pay all (or all overdue) invoices of one currency on one Checkout page. Like Pay on an
 * invoice, Stripe returns to a fresh one-day link with the scope of the client's own
 * (docs/decisions/104 and 105).
 */
export async function action({ context, params, request }: ActionFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  const { app } = context;
  const language = (await portalLocale(request, await getPortalHome(app.db, access, { paid: 1, payments: 1 }, app.now()))).language;
  const parsed = payAllForm.safeParse(Object.fromEntries((await request.formData().catch(() => new FormData())).entries()));
  // A link to one invoice never pays others.
  if (!parsed.success || access.invoiceId) return { error: translator(language, "portal")("payAll.useButton"), confirm: null };
  const back = await issueCustomerLink(app, { ...access, ttlDays: 1, notAfter: access.expiresAt });
  try {
    const { url } = await startPayAll(app, {
      workspaceId: access.workspaceId,
      customerId: access.customerId,
      currency: parsed.data.currency,
      kind: parsed.data.kind,
      confirmedAmount: parsed.data.confirm ?? null,
      returnUrl: back.url,
      preview: access.preview,
    });
    return redirect(url);
  } catch (error) {
    if (error instanceof AmountNotConfirmedError) return { error: null, confirm: { amount: error.amount, currency: parsed.data.currency } };
    return { error: payErrorMessage(error), confirm: null };
  }
}

export default function PortalHome() {
  const {
    vendor,
    timezone,
    customer,
    balances,
    open,
    closed,
    payments,
    currencies,
    statementPeriod,
    statementInvalid,
    expiresAt,
    payAll,
    checkout,
    checkAgain,
    receipts,
    upcoming,
    quotes,
  } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  useRefreshWhileWaiting(checkout === "waiting");
  const { token } = useParams();
  const { t } = useTranslation("portal");
  const locale = useLoaderData<typeof loader>().i18n.locale;
  const money = (amount: number, currency: string) => formatMoney(amount, currency, locale);
  const invoiceHref = (id: string) => `/p/${token}/invoices/${id}`;
  // Each row repeats its column's name for small screens: translated once, not per row.
  const column = {
    invoice: t("columns.invoice"),
    issued: t("columns.issued"),
    due: t("columns.due"),
    total: t("columns.total"),
    balanceDue: t("columns.balanceDue"),
    status: t("columns.status"),
  };
  return (
    <PortalShell vendor={vendor} footer={<p>{t("home.footer", { customer: customer.name, date: formatInstant(expiresAt, locale, timezone) })}</p>}>
      <ViewBeacon token={token!} invoiceId={null} />
      <h1>{t("home.heading", { customer: customer.name })}</h1>

      <HeadedSection name="balance" className="balance" heading={t("home.balanceDue")}>
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
      </HeadedSection>

      {checkout ? (
        <div role="status" className={`notice notice-${checkout}`}>
          <strong>{t(`pay.checkout.${checkout}.title`)}</strong>{" "}
          {checkout === "confirmed" ? t("payAll.confirmed") : checkout === "delayed" ? t("payAll.delayed") : t(`pay.checkout.${checkout}.body`)}
          {checkout === "delayed" && checkAgain ? (
            <>
              {" "}
              <a href={checkAgain}>{t("pay.checkAgain")}</a>
            </>
          ) : null}
          {receipts.length ? (
            <ul className="receipts">
              {receipts.map((receipt) => (
                <li key={receipt.id}>
                  <a href={invoiceHref(receipt.invoiceId)}>{receipt.number}</a> · {money(receipt.amount, receipt.currency)} ·{" "}
                  <a href={`${invoiceHref(receipt.invoiceId)}/receipts/${receipt.id}/pdf`} download>
                    {t("pay.downloadReceipt", { number: receipt.receiptNumber })}
                  </a>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}

      {payAll.length && !(checkout === "waiting" || checkout === "delayed" || checkout === "processing") ? (
        <HeadedSection name="pay-all" className="pay-box pay-all" heading={t("payAll.heading")}>
          <p>{t("payAll.intro")}</p>
          {failure?.error ? (
            <p className="error" role="alert">
              {failure.error}
            </p>
          ) : null}
          {failure?.confirm ? (
            <p role="status" className="notice">
              {t("payAll.confirm", { amount: money(failure.confirm.amount, failure.confirm.currency) })}
            </p>
          ) : null}
          <div className="stack">
            {payAll.map((options) =>
              (["all", "overdue"] as const).map((kind) => {
                const offer = options[kind];
                if (!offer) return null;
                return (
                  <Form method="post" key={`${options.currency}-${kind}`} className="stack pay-form">
                    <input type="hidden" name="currency" value={options.currency} />
                    <input type="hidden" name="kind" value={kind} />
                    <input type="hidden" name="confirm" value={String(offer.amount)} />
                    <button type="submit" className={kind === "overdue" ? "button secondary" : undefined} disabled={navigation.state !== "idle"}>
                      {t(kind === "all" ? "payAll.all" : "payAll.overdue", { count: offer.count, amount: money(offer.amount, options.currency) })}
                    </button>
                    {offer.of > offer.count ? <p className="muted">{t("payAll.capped", { count: offer.count, of: offer.of })}</p> : null}
                  </Form>
                );
              }),
            )}
          </div>
          <p className="muted">{t("pay.cardNote", { vendor: vendor.name })}</p>
        </HeadedSection>
      ) : null}

      <HeadedSection name="open" heading={t("home.openInvoices")}>
        {open.length ? (
          <LabelledTable
            className="invoices"
            columns={[
              { label: column.invoice, cell: (invoice) => <a href={invoiceHref(invoice.id)}>{invoice.number}</a> },
              { label: column.issued, cell: (invoice) => formatDate(invoice.issueDate, locale) },
              { label: column.due, cell: (invoice) => formatDate(invoice.dueDate, locale) },
              { label: column.total, numeric: true, cell: (invoice) => money(invoice.total, invoice.currency) },
              { label: column.balanceDue, numeric: true, cell: (invoice) => money(invoice.balanceDue, invoice.currency) },
              { label: column.status, cell: (invoice) => <StatusBadge status={invoice.status} daysOverdue={invoice.daysOverdue} /> },
            ]}
            rows={open}
            rowKey={(invoice) => invoice.id}
            rowAttributes={(invoice) => ({ className: invoice.daysOverdue ? "overdue" : undefined })}
          />
        ) : (
          <p>{t("home.noOpen")}</p>
        )}
      </HeadedSection>

      {upcoming.length ? (
        <HeadedSection name="upcoming" id="upcoming" heading={t("upcoming.heading")}>
          <ul className="upcoming">
            {upcoming.map((next) => (
              <li key={next.id}>
                {t("upcoming.item", { name: next.name, amount: money(next.total, next.currency), date: formatDate(next.date, locale) })} (
                {t(`upcoming.frequency.${next.frequency}`)})
              </li>
            ))}
          </ul>
          <p className="muted">{t("upcoming.note", { vendor: vendor.name })}</p>
        </HeadedSection>
      ) : null}
      <OpenQuotes quotes={quotes} token={token!} locale={locale} />

      <HeadedSection name="paid" id="paid" heading={t("home.closedInvoices")}>
        {closed.items.length ? (
          <>
            <LabelledTable
              className="invoices"
              columns={[
                { label: column.invoice, cell: (invoice) => <a href={invoiceHref(invoice.id)}>{invoice.number}</a> },
                { label: column.issued, cell: (invoice) => formatDate(invoice.issueDate, locale) },
                { label: column.total, numeric: true, cell: (invoice) => money(invoice.total, invoice.currency) },
                { label: column.status, cell: (invoice) => <StatusBadge status={invoice.status} daysOverdue={0} /> },
              ]}
              rows={closed.items}
              rowKey={(invoice) => invoice.id}
            />
            <Pager label={t("home.closedPages")} page={closed.page} pages={closed.pages} param="paid" />
          </>
        ) : (
          <p>{t("home.noClosed")}</p>
        )}
      </HeadedSection>

      <PaymentsSection
        name="payments"
        id="payments"
        heading={t("home.paymentHistory")}
        payments={payments.items.map((payment) => ({
          id: payment.id,
          description: (
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
          ),
          refunded: payment.amountRefunded ? money(payment.amountRefunded, payment.currency) : null,
          receipt: { href: `/p/${token}/invoices/${payment.invoice.id}/receipts/${payment.id}/pdf`, number: payment.receiptNumber },
        }))}
        none={t("home.noPayments")}
        pager={<Pager label={t("home.paymentPages")} page={payments.page} pages={payments.pages} param="payments" />}
      />

      {currencies.length ? (
        <HeadedSection name="statement" id="statement" heading={t("statement.heading")}>
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
        </HeadedSection>
      ) : null}
    </PortalShell>
  );
}

export const ErrorBoundary = PortalErrorBoundary;
