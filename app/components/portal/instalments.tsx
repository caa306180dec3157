import { useTranslation } from "react-i18next";

export interface InstalmentRow {
  position: number;
  /** Formatted in the client's locale. */
  amount: string;
  paid: string | null;
  due: string;
  state: "paid" | "due" | "overdue" | "upcoming";
}

/** A split invoice's parts: when each is due, how much, and which are paid (docs/decisions/131). */
export function InstalmentSchedule({ parts }: { parts: InstalmentRow[] }) {
  const { t } = useTranslation("portal");
  return (
    <section aria-labelledby="instalments-heading" className="instalments">
      <h2 id="instalments-heading">{t("instalments.heading")}</h2>
      <table className="lines">
        <thead>
          <tr>
            <th scope="col">{t("instalments.columns.part")}</th>
            <th scope="col">{t("instalments.columns.due")}</th>
            <th scope="col" className="num">
              {t("instalments.columns.amount")}
            </th>
            <th scope="col">{t("instalments.columns.status")}</th>
          </tr>
        </thead>
        <tbody>
          {parts.map((part) => (
            <tr key={part.position} data-state={part.state}>
              <th scope="row" data-label={t("instalments.columns.part")}>
                {t("instalments.part", { position: part.position, count: parts.length })}
              </th>
              <td data-label={t("instalments.columns.due")}>{part.due}</td>
              <td data-label={t("instalments.columns.amount")} className="num">
                {part.amount}
              </td>
              <td data-label={t("instalments.columns.status")}>
                <span className={`badge badge-${part.state === "overdue" ? "overdue" : part.state === "paid" ? "paid" : "open"}`}>
                  {t(`instalments.state.${part.state}`)}
                </span>
                {part.paid ? <span className="description"> {t("instalments.paidOf", { paid: part.paid, amount: part.amount })}</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
