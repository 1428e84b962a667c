// The table every list here uses: a header row of column names (numeric ones right-aligned), the
// caller's rows, and optionally a scroll box around it.
import type { ReactNode } from 'react';

/**
 * A column name, or { label, numeric } for a right-aligned number column. An empty name (a column
 * of buttons) is announced as "Actions" to screen readers: a header cell must not be empty.
 */
export type TColumn = string | { label: string; numeric: true };

interface DataTableProps {
  columns: readonly TColumn[];
  /** Classes after `table`, e.g. `table-hover`. */
  className?: string;
  testId?: string;
  /** Classes after `table-scroll`; without it the table is not wrapped in a scroll box. */
  scroll?: true | string;
  /** The `<tr>` rows. */
  children: ReactNode;
}

export const numeric = (label: string): TColumn => ({ label, numeric: true });

export function DataTable({ columns, className, testId, scroll, children }: DataTableProps) {
  const table = (
    <table className={className ? `table ${className}` : 'table'} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((column) =>
            typeof column === 'string' ? (
              <th key={column}>{column || <span className="sr-only">Actions</span>}</th>
            ) : (
              <th key={column.label} className="num">
                {column.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
  if (!scroll) return table;
  return <div className={scroll === true ? 'table-scroll' : `table-scroll ${scroll}`}>{table}</div>;
}
