import { describe, expect, it } from 'vitest';
import { deployment, ref, service } from './fixtures';
import { pageOfRows } from '../paging';
import { applyServiceListQuery, parseServiceListQuery } from './service-list';

const rows = [
  { service: service({ name: 'web' }), state: { state: 'steady' as const, reason: '' } },
  {
    service: service({ name: 'api', running: 0 }),
    state: { state: 'degraded' as const, reason: '' },
  },
  { service: service({ name: 'worker' }), state: { state: 'failed' as const, reason: '' } },
];

describe('service list query', () => {
  it('parses the URL, falling back to defaults on anything unknown', () => {
    expect(parseServiceListQuery({})).toEqual({
      q: '',
      health: undefined,
      sort: 'name',
      dir: 'asc',
      page: 1,
    });
    expect(parseServiceListQuery({ q: 'we', health: 'bogus', sort: 'evil', dir: 'desc' })).toEqual({
      q: 'we',
      health: undefined,
      sort: 'name',
      dir: 'desc',
      page: 1,
    });
    expect(parseServiceListQuery({ health: 'failed', sort: 'health' })).toMatchObject({
      health: 'failed',
      sort: 'health',
    });
  });

  it('filters by text and state, and sorts', () => {
    const names = (query: Record<string, string>) =>
      applyServiceListQuery([...rows], parseServiceListQuery(query)).map((r) => r.service.name);
    expect(names({})).toEqual(['api', 'web', 'worker']);
    expect(names({ q: 'WOR' })).toEqual(['worker']);
    expect(names({ health: 'degraded' })).toEqual(['api']);
    expect(names({ sort: 'health' })).toEqual(['worker', 'api', 'web']);
    expect(names({ sort: 'name', dir: 'desc' })).toEqual(['worker', 'web', 'api']);
  });
});

describe('every sort key', () => {
  const steady = { state: 'steady' as const, reason: '' };
  const sortable = [
    {
      service: service({
        name: 'a',
        running: 1,
        desired: 3,
        taskDefinition: ref('web', 10),
        deployments: [deployment({ rolloutState: 'IN_PROGRESS' })],
      }),
      state: steady,
      lastEvent: { createdAt: 300 },
    },
    {
      service: service({
        name: 'b',
        running: 1,
        desired: 1,
        taskDefinition: ref('api', 7),
        deployments: [deployment({ rolloutState: 'COMPLETED' })],
      }),
      state: steady,
      lastEvent: { createdAt: 100 },
    },
    {
      service: service({
        name: 'c',
        running: 4,
        desired: 1,
        taskDefinition: ref('web', 2),
        deployments: [deployment({ rolloutState: 'FAILED' })],
      }),
      state: steady,
    },
  ];
  const names = (query: Record<string, string>) =>
    applyServiceListQuery([...sortable], parseServiceListQuery(query)).map((r) => r.service.name);

  it.each([
    // running - desired: a -2, b 0, c +3
    ['running', ['a', 'b', 'c']],
    ['rollout', ['b', 'c', 'a']],
    // "api:7" < "web:10" < "web:2" as text
    ['revision', ['b', 'a', 'c']],
    // no event sorts first (0)
    ['event', ['c', 'b', 'a']],
  ])('%s', (sort, expected) => {
    expect(names({ sort })).toEqual(expected);
    expect(names({ sort, dir: 'desc' })).toEqual([...expected].reverse());
  });

  it('sorts a service without deployments first by rollout, whatever the input order', () => {
    const none = { service: service({ name: 'z', deployments: [] }), state: steady };
    for (const input of [
      [...sortable, none],
      [none, ...sortable],
    ]) {
      const rows = applyServiceListQuery(input, parseServiceListQuery({ sort: 'rollout' }));
      expect(rows.map((r) => r.service.name)).toEqual(['z', 'b', 'c', 'a']);
    }
  });

  it('sorts by the shortfall (running − desired), not by size, whatever the input order', () => {
    const full = { service: service({ name: 'full', running: 1, desired: 1 }), state: steady };
    const short = { service: service({ name: 'short', running: 0, desired: 9 }), state: steady };
    for (const input of [
      [full, short],
      [short, full],
    ]) {
      const sorted = applyServiceListQuery(input, parseServiceListQuery({ sort: 'running' }));
      expect(sorted.map((r) => r.service.name)).toEqual(['short', 'full']);
    }
  });

  it('matches the task definition family too, trimmed and case-insensitively', () => {
    expect(names({ q: '  API ' })).toEqual(['b']);
  });

  it('keeps at most 200 characters of the text filter', () => {
    expect(parseServiceListQuery({ q: 'x'.repeat(300) }).q).toHaveLength(200);
    expect(parseServiceListQuery({ q: ['first', 'second'] }).q).toBe('first');
  });

  it('reads the page number, and anything that is not one as page 1', () => {
    const page = (value: string | string[]) => parseServiceListQuery({ page: value }).page;
    expect([page('3'), page('999999'), page(['2', '5'])]).toEqual([3, 999999, 2]);
    expect([page('0'), page('-2'), page('1.5'), page('02'), page('1e3'), page('1000000')]).toEqual([
      1, 1, 1, 1, 1, 1,
    ]);
  });

  it('pages 50 rows at a time, past the end reading as the last page', () => {
    const rows = Array.from({ length: 120 }, (_, i) => i + 1);
    const summary = (page: number) => {
      const { rows: shown, ...rest } = pageOfRows(rows, page);
      return { ...rest, shown: [shown[0], shown.at(-1), shown.length] };
    };
    expect(summary(1)).toEqual({ page: 1, pages: 3, first: 1, last: 50, shown: [1, 50, 50] });
    expect(summary(3)).toEqual({ page: 3, pages: 3, first: 101, last: 120, shown: [101, 120, 20] });
    expect(summary(9)).toEqual({ page: 3, pages: 3, first: 101, last: 120, shown: [101, 120, 20] });
    expect(pageOfRows([], 4)).toEqual({ rows: [], page: 1, pages: 1, first: 0, last: 0 });
    expect(pageOfRows(rows.slice(0, 50), 2)).toMatchObject({
      page: 1,
      pages: 1,
      first: 1,
      last: 50,
    });
  });
});
