// How the pipeline page words a history entry and an operator's autoscale target (pure, tested).
import { effectiveTargets } from '../../../../server/pipelines/autoscale-policy.ts';
import type { TOperatorSummary, TPipelineSummary } from '../../../_lib/router-types.ts';

type THistoryEntry = TPipelineSummary['history'][number];

export interface THistoryText {
  /** What happened, short: "created", "scaled ×1 → ×2". */
  event: string;
  /** Which operator and why, for a scale. */
  detail: string | null;
  /** 'manual' or 'auto' for a scale (the badge), else null. */
  by: 'manual' | 'auto' | null;
  tone: 'ok' | 'neutral';
}

export function describeHistoryEntry(
  entry: THistoryEntry,
  operators: readonly Pick<TOperatorSummary, 'index' | 'kind'>[],
): THistoryText {
  if (entry.kind !== 'scaled') {
    return { event: entry.kind, detail: null, by: null, tone: entry.kind === 'stopped' ? 'neutral' : 'ok' };
  }
  const kind = operators.find((op) => op.index === entry.operator)?.kind;
  const operator = kind ? `#${entry.operator} ${kind}` : `#${entry.operator}`;
  const manual = entry.reason === 'manual' || entry.reason.startsWith('manual ');
  return {
    event: `scaled ×${entry.from} → ×${entry.to}`,
    detail: manual ? operator : `${operator}: ${entry.reason}`,
    by: manual ? 'manual' : 'auto',
    tone: entry.to > entry.from ? 'ok' : 'neutral',
  };
}

/** "backlog > 100 / partition (default)", "p99 > 5 ms", or both; null for a fixed operator. */
export function describeTargets(autoscale: TOperatorSummary['autoscale']): string | null {
  if (!autoscale) return null;
  const targets = effectiveTargets(autoscale);
  const parts: string[] = [];
  const implicit = autoscale.targetBacklog === undefined && autoscale.targetP99Ms === undefined;
  if (targets.backlog !== undefined) {
    parts.push(`backlog > ${targets.backlog} / partition${implicit ? ' (default)' : ''}`);
  }
  if (targets.p99Ms !== undefined) parts.push(`p99 > ${targets.p99Ms} ms`);
  return parts.join(' or ');
}
