import { describe, expect, it } from 'vitest';
import { parseAuditQuery } from './audit-query';

describe('parseAuditQuery', () => {
  it('takes each filter, blank as any', () => {
    expect(
      parseAuditQuery({ who: 'dev@example.com', cluster: 'cruddur', action: 'redeploy' }),
    ).toEqual({
      ok: true,
      query: { who: 'dev@example.com', cluster: 'cruddur', action: 'redeploy' },
    });
    expect(parseAuditQuery({ who: ' ', cluster: '', action: undefined })).toEqual({
      ok: true,
      query: { who: undefined, cluster: undefined, action: undefined },
    });
    expect(parseAuditQuery({})).toEqual({ ok: true, query: {} });
    const longest = `${'a'.repeat(244)}@example.com`;
    expect(longest).toHaveLength(256);
    expect(parseAuditQuery({ who: longest })).toEqual({ ok: true, query: { who: longest } });
  });

  it.each([
    [{ who: 'a" || $.v = 1' }, 'Person is an email or id: letters, digits and . _ % + @ - only.'],
    [{ who: 'a\\b' }, 'Person is an email or id: letters, digits and . _ % + @ - only.'],
    [
      { cluster: 'cruddur prod' },
      'Cluster names are 1-255 letters, digits, hyphens and underscores.',
    ],
    [
      { action: 'delete-everything' },
      'Action is one of logs, redeploy, rollback, stop-rollout, scale, stop-task, deploy, deploy-image, register-task-definition, register-and-deploy, reveal-secret, container-insights, apply-exec.',
    ],
    [{ who: ['a', 'b'] }, 'Give each filter once.'],
    [{ who: 'a'.repeat(257) }, 'Person is at most 256 characters.'],
    [{ who: 'a'.repeat(5000) }, 'Person is at most 256 characters.'],
    [{ page: '2' }, 'Filter by who, cluster or action; page is not a filter.'],
  ] as [Record<string, string | string[]>, string][])('refuses %j', (params, message) => {
    expect(parseAuditQuery(params)).toEqual({ ok: false, message });
  });
});
