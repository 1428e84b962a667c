// The actor list's URL state: read back exactly as written, defaults left out, junk ignored.
import { describe, expect, it } from 'vitest';
import { actorListHref, listQueryString, NO_QUERY, readListQuery } from './actor-list-url.ts';

const read = (search: string) => readListQuery(new URLSearchParams(search));

describe('actor list URL', () => {
  it('round-trips every field, and leaves defaults out', () => {
    const query = {
      type: 'pipeline-op',
      status: 'active',
      label: 'team=a&b',
      key: 'sensor-demo/2/',
      sort: 'lastActive' as const,
      order: 'asc' as const,
      page: 3,
    };
    const search = listQueryString(query);
    expect(read(search)).toEqual(query);
    expect(listQueryString(NO_QUERY)).toBe('');
    expect(listQueryString({ ...NO_QUERY, sort: 'version', order: 'desc' })).toBe('?sort=version');
    expect(read('?sort=version')).toMatchObject({ sort: 'version', order: 'desc' });
  });

  it('falls back to defaults for values nobody can list by', () => {
    expect(read('?status=asleep&sort=__proto__&order=up&page=-2')).toEqual(NO_QUERY);
    expect(read('?page=2.5').page).toBe(1);
    expect(read('?page=99999999').page).toBe(1);
  });

  it('links to a filtered list', () => {
    expect(actorListHref({ type: 'pipeline-op', key: 'p/1/' })).toBe('/actors?type=pipeline-op&key=p%2F1%2F');
  });
});
