/** Auto scaling on the service page, read from the sandbox: what it shows and what it costs. */
import { beforeAll, describe, expect, it } from 'vitest';
import type * as ServiceViews from '../views/service';
import { setupBerth } from './setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 50, cacheTtlMs: 60_000 });
const { harness } = berth;
let views: typeof ServiceViews;

beforeAll(async () => {
  views = await import('../views/service');
});

const scalingCalls = async () =>
  Object.fromEntries(
    Object.entries((await berth.stats()).calls).filter(([op]) =>
      op.startsWith('application-autoscaling:'),
    ),
  );

describe('auto scaling on the service page', () => {
  it('a managed service: its range, its policy, its activities; three calls, once per TTL', async () => {
    await berth.resetStats();
    const view = await views.getServiceView('cruddur', 'backend-flask');
    if (!view.ok || !view.data) throw new Error('no service view');
    expect(view.data.scaling).toEqual({
      ok: true,
      scaling: {
        min: 1,
        max: 4,
        suspended: [],
        policies: [
          {
            name: 'backend-flask-cpu70',
            type: 'TargetTrackingScaling',
            metric: 'ECSServiceAverageCPUUtilization',
            targetValue: 70,
            scaleOutCooldown: 60,
            scaleInCooldown: 300,
            disableScaleIn: false,
            alarms: [
              expect.stringMatching(/^TargetTracking-service\/cruddur\/backend-flask-AlarmHigh-/),
              expect.stringMatching(/^TargetTracking-service\/cruddur\/backend-flask-AlarmLow-/),
            ],
          },
        ],
        activities: [],
      },
    });
    expect(await scalingCalls()).toEqual({
      'application-autoscaling:DescribeScalableTargets': 1,
      'application-autoscaling:DescribeScalingPolicies': 1,
      'application-autoscaling:DescribeScalingActivities': 1,
    });
    // A second viewer within the TTL costs nothing.
    await views.getServiceView('cruddur', 'backend-flask');
    expect(Object.values(await scalingCalls())).toEqual([1, 1, 1]);
  });

  it('an unmanaged service: one call, and the page says the count stays where it is set', async () => {
    await berth.resetStats();
    const view = await views.getServiceView('cruddur', 'frontend-react-js');
    if (!view.ok || !view.data) throw new Error('no service view');
    expect(view.data.scaling).toEqual({ ok: true, scaling: null });
    expect(await scalingCalls()).toEqual({
      'application-autoscaling:DescribeScalableTargets': 1,
    });
  });

  it('without the permission the page still renders, and says what to grant', async () => {
    await harness.withFaults(
      {
        deny: ['application-autoscaling:DescribeScalableTargets'],
      },
      async () => {
        const view = await views.getServiceView('cruddur-staging', 'backend-flask');
        if (!view.ok || !view.data) throw new Error('no service view');
        expect(view.data.scaling).toEqual({
          ok: false,
          message:
            'AWS refused application-autoscaling:DescribeScalableTargets: the credentials Berth runs with need this IAM permission.',
        });
      },
    );
  });
});
