/**
 * The Service Connect namespace in one form: ECS gives the cluster default as a Cloud Map ARN
 * and a service's own as it was created (here a name); every page shows the name.
 */
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Namespaces from '../aws/namespaces';
import type * as ClusterViews from '../views/cluster';
import type * as OverviewViews from '../views/overview';
import type * as ServiceViews from '../views/service';
import { setupBerth } from './setup-berth';

const berth = setupBerth({ seed: 'cruddur', speed: 50 });
const { harness } = berth;
let namespaces: typeof Namespaces;
let views: {
  overview: typeof OverviewViews;
  cluster: typeof ClusterViews;
  service: typeof ServiceViews;
};
let cruddurArn: string;

beforeAll(async () => {
  namespaces = await import('../aws/namespaces');
  views = {
    overview: await import('../views/overview'),
    cluster: await import('../views/cluster'),
    service: await import('../views/service'),
  };
  const { clusters } = await harness.ecs.send(
    new DescribeClustersCommand({ clusters: ['cruddur'] }),
  );
  cruddurArn = clusters?.[0]?.serviceConnectDefaults?.namespace ?? '';
});

afterEach(async () => {
  await harness.admin('DELETE', '/_sandbox/faults');
});

const getNamespaceCalls = async () =>
  (await berth.stats()).calls['servicediscovery:GetNamespace'] ?? 0;

describe('Service Connect namespace names', () => {
  it('the cluster default reads by name on the overview, the cluster page and the service page, for one GetNamespace', async () => {
    await berth.resetStats();
    const id = cruddurArn.slice(cruddurArn.lastIndexOf('/') + 1);
    const expected = { name: 'cruddur', id, arn: cruddurArn };

    const overview = await views.overview.getOverview();
    if (!overview.ok) throw new Error(overview.failure.message);
    const byName = new Map(overview.data.map((row) => [row.cluster.name, row.namespace]));
    expect(byName.get('cruddur')).toEqual(expected);
    expect(byName.get('cruddur-staging')).toBeUndefined();

    const cluster = await views.cluster.getClusterView('cruddur');
    expect(cluster.ok && cluster.data?.namespace).toEqual(expected);

    // backend-flask was created with the namespace's name: shown as given, no lookup.
    const service = await views.service.getServiceView('cruddur', 'backend-flask');
    expect(service.ok && service.data?.serviceConnectNamespace).toEqual({ name: 'cruddur' });
    // A name never changes: the three pages cost one GetNamespace between them.
    expect(await getNamespaceCalls()).toBe(1);
  });

  it('a name is shown as given; an ARN Cloud Map does not know keeps its id, with why', async () => {
    await berth.resetStats();
    expect(await namespaces.resolveNamespace('cruddur')).toEqual({ name: 'cruddur' });
    const foreign = 'arn:aws:servicediscovery:us-east-1:210987654321:namespace/ns-0000000000000000';
    expect(await namespaces.resolveNamespace(foreign)).toEqual({
      id: 'ns-0000000000000000',
      arn: foreign,
      unresolved: `Namespace not found: ${foreign}`,
    });
    expect(await getNamespaceCalls()).toBe(1);
  });

  it('without servicediscovery:GetNamespace the id stands in and says which permission is missing; the refusal is not remembered', async () => {
    const { cluster } = await harness.ecs.send(
      new CreateClusterCommand({
        clusterName: 'payments',
        serviceConnectDefaults: { namespace: 'payments.internal' },
      }),
    );
    const arn = cluster?.serviceConnectDefaults?.namespace ?? '';
    const id = arn.slice(arn.lastIndexOf('/') + 1);
    await harness.admin('PUT', '/_sandbox/faults', { deny: ['servicediscovery:GetNamespace'] });
    expect(await namespaces.resolveNamespace(arn)).toEqual({
      id,
      arn,
      unresolved:
        'AWS refused servicediscovery:GetNamespace: the credentials Berth runs with need this IAM permission.',
    });
    await harness.admin('DELETE', '/_sandbox/faults');
    expect(await namespaces.resolveNamespace(arn)).toEqual({ name: 'payments.internal', id, arn });
  });
});
