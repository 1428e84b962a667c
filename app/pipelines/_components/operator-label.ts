// One-line descriptions of operators: "filter value > 50", "reduce avg/5", "window max,min/3",
// "window max/1000ms slide 250ms of humidity".
import type { TOperatorSummary } from '../../_lib/router-types.ts';

type TOperatorLike = Pick<TOperatorSummary, 'kind' | 'config'>;

export function operatorLabel(op: TOperatorLike): string {
  // Filters only compare `value`: the short form drops the field name.
  const summary = configSummary(op).replace(/^value /, '');
  return `${op.kind} ${summary}`.trim();
}

export function configSummary({ kind, config }: TOperatorLike): string {
  const c = config as Record<string, unknown>;
  // The field read, when it is not the value field: "avg/5 of humidity".
  const of = c.field !== undefined && c.field !== 'value' ? ` of ${c.field}` : '';
  const timeout = c.timeoutMs !== undefined ? ` · timeout ${c.timeoutMs}ms` : '';
  const partial = c.emitPartial === true ? ' · partial' : '';
  switch (kind) {
    case 'map': {
      const parts: string[] = [];
      if (c.preset) parts.push(String(c.preset));
      if (c.scale !== undefined && c.scale !== 1) parts.push(`×${c.scale}`);
      if (c.offset !== undefined && c.offset !== 0)
        parts.push(`${Number(c.offset) >= 0 ? '+' : ''}${c.offset}`);
      if (c.round !== undefined) parts.push(`round ${c.round}`);
      const target = c.as !== undefined && c.as !== (c.field ?? 'value') ? ` → ${c.as}` : '';
      return `${parts.join(' ') || 'identity'}${of}${target}`;
    }
    case 'filter':
      return `${c.field ?? 'value'} ${c.op ?? '>'} ${c.threshold ?? 50}`;
    case 'reduce':
      return `${c.fn ?? 'avg'}/${c.windowSize ?? 5}${of}${timeout}${partial}`;
    case 'window': {
      const fns = Array.isArray(c.fns) ? c.fns.join(',') : 'max,min';
      return `${fns}/${windowShape(c)}${of}${timeout}${partial}`;
    }
    default:
      return '';
  }
}

/** count "3", tumbling "1000ms", sliding "1000ms slide 250ms", session "gap 500ms". */
function windowShape(c: Record<string, unknown>): string {
  if (c.gapMs !== undefined) return `gap ${c.gapMs}ms`;
  if (c.timeMs !== undefined)
    return c.slideMs !== undefined ? `${c.timeMs}ms slide ${c.slideMs}ms` : `${c.timeMs}ms`;
  return String(c.size);
}
