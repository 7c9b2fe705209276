/**
 * /api/changes against the sandbox: an unchanged page answers the same token (a few dozen
 * bytes, and no AWS call while the reads are cached), the token is the one the page draws
 * with, and it moves when what the page shows changes.
 */
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { beforeAll, describe, expect, it } from 'vitest';
import type * as Route from '../../app/api/changes/route';
import type * as Token from '../views/change-token';
import type * as Cluster from '../views/cluster';
import { setupBerth } from './setup-berth';

const TTL = 400;
const berth = setupBerth({ seed: 'cruddur', speed: 20, cacheTtlMs: TTL });
let GET: typeof Route.GET;
let changeToken: typeof Token.changeToken;
let getClusterView: typeof Cluster.getClusterView;

beforeAll(async () => {
  ({ GET } = await import('../../app/api/changes/route'));
  ({ changeToken } = await import('../views/change-token'));
  ({ getClusterView } = await import('../views/cluster'));
});

async function ask(query: string) {
  const response = await GET(new Request(`http://berth.test/api/changes?${query}`));
  const text = await response.text();
  return {
    status: response.status,
    body: JSON.parse(text) as Record<string, string>,
    bytes: text.length,
  };
}

const CLUSTER = 'view=cluster&cluster=cruddur';

describe('/api/changes', () => {
  it('answers the token the page drew with, the same while nothing changes, in a few bytes', async () => {
    const first = await ask(CLUSTER);
    expect(first.status).toBe(200);
    expect(first.body.token).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(first.bytes).toBe(28);
    expect(changeToken(await getClusterView('cruddur'))).toBe(first.body.token);
    await berth.resetStats();
    expect((await ask(CLUSTER)).body.token).toBe(first.body.token);
    expect((await berth.stats()).total).toBe(0);
  });

  it('moves when what the page shows changes', async () => {
    const before = (await ask(CLUSTER)).body.token;
    await berth.harness.ecs.send(
      new UpdateServiceCommand({
        cluster: 'cruddur',
        service: 'frontend-react-js',
        desiredCount: 2,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, TTL + 50));
    const after = (await ask(CLUSTER)).body.token;
    expect(after).not.toBe(before);
    expect(after).toBe(changeToken(await getClusterView('cruddur')));
  });

  it('tells every page apart and refuses what it does not know', async () => {
    const tokens = await Promise.all(
      [
        'view=overview',
        CLUSTER,
        'view=service&cluster=cruddur&service=backend-flask',
        'view=history&cluster=cruddur&service=backend-flask',
      ].map(async (query) => (await ask(query)).body.token),
    );
    expect(new Set(tokens).size).toBe(4);
    expect(
      await ask('view=task&cluster=cruddur&task=0123456789abcdef0123456789abcdef'),
    ).toMatchObject({ status: 200 });
    expect(await ask('view=cluster')).toEqual({
      status: 400,
      body: { error: 'Cluster is required.' },
      bytes: 32,
    });
    expect((await ask('view=metrics')).body.error).toBe(
      'view is one of overview, cluster, service, history, task.',
    );
    expect((await ask('view=cluster&cluster=cruddur&cluster=x')).body.error).toBe(
      'Each query parameter may be given once.',
    );
    expect((await ask('view=cluster&cluster=cruddur&extra=1')).body.error).toBe(
      'Unrecognized key: "extra"',
    );
    expect((await ask('view=task&cluster=cruddur&task=../x')).body.error).toBe('Not a task id.');
  });

  it('is computed once per view: the cluster view is the same object while its reads are', async () => {
    await new Promise((resolve) => setTimeout(resolve, TTL + 50));
    const first = await getClusterView('cruddur');
    const again = await getClusterView('cruddur');
    if (!first.ok || !again.ok) throw new Error('the cluster view failed');
    expect(again.data).toBe(first.data);
    // The kept token is the one a fresh hash of the same content gives...
    const copy = { ...again, data: structuredClone(again.data) };
    expect(changeToken(again)).toBe(changeToken(copy));
    // ...and staleness still moves it, however the data is shared.
    const stale = {
      ...again,
      stale: { kind: 'throttled' as const, message: 'AWS is throttling.', action: 'ecs:ListTasks' },
    };
    expect(changeToken(stale)).not.toBe(changeToken(again));
    expect(changeToken(stale)).toBe(changeToken({ ...stale, data: structuredClone(again.data) }));
    // Past the cache period the reads are new objects, and so is the view.
    await new Promise((resolve) => setTimeout(resolve, TTL + 50));
    const later = await getClusterView('cruddur');
    expect(later.ok && later.data).not.toBe(first.data);
  });
});
