// One-line descriptions of operators: "filter value > 50", "reduce avg/5", "window max,min/3".
import type { TOperatorSummary } from '../../_lib/router-types.ts';

type TOperatorLike = Pick<TOperatorSummary, 'kind' | 'config'>;

export function operatorLabel(op: TOperatorLike): string {
  // Filters only compare `value`: the short form drops the field name.
  const summary = configSummary(op).replace(/^value /, '');
  return `${op.kind} ${summary}`.trim();
}

export function configSummary({ kind, config }: TOperatorLike): string {
  const c = config as Record<string, unknown>;
  switch (kind) {
    case 'map': {
      const parts: string[] = [];
      if (c.preset) parts.push(String(c.preset));
      if (c.scale !== undefined && c.scale !== 1) parts.push(`×${c.scale}`);
      if (c.offset !== undefined && c.offset !== 0)
        parts.push(`${Number(c.offset) >= 0 ? '+' : ''}${c.offset}`);
      if (c.round !== undefined) parts.push(`round ${c.round}`);
      return parts.join(' ') || 'identity';
    }
    case 'filter':
      return `${c.field ?? 'value'} ${c.op ?? '>'} ${c.threshold ?? 50}`;
    case 'reduce':
      return `${c.fn ?? 'avg'}/${c.windowSize ?? 5}`;
    case 'window': {
      const fns = Array.isArray(c.fns) ? c.fns.join(',') : 'max,min';
      return c.timeMs !== undefined ? `${fns}/${c.timeMs}ms` : `${fns}/${c.size}`;
    }
    default:
      return '';
  }
}
