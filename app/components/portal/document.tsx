import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { StoredLine } from "#app/billing/invoice-input.ts";
import { formatDate, formatMoney, formatPercent, formatQuantity } from "#app/components/format.ts";
import { VendorParty, type VendorDetailsView } from "#app/components/portal/parties.tsx";
import { LabelledTable } from "#app/components/portal/labelled-table.tsx";
import { HeadedSection } from "#app/components/portal/headed-section.tsx";

// The parts an invoice's and a quote's portal pages share: who it is from and to, its dates,
// its lines, its totals and its notes. Each page adds its own (pay box, answer form).

export interface DocumentLine extends StoredLine {
  id: string;
  amount: number;
}

export interface DocumentTaxRate {
  rateBps: number;
  taxable: number;
  tax: number;
}

export interface DocumentCustomer {
  name: string;
  email: string | null;
  address: string | null;
  taxId: string | null;
}

/** What a loader sends of a document's lines: only what the table shows. */
export function documentLines(lines: readonly DocumentLine[]): DocumentLine[] {
  return lines.map(({ id, productName, description, quantityThousandths, unitAmount, taxRateBps, discountBps, amount }) => ({
    id,
    productName,
    description,
    quantityThousandths,
    unitAmount,
    taxRateBps,
    discountBps,
    amount,
  }));
}

/** From, to and dates: the issue date, then the document's own (due, valid until), supply date and PO number. */
function DocumentParties({
  vendor,
  customer,
  toHeading,
  issueDate,
  dated,
  supplyDate,
  poNumber,
  locale,
}: {
  vendor: VendorDetailsView;
  customer: DocumentCustomer;
  toHeading: string;
  issueDate: string | Date;
  /** The second date row: its label and date. */
  dated: { label: string; date: string | Date };
  supplyDate: string | Date | null;
  poNumber: string | null;
  locale: string;
}) {
  const { t } = useTranslation(["portal", "common"]);
  return (
    <div className="parties">
      <HeadedSection name="from" heading={t("invoice.from")}>
        <VendorParty vendor={vendor} />
      </HeadedSection>
      <HeadedSection name="to" heading={toHeading}>
        <p>{customer.name}</p>
        {customer.email ? <p>{customer.email}</p> : null}
        {customer.address ? <p className="address">{customer.address}</p> : null}
        {customer.taxId ? <p>{t("common:customer.taxId", { value: customer.taxId })}</p> : null}
      </HeadedSection>
      <HeadedSection name="dates" heading={t("invoice.dates")}>
        <dl className="dates">
          <dt>{t("invoice.issued")}</dt>
          <dd>{formatDate(issueDate, locale)}</dd>
          <dt>{dated.label}</dt>
          <dd>{formatDate(dated.date, locale)}</dd>
          {supplyDate ? (
            <>
              <dt>{t("common:supplyDate")}</dt>
              <dd>{formatDate(supplyDate, locale)}</dd>
            </>
          ) : null}
          {poNumber ? (
            <>
              <dt>{t("invoice.poNumber")}</dt>
              <dd>{poNumber}</dd>
            </>
          ) : null}
        </dl>
      </HeadedSection>
    </div>
  );
}

/** The line items; each line names its tax rate when the document has several, and its discount. */
function DocumentLines({ lines, taxRates, currency, locale }: { lines: DocumentLine[]; taxRates: DocumentTaxRate[]; currency: string; locale: string }) {
  const { t } = useTranslation(["portal", "common"]);
  const money = (amount: number) => formatMoney(amount, currency, locale);
  const several = taxRates.length > 1;
  return (
    <LabelledTable
      className="lines"
      caption={t("invoice.lineItems")}
      columns={[
        {
          label: t("columns.item"),
          cell: (line) => (
            <>
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
            </>
          ),
        },
        { label: t("columns.quantity"), numeric: true, cell: (line) => formatQuantity(line.quantityThousandths, locale) },
        { label: t("columns.unitPrice"), numeric: true, cell: (line) => money(line.unitAmount) },
        { label: t("columns.amount"), numeric: true, cell: (line) => money(line.amount) },
      ]}
      rows={lines}
      rowKey={(line) => line.id}
    />
  );
}

/**
 * Subtotal, discount, one row per tax rate (none when the document has no tax at all) and the
 * total; `children` adds the rows after it (paid, balance due).
 */
function DocumentTotals({
  document,
  currency,
  locale,
  children,
}: {
  document: { subtotal: number; discountBps: number; discountAmount: number; taxRates: DocumentTaxRate[]; total: number };
  currency: string;
  locale: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation(["portal", "common"]);
  const money = (amount: number) => formatMoney(amount, currency, locale);
  const taxRows = document.taxRates.some((rate) => rate.rateBps > 0) ? document.taxRates : [];
  return (
    <dl className="totals">
      <dt>{t("invoice.subtotal")}</dt>
      <dd>{money(document.subtotal)}</dd>
      {document.discountAmount ? (
        <>
          <dt>{t("common:totals.discount", { rate: formatPercent(document.discountBps, locale) })}</dt>
          <dd>{money(-document.discountAmount)}</dd>
        </>
      ) : null}
      {taxRows.map((rate) => (
        <Fragment key={rate.rateBps}>
          <dt>{t("common:totals.taxOn", { rate: formatPercent(rate.rateBps, locale), base: money(rate.taxable) })}</dt>
          <dd>{money(rate.tax)}</dd>
        </Fragment>
      ))}
      <dt className="grand">{t("invoice.total")}</dt>
      <dd className="grand">{money(document.total)}</dd>
      {children}
    </dl>
  );
}

/** The vendor's notes and footer, when the document has them. */
function DocumentNotes({ notes, footer }: { notes: string | null; footer: string | null }) {
  const { t } = useTranslation("portal");
  return (
    <>
      {notes ? (
        <HeadedSection name="notes" heading={t("invoice.notes")}>
          <p className="notes">{notes}</p>
        </HeadedSection>
      ) : null}
      {footer ? <p className="notes invoice-footer">{footer}</p> : null}
    </>
  );
}

export interface PortalDocumentView {
  currency: string;
  issueDate: string | Date;
  supplyDate: string | Date | null;
  poNumber: string | null;
  lines: DocumentLine[];
  subtotal: number;
  discountBps: number;
  discountAmount: number;
  taxRates: DocumentTaxRate[];
  total: number;
  notes: string | null;
  footer: string | null;
}

/**
 * The body of a document's page: parties and dates, lines, totals (`totals` adds rows after
 * the total), notes and footer.
 */
export function PortalDocument({
  document,
  vendor,
  customer,
  toHeading,
  dated,
  locale,
  totals,
}: {
  document: PortalDocumentView;
  vendor: VendorDetailsView;
  customer: DocumentCustomer;
  toHeading: string;
  dated: { label: string; date: string | Date };
  locale: string;
  totals?: ReactNode;
}) {
  const { currency } = document;
  return (
    <>
      <DocumentParties
        vendor={vendor}
        customer={customer}
        toHeading={toHeading}
        issueDate={document.issueDate}
        dated={dated}
        supplyDate={document.supplyDate}
        poNumber={document.poNumber}
        locale={locale}
      />
      <DocumentLines lines={document.lines} taxRates={document.taxRates} currency={currency} locale={locale} />
      <DocumentTotals document={document} currency={currency} locale={locale}>
        {totals}
      </DocumentTotals>
      <DocumentNotes notes={document.notes} footer={document.footer} />
    </>
  );
}
