import type { TActorAddress, TActorStatus } from '../api/schemas.ts';
import { ActorError } from '../runtime/errors.ts';
import type { Troupe } from '../troupe.ts';

const RECENT = 50;

/** Everything the control plane knows about one actor: live status, state, lifecycle, journal, alarms. */
export async function inspectActor({ runtime, prisma }: Troupe, { type, key }: TActorAddress) {
  const definition = runtime.registry.require(type);
  // Pending lifecycle/journal rows are at most one tick old; flushing makes the read consistent.
  await runtime.batcher.flush();
  const activation = runtime.catalog.lookup(type, key);
  const row = await prisma.actorState.findUnique({ where: { type_key: { type, key } } });
  if (!activation && !row) throw new ActorError('NOT_FOUND', `actor ${type}/${key} does not exist`);

  const where = { type, key };
  const [lifecycle, journal, alarms] = await Promise.all([
    prisma.lifecycleEvent.findMany({ where, orderBy: { id: 'desc' }, take: RECENT }),
    prisma.journalEntry.findMany({ where, orderBy: { id: 'desc' }, take: RECENT }),
    prisma.alarm.findMany({ where, orderBy: [{ dueAt: 'asc' }, { id: 'asc' }], take: RECENT }),
  ]);

  const resident = activation && activation.status !== 'failed' ? activation : undefined;
  const status: TActorStatus =
    activation?.status === 'inactive' ? 'inactive' : (activation?.status ?? 'inactive');
  const idleTimeoutMs =
    resident?.idleTimeoutMs ??
    parseJson<{ idleTimeoutMs?: number }>(row?.config, {}).idleTimeoutMs ??
    definition.idleTimeoutMs ??
    30_000;
  return {
    type,
    key,
    status,
    failure: activation?.failure?.message ?? row?.failure ?? null,
    state: resident ? parseJson(resident.stateJson, null) : parseJson(row?.state, null),
    version: resident?.version ?? row?.version ?? 0,
    labels: resident?.labels ?? parseJson<Record<string, string>>(row?.labels, {}),
    activations: resident?.activations ?? row?.activations ?? 0,
    lastActiveAt: resident?.lastActiveAt ?? row?.lastActiveAt ?? null,
    idleTimeoutMs,
    /** When an active, idle actor will be deactivated unless a message arrives. */
    idleDeadline: resident?.status === 'active' ? resident.lastActiveAt + idleTimeoutMs : null,
    mailboxDepth: activation?.mailbox.size ?? 0,
    lifecycle: lifecycle.map(({ id, event, reason, at }) => ({ id, event, reason, at })),
    journal: journal.map((e) => ({
      id: e.id,
      version: e.version,
      action: e.action,
      input: parseJson(e.input, null),
      result: parseJson(e.result, null),
      error: e.error,
      state: parseJson(e.state, null),
      durationMs: e.durationMs,
      at: e.at,
    })),
    alarms: alarms.map((a) => ({
      id: a.id,
      action: a.action,
      args: parseJson(a.args, null),
      dueAt: a.dueAt,
      attempts: a.attempts,
    })),
  };
}

function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
