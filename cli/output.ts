// What the CLI prints: JSON (for scripts and pipes) or tables (for people at a terminal). Results
// go to stdout; progress and errors go to stderr, so `troupe ... --json | jq` always gets clean JSON.

export interface CliIO {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Whether stdout is a terminal: picks table output when neither --json nor --table is given. */
  isTTY: boolean;
}

export type OutputMode = 'json' | 'table';

/** What a command hands back: data for --json, and how to show it as text. */
export interface CommandResult {
  data: unknown;
  text?: () => string;
  /** Exit code when the command ran but the answer is a failure (e.g. health not ok). */
  exitCode?: number;
}

export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
}

export function printResult(io: CliIO, mode: OutputMode, result: CommandResult): void {
  if (mode === 'json' || !result.text) io.stdout.write(`${JSON.stringify(result.data, null, 2)}\n`);
  else io.stdout.write(`${result.text()}\n`);
}

/** A list answer: `data` for --json (the rows unless given), the rows as a table for people. */
export function tableResult<Row>(rows: Row[], columns: Column<Row>[], data: unknown = rows): CommandResult {
  return { data, text: () => formatTable(rows, columns) };
}

export function formatTable<Row>(rows: Row[], columns: Column<Row>[]): string {
  if (rows.length === 0) return '(none)';
  const cells = rows.map((row) => columns.map((column) => formatCell(column.value(row))));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => line[i]!.length)),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)].join('\n');
}

/** `name  value` lines for one object (details, single results). */
export function formatFields(fields: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(fields).map((k) => k.length));
  return Object.entries(fields)
    .map(([name, value]) => `${name.padEnd(width)}  ${formatCell(value)}`)
    .join('\n');
}

export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export const formatTime = (epochMs: number | null | undefined): string =>
  epochMs
    ? new Date(epochMs)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, 'Z')
    : '-';
