import { useTranslation } from "react-i18next";
import { HeadedSection } from "#app/components/portal/headed-section.tsx";

export interface VendorDetailsView {
  legalName: string;
  address: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  taxId: string | null;
  registrationNumber: string | null;
}

export interface OfflinePaymentView {
  bankName: string | null;
  accountHolder: string | null;
  account: string | null;
  bic: string | null;
  instructions: string | null;
}

/** Who the invoice is from: what an accountant looks for (address, VAT number). */
export function VendorParty({ vendor }: { vendor: VendorDetailsView }) {
  const { t } = useTranslation();
  return (
    <>
      <p>{vendor.legalName}</p>
      {vendor.address ? <p className="address">{vendor.address}</p> : null}
      {vendor.taxId ? <p>{t("vendor.taxId", { value: vendor.taxId })}</p> : null}
      {vendor.registrationNumber ? <p>{t("vendor.registration", { value: vendor.registrationNumber })}</p> : null}
      {vendor.email ? <p>{vendor.email}</p> : null}
      {vendor.phone ? <p>{t("vendor.phone", { value: vendor.phone })}</p> : null}
      {vendor.website ? <p>{t("vendor.website", { value: vendor.website })}</p> : null}
    </>
  );
}

/** Bank details to pay by transfer, quoting the invoice number as the reference. */
export function OfflinePayment({ offline, reference }: { offline: OfflinePaymentView; reference: string }) {
  const { t } = useTranslation();
  const rows: [string, string | null][] = [
    [t("offline.bank"), offline.bankName],
    [t("offline.accountHolder"), offline.accountHolder],
    [t("offline.iban"), offline.account],
    [t("offline.bic"), offline.bic],
    [t("offline.reference"), offline.account ? reference : null],
  ];
  return (
    <HeadedSection name="offline" className="offline-payment" heading={t("offline.heading")}>
      <dl className="dates">
        {rows.flatMap(([label, value]) =>
          value
            ? [
                <dt key={`${label}-t`}>{label}</dt>,
                <dd key={`${label}-d`} className={label === t("offline.iban") ? "account" : undefined}>
                  {value}
                </dd>,
              ]
            : [],
        )}
      </dl>
      {offline.instructions ? <p className="notes">{offline.instructions}</p> : null}
    </HeadedSection>
  );
}
