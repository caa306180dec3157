import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDate, formatInstant, formatMoney } from "#app/components/format.ts";
import { PortalErrorBoundary } from "#app/components/portal/problems.tsx";
import { PortalDocument, documentLines } from "#app/components/portal/document.tsx";
import { PortalShell, portalMeta } from "#app/components/portal/shell.tsx";
import { HeadedSection } from "#app/components/portal/headed-section.tsx";
import { getPortalQuote } from "#app/portal/quotes.server.ts";
import { answerQuote, quoteAnswerForm } from "#app/web/quotes.server.ts";
import { branding } from "#app/web/branding.server.ts";
import { noStore, portalHeaders } from "#app/web/guard.server.ts";
import { requirePortalDocument } from "#app/web/portal-document.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { quotePercent } from "#app/i18n/quote-words.ts";

export const meta = portalMeta;

export const headers = portalHeaders;

export async function loader(args: LoaderFunctionArgs) {
  const { access, view, i18n } = await requirePortalDocument(args, getPortalQuote, args.params.quoteId, { page: true });
  const { quote } = view;
  const answer = new URL(args.request.url).searchParams.get("answer");
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
      lines: documentLines(quote.lines),
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
export async function action(args: ActionFunctionArgs) {
  const { context, params, request } = args;
  const { access, view, i18n } = await requirePortalDocument(args, getPortalQuote, params.quoteId, { page: false });
  const { app } = context;
  const words = translator(i18n.language, "quotes");
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
        <HeadedSection name="quote-invoices" heading={t("portal.invoices")}>
          <ul>
            {quote.invoices.map((invoice) => (
              <li key={invoice.id}>
                <a href={`/p/${token}/invoices/${invoice.id}`}>{t("portal:invoice.heading", { number: invoice.number })}</a>
              </li>
            ))}
          </ul>
        </HeadedSection>
      ) : null}

      <PortalDocument
        document={quote}
        vendor={vendorDetails}
        customer={customer}
        toHeading={t("portal.quotedTo")}
        dated={{ label: t("portal.validUntil"), date: quote.validUntil }}
        locale={locale}
      />
    </PortalShell>
  );
}

export const ErrorBoundary = PortalErrorBoundary;
