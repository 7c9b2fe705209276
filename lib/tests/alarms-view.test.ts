/** Alarms on the service page and the cluster table, read from the sandbox's CloudWatch. */
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../sandbox/tests/harness';
import type * as ClusterViews from '../views/cluster';
import type * as ServiceViews from '../views/service';
import { setupBerth } from './setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 300, cacheTtlMs: 100 });
const { harness } = berth;
let views: { service: typeof ServiceViews; cluster: typeof ClusterViews };

beforeAll(async () => {
  views = { service: await import('../views/service'), cluster: await import('../views/cluster') };
});

const backendRow = async () => {
  const view = await views.cluster.getClusterView('cruddur');
  if (!view.ok || !view.data) throw new Error('no cluster view');
  return view.data.services.find((row) => row.service.name === 'backend-flask');
};

describe('alarms', () => {
  it('lists the alarms on the service, target tracking as signals, none raised while OK', async () => {
    const view = await views.service.getServiceView('cruddur', 'backend-flask');
    if (!view.ok || !view.data || !view.data.alarms.ok) throw new Error('no alarms');
    expect(
      view.data.alarms.alarms.map((a) => [a.name.replace(/-[0-9a-f-]{36}$/, ''), a.scalingSignal]),
    ).toEqual([
      ['TargetTracking-service/cruddur/backend-flask-AlarmHigh', true],
      ['TargetTracking-service/cruddur/backend-flask-AlarmLow', true],
      ['cruddur-backend-flask-5xx', false],
    ]);
    const fiveXx = view.data.alarms.alarms.find((a) => a.name === 'cruddur-backend-flask-5xx');
    expect(fiveXx?.condition).toBe('HTTPCode_Target_5XX_Count Sum > 5 for 1 of 1 × 60 s');
    expect((await backendRow())?.alarms).toEqual([]);
    // Another service of the cluster has none of them.
    const frontend = await views.service.getServiceView('cruddur', 'frontend-react-js');
    if (!frontend.ok || !frontend.data) throw new Error('no frontend view');
    expect(frontend.data.alarms).toEqual({ ok: true, alarms: [] });
  });

  it('raises the 5xx alarm on the cluster row once it fires', async () => {
    await harness.replaceTasks('cruddur', 'backend-flask', 'backend-flask', 'unhealthy');
    const row = await eventually('the alarm on the row', async () => {
      const found = await backendRow();
      return found?.alarms.length ? found : undefined;
    });
    expect(row.alarms.map((a) => [a.name, a.state])).toEqual([
      ['cruddur-backend-flask-5xx', 'ALARM'],
    ]);
    expect(row.alarms[0]?.reason).toMatch(/^Threshold Crossed: 1 out of the last 1 datapoints/);
  });
});
