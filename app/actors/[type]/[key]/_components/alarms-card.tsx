// Durable alarms still due for this actor (they survive deactivation and restarts): one-off alarms
// from `ctx.schedule` and the next run of each `ctx.schedule.cron` schedule, soonest first.
import { Card } from '../../../../_components/card.tsx';
import { DataTable, numeric } from '../../../../_components/data-table.tsx';
import { formatClock, formatIn, formatJson } from '../../../../_lib/format.ts';

export interface TPendingAlarm {
  id: number;
  action: string;
  args: unknown;
  dueAt: number;
  attempts: number;
  /** The 5-field UTC cron expression that keeps re-scheduling it; null (or absent) for a one-off alarm. */
  cron?: string | null;
}

export function AlarmsCard({ alarms, now }: { alarms: readonly TPendingAlarm[]; now: number }) {
  return (
    <Card
      title="Pending alarms"
      headerExtra={
        <span className="badge" data-testid="alarms-count">
          {alarms.length}
        </span>
      }
      testId="alarms-card"
    >
      {alarms.length === 0 ? (
        <p className="empty-inline" data-testid="alarms-empty">
          No pending alarms.
        </p>
      ) : (
        <DataTable columns={['action', 'args', 'schedule', 'due', numeric('attempts')]} scroll>
          {alarms.map((alarm) => (
            <tr key={alarm.id} data-testid="alarm-row" data-action={alarm.action}>
              <td className="mono">{alarm.action}</td>
              <td className="mono truncate" title={formatJson(alarm.args)} data-testid="alarm-args">
                {formatJson(alarm.args)}
              </td>
              <td className="nowrap" data-testid="alarm-schedule">
                {alarm.cron ? (
                  <span className="mono" title="cron, UTC">
                    <span className="badge">cron</span> {alarm.cron}
                  </span>
                ) : (
                  <span className="muted">once</span>
                )}
              </td>
              <td className="mono nowrap" title={new Date(alarm.dueAt).toISOString()} data-testid="alarm-due">
                {formatIn(alarm.dueAt, now)} <span className="muted">· {formatClock(alarm.dueAt)}</span>
              </td>
              <td
                className="mono num"
                data-testid="alarm-attempts"
                data-tone={alarm.attempts > 0 ? 'error' : undefined}
              >
                {alarm.attempts}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Card>
  );
}
