import { describe, expect, it } from 'vitest';
import { service } from './fixtures';
import { applyServiceListQuery, parseServiceListQuery } from './service-list';

const rows = [
  { service: service({ name: 'web' }), health: { level: 'healthy' as const, reason: '' } },
  {
    service: service({ name: 'api', running: 0 }),
    health: { level: 'degraded' as const, reason: '' },
  },
  { service: service({ name: 'worker' }), health: { level: 'failed' as const, reason: '' } },
];

describe('service list query', () => {
  it('parses the URL, falling back to defaults on anything unknown', () => {
    expect(parseServiceListQuery({})).toEqual({
      q: '',
      health: undefined,
      sort: 'name',
      dir: 'asc',
    });
    expect(parseServiceListQuery({ q: 'we', health: 'bogus', sort: 'evil', dir: 'desc' })).toEqual({
      q: 'we',
      health: undefined,
      sort: 'name',
      dir: 'desc',
    });
    expect(parseServiceListQuery({ health: 'failed', sort: 'health' })).toMatchObject({
      health: 'failed',
      sort: 'health',
    });
  });

  it('filters by text and health, and sorts', () => {
    const names = (query: Record<string, string>) =>
      applyServiceListQuery([...rows], parseServiceListQuery(query)).map((r) => r.service.name);
    expect(names({})).toEqual(['api', 'web', 'worker']);
    expect(names({ q: 'WOR' })).toEqual(['worker']);
    expect(names({ health: 'degraded' })).toEqual(['api']);
    expect(names({ sort: 'health' })).toEqual(['worker', 'api', 'web']);
    expect(names({ sort: 'name', dir: 'desc' })).toEqual(['worker', 'web', 'api']);
  });
});
