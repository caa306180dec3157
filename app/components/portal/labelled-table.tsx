import type { ReactNode } from "react";

/** A column of a portal table: its heading, whether it holds amounts (aligned right), and its cell in a row. */
export interface TableColumn<Row> {
  label: string;
  numeric?: boolean;
  cell: (row: Row) => ReactNode;
}

/**
 * The portal's tables, one home for their markup: a heading per column, a row per item whose
 * first cell heads the row, and on every cell its column's label, which narrow screens show
 * beside the value instead of the heading row (app.css, `data-label`).
 */
export function LabelledTable<Row>({
  className,
  caption,
  columns,
  rows,
  rowKey,
  rowAttributes,
}: {
  className: "lines" | "invoices";
  /** Read by screen readers only. */
  caption?: string;
  columns: TableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  rowAttributes?: (row: Row) => { className?: string; "data-state"?: string };
}) {
  const align = (column: TableColumn<Row>) => (column.numeric ? "num" : undefined);
  return (
    <table className={className}>
      {caption ? <caption className="visually-hidden">{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.label} scope="col" className={align(column)}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)} {...rowAttributes?.(row)}>
            {columns.map((column, index) =>
              index === 0 ? (
                <th key={column.label} scope="row" data-label={column.label} className={align(column)}>
                  {column.cell(row)}
                </th>
              ) : (
                <td key={column.label} data-label={column.label} className={align(column)}>
                  {column.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
