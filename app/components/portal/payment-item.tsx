import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** A payment in the client's lists (the home's history, an invoice's receipts): what it was, what was refunded of it, and its receipt. */
export function PaymentItem({
  refunded,
  receipt,
  children,
}: {
  refunded: string | null;
  receipt: { href: string; number: string | null };
  children: ReactNode;
}) {
  const { t } = useTranslation("portal");
  return (
    <li>
      <span>
        {children}
        {refunded ? ` · ${t("refunded", { amount: refunded })}` : ""}
      </span>
      <a href={receipt.href} download>
        {t("receipt", { number: receipt.number })}
      </a>
    </li>
  );
}
