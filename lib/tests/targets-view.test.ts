/** Load balancer target health on the service page, read from the sandbox. */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as ServiceViews from '../views/service';
import { setupBerth } from './setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 50, cacheTtlMs: 60_000 });
const { harness } = berth;
let views: typeof ServiceViews;

beforeAll(async () => {
  views = await import('../views/service');
});

const elbCalls = async () =>
  Object.fromEntries(
    Object.entries((await berth.stats()).calls).filter(([op]) =>
      op.startsWith('elasticloadbalancing:'),
    ),
  );

describe('target health on the service page', () => {
  it('names the group, its check and load balancer, and each target with its task', async () => {
    await berth.resetStats();
    const view = await views.getServiceView('cruddur', 'backend-flask');
    if (!view.ok || !view.data) throw new Error('no service view');
    const { targets, tasks, state } = view.data;
    if (!targets.ok) throw new Error(targets.message);
    expect(targets.groups).toHaveLength(1);
    const [group] = targets.groups;
    expect({ ...group, arn: undefined, loadBalancers: undefined }).toEqual({
      arn: undefined,
      name: 'cruddur-backend-flask-tg',
      containerName: 'backend-flask',
      containerPort: 4567,
      healthCheck: {
        protocol: 'HTTP',
        path: '/api/health-check',
        port: 'traffic-port',
        intervalSeconds: 30,
        timeoutSeconds: 5,
        healthyThreshold: 5,
        unhealthyThreshold: 2,
        matcher: '200',
      },
      loadBalancers: undefined,
      targets: [{ id: tasks[0]?.privateIp, port: 4567, state: 'healthy' }],
    });
    expect(group?.loadBalancers.map((lb) => lb.name)).toEqual(['cruddur-alb']);
    expect(group?.loadBalancers[0]?.dnsName).toMatch(
      /^cruddur-alb-\d+\.us-east-1\.elb\.amazonaws\.com$/,
    );
    expect(state.state).toBe('steady');
    expect(await elbCalls()).toEqual({
      'elasticloadbalancing:DescribeTargetGroups': 1,
      'elasticloadbalancing:DescribeTargetHealth': 1,
      'elasticloadbalancing:DescribeLoadBalancers': 1,
    });
  });

  it('costs nothing for a service without a load balancer', async () => {
    await berth.resetStats();
    const view = await views.getServiceView('cruddur-staging', 'notifications-worker');
    if (!view.ok || !view.data) throw new Error('no service view');
    expect(view.data.targets).toEqual({ ok: true, groups: [] });
    expect(await elbCalls()).toEqual({});
  });

  it('without the permission the page still renders, and says what to grant', async () => {
    await harness.withFaults(
      {
        deny: ['elasticloadbalancing:DescribeTargetGroups'],
      },
      async () => {
        const view = await views.getServiceView('cruddur', 'frontend-react-js');
        if (!view.ok || !view.data) throw new Error('no service view');
        expect(view.data.targets).toEqual({
          ok: false,
          message:
            'AWS refused elasticloadbalancing:DescribeTargetGroups: the credentials Berth runs with need this IAM permission.',
        });
      },
    );
  });
});
