import { useTranslation } from "react-i18next";
import { HeadedSection } from "#app/components/portal/headed-section.tsx";
import { LabelledTable } from "#app/components/portal/labelled-table.tsx";

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
    <HeadedSection name="instalments" className="instalments" heading={t("instalments.heading")}>
      <LabelledTable
        className="lines"
        columns={[
          { label: t("instalments.columns.part"), cell: (part) => t("instalments.part", { position: part.position, count: parts.length }) },
          { label: t("instalments.columns.due"), cell: (part) => part.due },
          { label: t("instalments.columns.amount"), numeric: true, cell: (part) => part.amount },
          {
            label: t("instalments.columns.status"),
            cell: (part) => (
              <>
                <span className={`badge badge-${part.state === "overdue" ? "overdue" : part.state === "paid" ? "paid" : "open"}`}>
                  {t(`instalments.state.${part.state}`)}
                </span>
                {part.paid ? <span className="description"> {t("instalments.paidOf", { paid: part.paid, amount: part.amount })}</span> : null}
              </>
            ),
          },
        ]}
        rows={parts}
        rowKey={(part) => part.position}
        rowAttributes={(part) => ({ "data-state": part.state })}
      />
    </HeadedSection>
  );
}
