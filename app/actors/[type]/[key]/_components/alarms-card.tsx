// Durable alarms still due for this actor (they survive deactivation and restarts).
import { formatJson } from '../../../../_lib/format.ts';
import type { TActorDetail } from '../../../../_lib/router-types.ts';

export function AlarmsCard({ alarms, now }: { alarms: TActorDetail['alarms']; now: number }) {
  return (
    <section className="card" aria-labelledby="alarms-title" data-testid="alarms-card">
      <header className="card-header">
        <h2 id="alarms-title">Pending alarms</h2>
        <span className="badge">{alarms.length}</span>
      </header>
      {alarms.length === 0 ? (
        <p className="empty-inline" data-testid="alarms-empty">
          No pending alarms.
        </p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>action</th>
              <th>args</th>
              <th>due</th>
              <th className="num">attempts</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      )}
    </section>
  );
}
