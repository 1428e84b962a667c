// The latest sink outputs as a table: sensor, the event time the window covers, its count and each
// aggregate rounded for reading (the exact output is in the row's title).
import { CardHeader } from '../../../_components/card.tsx';
import { DataTable, numeric } from '../../../_components/data-table.tsx';
import { formatClock, formatJson, formatMs } from '../../../_lib/format.ts';
import { describeOutput, formatValue, type TOutputHistory } from '../../../_lib/pipeline-outputs.ts';

export function RecentOutputs({ recent }: { recent: TOutputHistory['recent'] }) {
  return (
    <div className="card card-flush section-gap">
      <CardHeader title="Latest outputs" className="card-pad-x" />
      <DataTable
        columns={[numeric('seq'), 'sensor', 'event time', numeric('count'), 'values']}
        testId="recent-outputs"
        scroll
      >
        {recent.map(({ seq, output }) => {
          const row = describeOutput(output);
          const extra = Object.keys(row.extra).length > 0 ? formatJson(row.extra) : null;
          return (
            <tr key={seq} title={JSON.stringify(output)} data-testid="recent-output">
              <td className="mono num">{seq}</td>
              <td className="mono">{row.sensor}</td>
              <td className="mono nowrap" data-testid="recent-output-time">
                {row.end === null ? '—' : formatClock(row.end)}
                {row.start !== null && row.end !== null && row.end > row.start && (
                  <span className="muted"> · {formatMs(row.end - row.start)} window</span>
                )}
              </td>
              <td className="mono num">{row.count ?? '—'}</td>
              <td className="mono" data-testid="recent-output-values">
                {row.values.map(([name, value]) => `${name} ${formatValue(value)}`).join(' · ')}
                {extra && <span className="muted"> {extra}</span>}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </div>
  );
}
