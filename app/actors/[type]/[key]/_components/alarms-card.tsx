// Durable alarms still due for this actor (they survive deactivation and restarts).
import { Card } from '../../../../_components/card.tsx';
import { DataTable, numeric } from '../../../../_components/data-table.tsx';
import { formatJson } from '../../../../_lib/format.ts';
import type { TActorDetail } from '../../../../_lib/router-types.ts';

export function AlarmsCard({ alarms, now }: { alarms: TActorDetail['alarms']; now: number }) {
  return (
    <Card
      title="Pending alarms"
      headerExtra={<span className="badge">{alarms.length}</span>}
      testId="alarms-card"
    >
      {alarms.length === 0 ? (
        <p className="empty-inline" data-testid="alarms-empty">
          No pending alarms.
        </p>
      ) : (
        <DataTable columns={['action', 'args', 'due', numeric('attempts')]}>
          {alarms.map((alarm) => {
            const seconds = Math.round((alarm.dueAt - now) / 1000);
            return (
              <tr key={alarm.id} data-testid="alarm-row">
                <td className="mono">{alarm.action}</td>
                <td className="mono truncate">{formatJson(alarm.args)}</td>
                <td className="mono" title={new Date(alarm.dueAt).toLocaleString()}>
                  {seconds > 0 ? `in ${seconds}s` : 'due'}
                </td>
                <td className="mono num">{alarm.attempts}</td>
              </tr>
            );
          })}
        </DataTable>
      )}
    </Card>
  );
}
