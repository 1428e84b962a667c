// Dashboard URLs of actors, actor types and pipelines, built in one place (ids and keys are client strings:
// always encoded).
import type { Route } from 'next';

export const actorHref = (type: string, key: string) =>
  `/actors/${encodeURIComponent(type)}/${encodeURIComponent(key)}` as Route;

export const pipelineHref = (id: string) => `/pipelines/${encodeURIComponent(id)}` as Route;

/** An actor type's deploy history. */
export const typeHref = (type: string) => `/types/${encodeURIComponent(type)}` as Route;

/** A dynamic route's params, decoded: segments arrive percent-encoded when a key holds reserved characters. */
export async function decodeParams<T extends Record<string, string>>(params: Promise<T>): Promise<T> {
  const raw = await params;
  return Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, decodeSegment(value)])) as T;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
