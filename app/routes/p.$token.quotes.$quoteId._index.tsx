import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { formatDate, formatInstant, formatMoney, formatPercent, formatQuantity } from "#app/components/format.ts";
import { PortalErrorBoundary } from "#app/components/portal/problems.tsx";
import { VendorParty } from "#app/components/portal/parties.tsx";
import { PortalShell } from "#app/components/portal/shell.tsx";
import { getPortalQuote } from "#app/portal/quotes.server.ts";
import { answerQuote, quoteAnswerForm } from "#app/web/quotes.server.ts";
import { branding } from "#app/web/branding.server.ts";
import { noStore, notFoundPage, portalHeaders, requirePortalAccess } from "#app/web/guard.server.ts";
import { portalLocale, switchLanguage } from "#app/web/language.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { quotePercent } from "#app/i18n/quote-words.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex, nofollow" }];

export const headers = portalHeaders;

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  await switchLanguage(request);
  const { app } = context;
  const view = await getPortalQuote(app.db, access, params.quoteId ?? "", app.now());
  if (!view) throw await notFoundPage(context, access);
  const { quote } = view;
  const i18n = await portalLocale(request, view);
  const answer = new URL(request.url).searchParams.get("answer");
  return {
    i18n,
    title: translator(i18n.language, "quotes")("portal.title", { number: quote.number, vendor: view.vendor.name }),
    vendor: branding(view.vendor),
    vendorDetails: view.vendor.details,
    timezone: view.vendor.timezone,
    customer: view.customer,
    terms: view.terms,
    preview: access.preview,
    scoped: Boolean(access.quoteId),
    answered: answer === "accepted" || answer === "declined" ? answer : null,
    quote: {
      id: quote.id,
      number: quote.number,
      status: quote.status,
      currency: quote.currency,
      issueDate: quote.issueDate,
      validUntil: quote.validUntil,
      supplyDate: quote.supplyDate,
      poNumber: quote.poNumber,
      depositBps: quote.depositBps,
      acceptedAt: quote.acceptedAt,
      acceptedName: quote.acceptedName,
      declinedAt: quote.declinedAt,
      declineReason: quote.declineReason,
      lines: quote.lines.map(({ id, productName, description, quantityThousandths, unitAmount, taxRateBps, discountBps, amount }) => ({
        id,
        productName,
        description,
        quantityThousandths,
        unitAmount,
        taxRateBps,
        discountBps,
        amount,
      })),
      subtotal: quote.subtotal,
      discountBps: quote.discountBps,
      discountAmount: quote.discountAmount,
      taxRates: quote.taxRates,
      total: quote.total,
      notes: quote.notes,
      footer: quote.footer,
      invoices: quote.invoices,
    },
  };
}

/**
 * Accept (with the client's typed name, the vendor's terms ticked when there are some, and
 * their address recorded) or decline (with an optional reason). A refusal is said in the
 * client's words; an acceptance that made an issued invoice lands on that invoice.
 */
export async function action({ context, params, request }: ActionFunctionArgs) {
  const access = await requirePortalAccess(context, params);
  const { app } = context;
  const view = await getPortalQuote(app.db, access, params.quoteId ?? "", app.now());
  if (!view) throw await notFoundPage(context, access);
  const words = translator((await portalLocale(request, view)).language, "quotes");
  const form = quoteAnswerForm.safeParse(Object.fromEntries((await request.formData().catch(() => new FormData())).entries()));
  if (!form.success) return { error: words("portal.refused.name", { vendor: view.vendor.name }) };
  const base = `/p/${encodeURIComponent(params.token ?? "")}`;
  const outcome = await answerQuote(app, { access, quoteId: view.quote.id, form: form.data, ip: context.clientIp ?? null });
  if (outcome.kind === "refused") return { error: words(`portal.refused.${outcome.refusal}`, { vendor: view.vendor.name }) };
  if (outcome.kind === "accepted" && outcome.invoiceId) {
    return redirect(`${base}/invoices/${encodeURIComponent(outcome.invoiceId)}?quote=accepted`, { headers: noStore });
  }
  return redirect(`${base}/quotes/${encodeURIComponent(view.quote.id)}?answer=${outcome.kind}`, { headers: noStore });
}

export default function PortalQuotePage() {
  const { i18n, vendor, vendorDetails, timezone, customer, terms, preview, scoped, answered, quote } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const { token } = useParams();
  const { t } = useTranslation(["quotes", "portal", "common"]);
  const locale = i18n.locale;
  const money = (amount: number) => formatMoney(amount, quote.currency, locale);
  const base = `/p/${token}/quotes/${quote.id}`;
  const several = quote.taxRates.length > 1;
  const taxRows = quote.taxRates.some((rate) => rate.rateBps > 0) ? quote.taxRates : [];
  const open = quote.status === "sent" && !preview;
  const busy = navigation.state !== "idle";
  const deposit = quote.depositBps
    ? t("portal.deposit", {
        vendor: vendor.name,
        percent: quotePercent(quote.depositBps, locale),
        amount: money(Math.round((quote.total * quote.depositBps) / 10_000)),
      })
    : null;
  return (
    <PortalShell vendor={vendor}>
      {scoped ? null : (
        <p className="back">
          <a href={`/p/${token}`}>{t("portal.allInvoices")}</a>
        </p>
      )}
      <div className="invoice-heading">
        <h1>
          {t("portal.heading", { number: quote.number })} <span className={`badge badge-quote-${quote.status}`}>{t(`status.${quote.status}`)}</span>
        </h1>
        <a className="button secondary" href={`${base}/pdf`} download>
          {t("portal.downloadPdf")}
        </a>
      </div>

      <section className="pay-box quote-answer" aria-labelledby="answer-heading">
        <h2 id="answer-heading" className="balance-amount">
          {money(quote.total)}
        </h2>
        {answered === "accepted" ? (
          <p className="notice" role="status">
            {t("portal.thanks", { number: quote.number, vendor: vendor.name })}
          </p>
        ) : answered === "declined" ? (
          <p className="notice" role="status">
            {t("portal.declinedThanks", { number: quote.number, vendor: vendor.name })}
          </p>
        ) : null}
        {quote.status === "sent" ? <p>{t("portal.validNote", { date: formatDate(quote.validUntil, locale) })}</p> : null}
        {quote.status === "accepted" && quote.acceptedAt ? (
          <p>{t("portal.acceptedOn", { name: quote.acceptedName ?? "", date: formatInstant(quote.acceptedAt, locale, timezone) })}</p>
        ) : null}
        {quote.status === "declined" && quote.declinedAt ? (
          <>
            <p>{t("portal.declinedOn", { date: formatInstant(quote.declinedAt, locale, timezone) })}</p>
            {quote.declineReason ? <p className="notes">{t("portal.declinedReason", { reason: quote.declineReason })}</p> : null}
          </>
        ) : null}
        {quote.status === "expired" ? <p>{t("portal.expired", { date: formatDate(quote.validUntil, locale), vendor: vendor.name })}</p> : null}
        {quote.status === "withdrawn" ? <p>{t("portal.withdrawn", { vendor: vendor.name })}</p> : null}
        {deposit && (quote.status === "sent" || quote.status === "accepted") ? <p>{deposit}</p> : null}
        {failure?.error ? (
          <p className="error" role="alert">
            {failure.error}
          </p>
        ) : null}

        {open ? (
          <Form method="post" className="stack quote-accept" aria-labelledby="accept-heading">
            <h3 id="accept-heading">{t("portal.acceptHeading")}</h3>
            {terms ? (
              <div className="quote-terms">
                <h4>{t("portal.termsHeading", { vendor: vendor.name })}</h4>
                <p className="notes">{terms}</p>
                <label className="checkbox">
                  <input type="checkbox" name="terms" value="yes" required /> {t("portal.agree")}
                </label>
              </div>
            ) : null}
            <label htmlFor="accept-name">{t("portal.name")}</label>
            <input id="accept-name" name="name" autoComplete="name" required maxLength={200} aria-describedby="accept-name-hint" />
            <p id="accept-name-hint" className="muted">
              {t("portal.nameHint")}
            </p>
            <button type="submit" name="intent" value="accept" className="button" disabled={busy}>
              {t("portal.accept")}
            </button>
          </Form>
        ) : null}
        {open ? (
          <details className="quote-decline">
            <summary>{t("portal.declineHeading")}</summary>
            <Form method="post" className="stack">
              <label htmlFor="decline-reason">{t("portal.reason")}</label>
              <textarea id="decline-reason" name="reason" rows={3} maxLength={1000} aria-describedby="decline-reason-hint" />
              <p id="decline-reason-hint" className="muted">
                {t("portal.reasonHint", { vendor: vendor.name })}
              </p>
              <button type="submit" name="intent" value="decline" className="button secondary" disabled={busy}>
                {t("portal.decline")}
              </button>
            </Form>
          </details>
        ) : null}
      </section>

      {quote.invoices.length ? (
        <section aria-labelledby="quote-invoices-heading">
          <h2 id="quote-invoices-heading">{t("portal.invoices")}</h2>
          <ul>
            {quote.invoices.map((invoice) => (
              <li key={invoice.id}>
                <a href={`/p/${token}/invoices/${invoice.id}`}>{t("portal:invoice.heading", { number: invoice.number })}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <div className="parties">
        <section aria-labelledby="from-heading">
          <h2 id="from-heading">{t("portal:invoice.from")}</h2>
          <VendorParty vendor={vendorDetails} />
        </section>
        <section aria-labelledby="to-heading">
          <h2 id="to-heading">{t("portal.quotedTo")}</h2>
          <p>{customer.name}</p>
          {customer.email ? <p>{customer.email}</p> : null}
          {customer.address ? <p className="address">{customer.address}</p> : null}
          {customer.taxId ? <p>{t("common:customer.taxId", { value: customer.taxId })}</p> : null}
        </section>
        <section aria-labelledby="dates-heading">
          <h2 id="dates-heading">{t("portal:invoice.dates")}</h2>
          <dl className="dates">
            <dt>{t("portal:invoice.issued")}</dt>
            <dd>{formatDate(quote.issueDate, locale)}</dd>
            <dt>{t("portal.validUntil")}</dt>
            <dd>{formatDate(quote.validUntil, locale)}</dd>
            {quote.supplyDate ? (
              <>
                <dt>{t("common:supplyDate")}</dt>
                <dd>{formatDate(quote.supplyDate, locale)}</dd>
              </>
            ) : null}
            {quote.poNumber ? (
              <>
                <dt>{t("portal:invoice.poNumber")}</dt>
                <dd>{quote.poNumber}</dd>
              </>
            ) : null}
          </dl>
        </section>
      </div>

      <table className="lines">
        <caption className="visually-hidden">{t("portal:invoice.lineItems")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("portal:columns.item")}</th>
            <th scope="col" className="num">
              {t("portal:columns.quantity")}
            </th>
            <th scope="col" className="num">
              {t("portal:columns.unitPrice")}
            </th>
            <th scope="col" className="num">
              {t("portal:columns.amount")}
            </th>
          </tr>
        </thead>
        <tbody>
          {quote.lines.map((line) => (
            <tr key={line.id}>
              <th scope="row" data-label={t("portal:columns.item")}>
                <span className="product">{line.productName}</span>
                {line.description ? <span className="description">{line.description}</span> : null}
                {several || line.discountBps ? (
                  <span className="description">
                    {[
                      several ? t("common:line.tax", { rate: formatPercent(line.taxRateBps, locale) }) : null,
                      line.discountBps ? t("common:line.discount", { rate: formatPercent(line.discountBps, locale) }) : null,
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                ) : null}
              </th>
              <td data-label={t("portal:columns.quantity")} className="num">
                {formatQuantity(line.quantityThousandths, locale)}
              </td>
              <td data-label={t("portal:columns.unitPrice")} className="num">
                {money(line.unitAmount)}
              </td>
              <td data-label={t("portal:columns.amount")} className="num">
                {money(line.amount)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <dl className="totals">
        <dt>{t("portal:invoice.subtotal")}</dt>
        <dd>{money(quote.subtotal)}</dd>
        {quote.discountAmount ? (
          <>
            <dt>{t("common:totals.discount", { rate: formatPercent(quote.discountBps, locale) })}</dt>
            <dd>{money(-quote.discountAmount)}</dd>
          </>
        ) : null}
        {taxRows.map((rate) => (
          <Fragment key={rate.rateBps}>
            <dt>{t("common:totals.taxOn", { rate: formatPercent(rate.rateBps, locale), base: money(rate.taxable) })}</dt>
            <dd>{money(rate.tax)}</dd>
          </Fragment>
        ))}
        <dt className="grand">{t("portal:invoice.total")}</dt>
        <dd className="grand">{money(quote.total)}</dd>
      </dl>

      {quote.notes ? (
        <section aria-labelledby="notes-heading">
          <h2 id="notes-heading">{t("portal:invoice.notes")}</h2>
          <p className="notes">{quote.notes}</p>
        </section>
      ) : null}
      {quote.footer ? <p className="notes invoice-footer">{quote.footer}</p> : null}
    </PortalShell>
  );
}

export const ErrorBoundary = PortalErrorBoundary;
