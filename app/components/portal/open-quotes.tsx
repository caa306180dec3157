import { useTranslation } from "react-i18next";
import { formatDate, formatMoney } from "#app/components/format.ts";

interface OpenQuote {
  id: string;
  number: string;
  currency: string;
  total: number;
  issueDate: Date | string;
  validUntil: Date | string;
}

/** The portal home's quotes waiting for the client's answer, beside their invoices; nothing when there are none. */
export function OpenQuotes({ quotes, token, locale }: { quotes: OpenQuote[]; token: string; locale: string }) {
  const { t } = useTranslation(["quotes", "portal"]);
  if (!quotes.length) return null;
  return (
    <section aria-labelledby="quotes-heading" id="quotes">
      <h2 id="quotes-heading">{t("portal.openQuotes")}</h2>
      <table className="invoices">
        <thead>
          <tr>
            <th scope="col">{t("portal.quote")}</th>
            <th scope="col">{t("portal:columns.issued")}</th>
            <th scope="col">{t("portal.validUntil")}</th>
            <th scope="col" className="num">
              {t("portal:columns.total")}
            </th>
          </tr>
        </thead>
        <tbody>
          {quotes.map((quote) => (
            <tr key={quote.id}>
              <th scope="row" data-label={t("portal.quote")}>
                <a href={`/p/${token}/quotes/${quote.id}`}>{quote.number}</a>
              </th>
              <td data-label={t("portal:columns.issued")}>{formatDate(quote.issueDate, locale)}</td>
              <td data-label={t("portal.validUntil")}>{formatDate(quote.validUntil, locale)}</td>
              <td data-label={t("portal:columns.total")} className="num">
                {formatMoney(quote.total, quote.currency, locale)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
