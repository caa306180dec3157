import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { HeadedSection } from "#app/components/portal/headed-section.tsx";

/** A payment in the client's lists: what it was, what was refunded of it (formatted), and its receipt. */
export interface PaymentEntry {
  id: string;
  description: ReactNode;
  refunded: string | null;
  receipt: { href: string; number: string | null };
}

/**
 * The client's payments under a heading (the home's history, an invoice's receipts), each with
 * its receipt to download, or a line saying there are none.
 */
export function PaymentsSection({
  name,
  id,
  heading,
  payments,
  none,
  pager,
}: {
  /** The heading's id is `<name>-heading`. */
  name: string;
  id?: string;
  heading: string;
  payments: PaymentEntry[];
  none: string;
  pager?: ReactNode;
}) {
  const { t } = useTranslation("portal");
  return (
    <HeadedSection name={name} id={id} heading={heading}>
      {payments.length ? (
        <>
          <ul className="payments">
            {payments.map((payment) => (
              <li key={payment.id}>
                <span>
                  {payment.description}
                  {payment.refunded ? ` · ${t("refunded", { amount: payment.refunded })}` : ""}
                </span>
                <a href={payment.receipt.href} download>
                  {t("receipt", { number: payment.receipt.number })}
                </a>
              </li>
            ))}
          </ul>
          {pager}
        </>
      ) : (
        <p>{none}</p>
      )}
    </HeadedSection>
  );
}
