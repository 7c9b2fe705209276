/**
 * The read cache's keys and the scopes a change clears. A scope must reach every read of its
 * cluster (or family, or audit) and nothing else: a prefix that is one part short clears a
 * neighbour; one that is missing leaves a stale page after a change Berth made.
 */
import { describe, expect, it } from 'vitest';
import { auditScope, clusterScope, familyScope, KEYS } from './cache-keys';

const clears = (scope: string[], key: string) => scope.some((prefix) => key.startsWith(prefix));

describe('KEYS', () => {
  it('builds each key from its parts, every part closed by a colon', () => {
    expect(KEYS.clusters()).toBe('ecs:clusters:');
    expect(KEYS.cluster('cruddur')).toBe('ecs:cluster:cruddur:');
    expect(KEYS.services('cruddur')).toBe('ecs:services:cruddur:');
    expect(KEYS.service('cruddur', 'backend-flask')).toBe('ecs:service:cruddur:backend-flask:');
    expect(KEYS.tasks('cruddur', 'backend-flask', 'RUNNING')).toBe(
      'ecs:tasks:cruddur:backend-flask:RUNNING:',
    );
    expect(KEYS.tasks('cruddur', undefined, 'STOPPED')).toBe('ecs:tasks:cruddur:*:STOPPED:');
    expect(KEYS.task('cruddur', 'abc123')).toBe('ecs:task:cruddur:abc123:');
    expect(KEYS.taskDefinition('backend-flask:7')).toBe('ecs:task-definition:backend-flask:7:');
    expect(KEYS.revisions('backend-flask', 'ACTIVE', 50)).toBe(
      'ecs:revisions:backend-flask:ACTIVE:50:',
    );
    expect(KEYS.families()).toBe('ecs:families:');
    expect(KEYS.history('cruddur', 'backend-flask', 'recent')).toBe(
      'ecs:history:cruddur:backend-flask:recent:',
    );
    expect(KEYS.repositories()).toBe('ecr:repositories:');
    expect(KEYS.images('backend-flask')).toBe('ecr:images:backend-flask:');
    expect(KEYS.audit('cruddur', 'backend-flask')).toBe('audit:cruddur:backend-flask:');
    expect(KEYS.auditAll('*', 'cruddur', '*')).toBe('audit-all:*:cruddur:*:');
    expect(KEYS.logGroup('/cruddur/fargate-cluster')).toBe('logs:group:/cruddur/fargate-cluster:');
    expect(KEYS.lastLines('g', 's/1', 1700, 20)).toBe('logs:last:g:s/1:1700:20:');
    expect(KEYS.namespace('arn:aws:servicediscovery:us-east-1:1:namespace/ns-1')).toBe(
      'servicediscovery:namespace:arn:aws:servicediscovery:us-east-1:1:namespace/ns-1:',
    );
    expect(KEYS.scaling('cruddur', 'web')).toBe('aas:scaling:cruddur:web:');
    expect(KEYS.alarms()).toBe('cw:alarms:');
    expect(KEYS.metrics('cruddur', 'web', '1h', 1700, 'tg')).toBe(
      'cw:metrics:cruddur:web:1h:1700:tg:',
    );
    expect(KEYS.scanFindings('web', 'sha256:ab')).toBe('ecr:scan-findings:web:sha256:ab:');
    expect(KEYS.taskMetrics('cruddur', 'abc', 1700)).toBe('cw:task-metrics:cruddur:abc:1700:');
    expect(KEYS.targets('cruddur', 'web', 'tg1,tg2')).toBe('elb:targets:cruddur:web:tg1,tg2:');
  });

  it("encodes an Insights query, so its colons cannot shift the key's parts", () => {
    expect(KEYS.insights('g1,g2', 'fields @message | filter a:b', 10, 20)).toBe(
      'logs:insights:g1,g2:fields%20%40message%20%7C%20filter%20a%3Ab:10:20:',
    );
  });
});

describe('clusterScope', () => {
  const scope = clusterScope('cruddur');

  it('is every read of the cluster, in this order', () => {
    expect(scope).toEqual([
      'ecs:clusters:',
      'ecs:cluster:cruddur:',
      'ecs:services:cruddur:',
      'ecs:service:cruddur:',
      'ecs:tasks:cruddur:',
      'ecs:history:cruddur:',
      'aas:scaling:cruddur:',
      'elb:targets:cruddur:',
    ]);
  });

  it("reaches the cluster's own reads and no other cluster's, even one whose name starts the same", () => {
    for (const key of [
      KEYS.clusters(),
      KEYS.cluster('cruddur'),
      KEYS.services('cruddur'),
      KEYS.service('cruddur', 'web'),
      KEYS.tasks('cruddur', undefined, 'RUNNING'),
      KEYS.tasks('cruddur', 'web', 'STOPPED'),
      KEYS.history('cruddur', 'web'),
      KEYS.scaling('cruddur', 'web'),
      KEYS.targets('cruddur', 'web', 'tg'),
    ])
      expect(clears(scope, key), key).toBe(true);
    for (const key of [
      KEYS.cluster('cruddur-staging'),
      KEYS.services('cruddur-staging'),
      KEYS.service('cruddur-staging', 'web'),
      KEYS.tasks('cruddur-staging', 'web', 'RUNNING'),
      KEYS.history('cruddur-staging', 'web'),
      KEYS.scaling('cruddur-staging', 'web'),
      KEYS.targets('cruddur-staging', 'web', 'tg'),
      KEYS.families(),
      KEYS.taskDefinition('web:1'),
      KEYS.alarms(),
    ])
      expect(clears(scope, key), key).toBe(false);
  });
});

describe('familyScope', () => {
  it("clears the family's revision lists and the family list, not another family's", () => {
    const scope = familyScope('web');
    expect(scope).toEqual(['ecs:revisions:web:', 'ecs:families:']);
    expect(clears(scope, KEYS.revisions('web', 'ACTIVE'))).toBe(true);
    expect(clears(scope, KEYS.revisions('web-worker', 'ACTIVE'))).toBe(false);
    // A registered revision is new; the ones already cached are immutable and stay.
    expect(clears(scope, KEYS.taskDefinition('web:3'))).toBe(false);
  });
});

describe('auditScope', () => {
  it("clears the cluster's audit reads and every /audit query, not another cluster's", () => {
    const scope = auditScope('cruddur');
    expect(scope).toEqual(['audit:cruddur:', 'audit-all:']);
    expect(clears(scope, KEYS.audit('cruddur', 'web'))).toBe(true);
    expect(clears(scope, KEYS.auditAll('*', 'prod', '*'))).toBe(true);
    expect(clears(scope, KEYS.audit('cruddur-staging', 'web'))).toBe(false);
  });
});
