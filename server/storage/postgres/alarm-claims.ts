// Due alarms across nodes. Several nodes poll one alarm table; each alarm must fire on one of them at
// a time. A poll CLAIMS what it hands out: in one statement it picks due rows FOR UPDATE SKIP LOCKED
// and pushes their due_at forward by a lease, so the other nodes see them as not due. The claiming
// node remembers each claim (the original dueAt and attempts, and the due_at it wrote: its token):
// - it keeps handing its own claims back, with their original dueAt, until the turn that ran the
//   alarm deletes it or a failure reschedules it. The runtime (server/runtime/alarms.ts) already skips
//   alarms it is delivering, and peeks with dueAlarms(MAX_SAFE_INTEGER, n) to arm its timer: an
//   alarm claimed by a peek is delivered by the next poll instead of vanishing for a lease;
// - each poll renews its claims, compare-and-set on the token: a claim whose row was deleted,
//   rescheduled or (its lease lapsed) claimed by another node is dropped.
// A node that dies leaves its claims to lapse: the alarms fire elsewhere after the lease (at-least-once),
// due since the lease ended (the row's due_at held the lease; attempts are kept).
import type pg from 'pg';
import type { StoredAlarm } from '../../runtime/storage.ts';
import { ALARM_FIELDS } from './postgres-statements.ts';

interface Claim {
  alarm: StoredAlarm;
  /** The due_at this node wrote: the row is still its claim while due_at equals it. */
  token: number;
}

const byDue = (a: StoredAlarm, b: StoredAlarm) => a.dueAt - b.dueAt || a.id - b.id;

const CLAIM = {
  name: 'troupe_claim_alarms',
  text: `WITH due AS (
      SELECT id, due_at FROM alarm WHERE due_at <= $1 ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
    UPDATE alarm a SET due_at = $3 FROM due WHERE a.id = due.id
    RETURNING a.id, a.type, a.key, a.action, a.args, due.due_at AS "dueAt", a.attempts,
      a.created_at AS "createdAt", a.cron`,
};
const RENEW = {
  name: 'troupe_renew_alarm_claims',
  text: `UPDATE alarm a SET due_at = $1 FROM unnest($2::int[], $3::float8[]) AS mine(id, token)
    WHERE a.id = mine.id AND a.due_at = mine.token RETURNING a.id`,
};
// Not yet due by the wall clock but within the caller's `now` (the runtime's timer peek): read, not claimed.
const UPCOMING = {
  name: 'troupe_upcoming_alarms',
  text: `SELECT ${ALARM_FIELDS} FROM alarm WHERE due_at > $1 AND due_at <= $2 AND id <> ALL($3::int[])
    ORDER BY due_at, id LIMIT $4`,
};

export class AlarmClaims {
  private readonly mine = new Map<number, Claim>();
  /** Polls run one at a time: two renewals racing would each see the other's token as foreign. */
  private polling: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pool: pg.Pool,
    private readonly leaseMs: number,
    private readonly wallClock: () => number = Date.now,
  ) {}

  /** The due alarms (dueAt <= now) this node may fire, claimed; ordered by dueAt, then id. */
  due(now: number, limit: number): Promise<StoredAlarm[]> {
    const run = this.polling.then(() => this.poll(now, Math.max(0, Math.floor(limit))));
    this.polling = run.catch(() => undefined);
    return run;
  }

  /** The alarms were deleted (their turn committed) or rescheduled: no longer claims. */
  forget(ids: Iterable<number>): void {
    for (const id of ids) this.mine.delete(id);
  }

  forgetActor(type: string, key: string): void {
    for (const [id, claim] of this.mine)
      if (claim.alarm.type === type && claim.alarm.key === key) this.mine.delete(id);
  }

  /** A stored row as the contract shows it: a claim of this node keeps its original dueAt. */
  asStored(row: StoredAlarm): StoredAlarm {
    const claim = this.mine.get(row.id);
    return claim ? { ...row, dueAt: claim.alarm.dueAt } : row;
  }

  /** The earliest due time, given the table's earliest due_at (where this node's claims show their tokens). */
  earliest(tableMin: number | undefined): number | undefined {
    let next = tableMin;
    for (const { alarm } of this.mine.values())
      if (next === undefined || alarm.dueAt < next) next = alarm.dueAt;
    return next;
  }

  private async poll(now: number, limit: number): Promise<StoredAlarm[]> {
    if (limit === 0) return [];
    // The lease runs from the claim's moment: the caller's clock, but never past the wall clock
    // (a peek passes now = MAX_SAFE_INTEGER). Only rows due by then are claimed.
    const cutoff = Math.min(now, this.wallClock());
    const token = cutoff + this.leaseMs;
    await this.renew(token);
    const held = [...this.mine.values()].filter((c) => c.alarm.dueAt <= now).length;
    if (held < limit) await this.claim(cutoff, token, limit - held);
    const mine = [...this.mine.values()].map((c) => c.alarm).filter((a) => a.dueAt <= now);
    const upcoming = now > cutoff ? await this.upcoming(cutoff, now, limit) : [];
    return [...mine, ...upcoming]
      .sort(byDue)
      .slice(0, limit)
      .map((a) => ({ ...a }));
  }

  private async renew(token: number): Promise<void> {
    if (this.mine.size === 0) return;
    const claims = [...this.mine];
    const { rows } = await this.pool.query<{ id: number }>({
      ...RENEW,
      values: [token, claims.map(([id]) => id), claims.map(([, c]) => c.token)],
    });
    const renewed = new Set(rows.map((r) => r.id));
    for (const [id, claim] of claims) {
      if (renewed.has(id)) claim.token = token;
      else this.mine.delete(id); // deleted, rescheduled, or claimed by another node after our lease lapsed
    }
  }

  private async claim(cutoff: number, token: number, limit: number): Promise<void> {
    const { rows } = await this.pool.query<StoredAlarm>({ ...CLAIM, values: [cutoff, limit, token] });
    for (const alarm of rows) this.mine.set(alarm.id, { alarm, token });
  }

  private async upcoming(cutoff: number, now: number, limit: number): Promise<StoredAlarm[]> {
    const { rows } = await this.pool.query<StoredAlarm>({
      ...UPCOMING,
      values: [cutoff, now, [...this.mine.keys()], limit],
    });
    return rows;
  }
}
