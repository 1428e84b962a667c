// The actor list's state as URL search params, so a reload, a shared link and back/forward show the
// same filters, order and page: `/actors?type=counter&status=active&sort=lastActive&page=2`.
// Values from the URL are whatever someone typed: anything unknown falls back to the default.
import type { Route } from 'next';
import { ACTOR_SORTS, ACTOR_STATUSES, type TActorSort } from '../../server/api/schemas.ts';

export type TSortOrder = 'asc' | 'desc';

export interface TActorListQuery {
  type: string;
  /** '' for any status. */
  status: string;
  /** `name=value`, or '' */
  label: string;
  /** Key prefix, or '' */
  key: string;
  sort: TActorSort;
  order: TSortOrder;
  /** 1-based. */
  page: number;
}

/** Names first A→Z; the figures (last active, version, activations) biggest or newest first. */
export const defaultOrder = (sort: TActorSort): TSortOrder => (sort === 'name' ? 'asc' : 'desc');

export const NO_QUERY: TActorListQuery = {
  type: '',
  status: '',
  label: '',
  key: '',
  sort: 'name',
  order: 'asc',
  page: 1,
};

const MAX_PAGE = 100_000;

export function readListQuery(params: Pick<URLSearchParams, 'get'>): TActorListQuery {
  const text = (name: string, max: number) => (params.get(name) ?? '').slice(0, max);
  const status = text('status', 20);
  const sortParam = text('sort', 20);
  const sort = (ACTOR_SORTS as readonly string[]).includes(sortParam) ? (sortParam as TActorSort) : 'name';
  const orderParam = params.get('order');
  const order = orderParam === 'asc' || orderParam === 'desc' ? orderParam : defaultOrder(sort);
  const page = Number(params.get('page'));
  return {
    type: text('type', 63),
    status: (ACTOR_STATUSES as readonly string[]).includes(status) ? status : '',
    label: text('label', 600),
    key: text('key', 256),
    sort,
    order,
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  };
}

/** The search string for a list state ('' for the defaults); defaults are left out. */
export function listQueryString(query: TActorListQuery): string {
  const params = new URLSearchParams();
  if (query.type) params.set('type', query.type);
  if (query.status) params.set('status', query.status);
  if (query.label) params.set('label', query.label);
  if (query.key) params.set('key', query.key);
  if (query.sort !== 'name') params.set('sort', query.sort);
  if (query.order !== defaultOrder(query.sort)) params.set('order', query.order);
  if (query.page > 1) params.set('page', String(query.page));
  const search = params.toString();
  return search ? `?${search}` : '';
}

/** The actor list with these filters, e.g. a pipeline operator's partitions. */
export const actorListHref = (query: Partial<TActorListQuery>) =>
  `/actors${listQueryString({ ...NO_QUERY, ...query })}` as Route;
