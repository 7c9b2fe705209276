import { describe, expect, it } from 'vitest';
import { compileInsightsQuery, runInsightsQuery, type InsightsRecord } from './insights-query.js';

const records: InsightsRecord[] = [
  {
    '@timestamp': 1,
    '@message': 'GET /api/activities/home 200',
    '@logStream': 'backend-flask/a',
    level: 'INFO',
    ms: 12,
  },
  {
    '@timestamp': 2,
    '@message': 'ERROR db timeout',
    '@logStream': 'backend-flask/a',
    level: 'ERROR',
    ms: 3000,
  },
  {
    '@timestamp': 3,
    '@message': 'POST /api/activities 500',
    '@logStream': 'xray/b',
    level: 'ERROR',
  },
  { '@timestamp': 4, '@message': 'GET /health 200', '@logStream': 'backend-flask/b', ms: 2 },
];

function run(query: string, limit?: number) {
  const compiled = compileInsightsQuery(query);
  if (!compiled.ok) throw new Error(compiled.error.message);
  const { rows, fields, matched } = runInsightsQuery(compiled.query, records, limit);
  return { times: rows.map((r) => r['@timestamp']), fields, matched };
}

describe('Logs Insights queries', () => {
  it('runs the query people use to find errors, newest first', () => {
    expect(
      run(
        'fields @timestamp, @message | filter @message like /ERROR|500/ | sort @timestamp desc | limit 1',
      ),
    ).toEqual({ times: [3], fields: ['@timestamp', '@message'], matched: 2 });
  });

  it('shows the default fields when the query names none', () => {
    expect(run('filter @message like "GET"')).toEqual({
      times: [1, 4],
      fields: ['@timestamp', '@message', '@logStream', '@log'],
      matched: 2,
    });
  });

  it('compares strings and numbers, combines with and/or/not and parentheses', () => {
    expect(run('filter level = "ERROR"').times).toEqual([2, 3]);
    expect(run('filter level != "ERROR"').times).toEqual([1]);
    expect(run('filter ms > 10').times).toEqual([1, 2]);
    expect(run('filter ms <= 12 and @logStream like "backend-flask/"').times).toEqual([1, 4]);
    expect(run('filter ms >= 3000 or level = "INFO"').times).toEqual([1, 2]);
    expect(run('filter not (level = "ERROR" or ms < 5)').times).toEqual([1]);
    expect(run('filter @message not like /GET/').times).toEqual([2, 3]);
    expect(run('filter ispresent(ms) and ms < 3000').times).toEqual([1, 4]);
    expect(run('filter @message like /get/i').times).toEqual([1, 4]);
  });

  it('sorts ascending by default with missing values last, and limits after sorting', () => {
    expect(run('sort ms').times).toEqual([4, 1, 2, 3]);
    expect(run('sort ms desc | limit 2').times).toEqual([2, 1]);
    expect(run('sort @timestamp desc', 3).times).toEqual([4, 3, 2]);
  });

  it('refuses what it does not run, with the position of the problem', () => {
    expect(compileInsightsQuery('fields @message | stats count(*) by bin(5m)')).toEqual({
      ok: false,
      error: {
        message:
          'unexpected command "stats": the sandbox runs fields, display, filter, sort, limit',
        start: 18,
        end: 23,
      },
    });
    expect(compileInsightsQuery('filter @message like').ok).toBe(false);
    expect(compileInsightsQuery('limit 0')).toEqual({
      ok: false,
      error: { message: 'limit must be a whole number from 1 to 10000', start: 6, end: 7 },
    });
    expect(compileInsightsQuery('filter @message like /(/')).toEqual({
      ok: false,
      error: { message: 'invalid regular expression /(/', start: 21, end: 24 },
    });
    expect(compileInsightsQuery('filter "x')).toEqual({
      ok: false,
      error: { message: 'unterminated string or regular expression', start: 0, end: 9 },
    });
    expect(compileInsightsQuery('filter level = "a" level').ok).toBe(false);
  });

  it('keeps | inside strings and regular expressions', () => {
    expect(run('filter @message like /GET|POST/ | limit 5').times).toEqual([1, 3, 4]);
  });
});
