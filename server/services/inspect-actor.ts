import type { TActorAddress, TActorStatus } from '../api/schemas.ts';
import { ActorError } from '../runtime/errors.ts';
import type { Troupe } from '../troupe.ts';
import { actorTurnStats, statsFromJournal } from './actor-turn-stats.ts';
import { UnreadableParts } from './readable-values.ts';

const RECENT = 50;

/**
 * Everything the control plane knows about one actor: live status, state, lifecycle, journal, alarms.
 * A stored value the wire cannot carry comes back as null with its reason in `unreadable`.
 */
export async function inspectActor({ runtime, prisma }: Troupe, { type, key }: TActorAddress) {
  const definition = runtime.registry.require(type);
  // Pending lifecycle/journal rows are at most one tick old; flushing makes the read consistent.
  await runtime.flush();
  const live = runtime.describe(type, key);
  const row = await prisma.actorState.findUnique({ where: { type_key: { type, key } } });
  if (!live && !row) throw new ActorError('NOT_FOUND', `actor ${type}/${key} does not exist`);

  const where = { type, key };
  const [lifecycle, journal, alarms] = await Promise.all([
    prisma.lifecycleEvent.findMany({ where, orderBy: { id: 'desc' }, take: RECENT }),
    prisma.journalEntry.findMany({ where, orderBy: { id: 'desc' }, take: RECENT }),
    prisma.alarm.findMany({ where, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], take: RECENT }),
  ]);

  // Loaded in memory: its state there is newer than the stored row.
  const resident = live?.stateJson != null ? live : undefined;
  const status: TActorStatus = live?.status ?? 'inactive';
  const unreadable = new UnreadableParts();
  const idleTimeoutMs =
    resident?.idleTimeoutMs ?? configuredIdleTimeout(row?.config) ?? definition.idleTimeoutMs ?? 30_000;
  return {
    type,
    key,
    status,
    failure: live?.failure ?? row?.failure ?? null,
    state: unreadable.json(resident?.stateJson ?? row?.state, 'state'),
    version: resident?.version ?? row?.version ?? 0,
    labels: unreadable.labels(resident?.labels ?? row?.labels ?? {}),
    activations: resident?.activations ?? row?.activations ?? 0,
    lastActiveAt: resident?.lastActiveAt ?? row?.lastActiveAt ?? null,
    idleTimeoutMs,
    /** When an active, idle actor will be deactivated unless a message arrives. */
    idleDeadline: resident?.idleDeadline ?? null,
    mailboxDepth: live?.mailboxDepth ?? 0,
    lifecycle: lifecycle.map(({ id, event, reason, at }) => ({ id, event, reason, at })),
    journal: journal.map((e) => ({
      id: e.id,
      version: e.version,
      action: e.action,
      input: unreadable.json(e.input, `journal.${e.id}.input`),
      result: unreadable.json(e.result, `journal.${e.id}.result`),
      error: e.error,
      state: unreadable.json(e.state, `journal.${e.id}.state`),
      durationMs: e.durationMs,
      at: e.at,
    })),
    alarms: alarms.map((a) => ({
      id: a.id,
      action: a.action,
      args: unreadable.json(a.args, `alarms.${a.id}.args`),
      dueAt: a.dueAt,
      attempts: a.attempts,
      cron: a.cron,
    })),
    /** Turn rate and latency: counted while resident, else the latency of the journaled turns. */
    turnStats: actorTurnStats(runtime).of(type, key) ?? statsFromJournal(journal),
    unreadable: unreadable.reasons,
  };
}

/** The per-actor idle timeout of a stored config, if it holds a valid one (rows may be corrupt). */
function configuredIdleTimeout(config: string | undefined): number | undefined {
  try {
    const value: unknown = JSON.parse(config ?? '{}')?.idleTimeoutMs;
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
