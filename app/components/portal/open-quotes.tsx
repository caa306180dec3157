import { useTranslation } from "react-i18next";
import { formatDate, formatMoney } from "#app/components/format.ts";
import { HeadedSection } from "#app/components/portal/headed-section.tsx";
import { LabelledTable } from "#app/components/portal/labelled-table.tsx";

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
    <HeadedSection name="quotes" id="quotes" heading={t("portal.openQuotes")}>
      <LabelledTable
        className="invoices"
        columns={[
          { label: t("portal.quote"), cell: (quote) => <a href={`/p/${token}/quotes/${quote.id}`}>{quote.number}</a> },
          { label: t("portal:columns.issued"), cell: (quote) => formatDate(quote.issueDate, locale) },
          { label: t("portal.validUntil"), cell: (quote) => formatDate(quote.validUntil, locale) },
          { label: t("portal:columns.total"), numeric: true, cell: (quote) => formatMoney(quote.total, quote.currency, locale) },
        ]}
        rows={quotes}
        rowKey={(quote) => quote.id}
      />
    </HeadedSection>
  );
}
