/** Cloud Map's GetNamespace: the namespace a cluster's Service Connect defaults created. */
import { CreateClusterCommand, DescribeClustersCommand } from '@aws-sdk/client-ecs';
import {
  GetNamespaceCommand,
  InvalidInput,
  NamespaceNotFound,
  ServiceDiscoveryClient,
} from '@aws-sdk/client-servicediscovery';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur' });
let cloudMap: ServiceDiscoveryClient;

beforeAll(() => {
  cloudMap = new ServiceDiscoveryClient({
    endpoint: h.sandbox.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
});
afterAll(() => cloudMap.destroy());

async function defaultNamespaceOf(cluster: string) {
  const { clusters } = await h.ecs.send(new DescribeClustersCommand({ clusters: [cluster] }));
  const arn = clusters?.[0]?.serviceConnectDefaults?.namespace;
  if (!arn) throw new Error(`${cluster} has no Service Connect defaults`);
  return arn;
}

describe('GetNamespace', () => {
  it('names the namespace CreateCluster made for the Cruddur defaults, by id and by ARN', async () => {
    const arn = await defaultNamespaceOf('cruddur');
    const id = arn.slice(arn.lastIndexOf('/') + 1);
    expect(id).toMatch(/^ns-[0-9a-z]{16}$/);
    const byId = await cloudMap.send(new GetNamespaceCommand({ Id: id }));
    expect(byId.Namespace).toMatchObject({
      Id: id,
      Arn: arn,
      Name: 'cruddur',
      Type: 'HTTP',
      Properties: { HttpProperties: { HttpName: 'cruddur' } },
      ResourceOwner: '123456789012',
    });
    expect(byId.Namespace?.CreateDate).toBeInstanceOf(Date);
    const byArn = await cloudMap.send(new GetNamespaceCommand({ Id: arn }));
    expect(byArn.Namespace?.Name).toBe('cruddur');
  });

  it('one name is one namespace: a second cluster with the same defaults shares it', async () => {
    await h.ecs.send(
      new CreateClusterCommand({
        clusterName: 'cruddur-preview',
        serviceConnectDefaults: { namespace: 'cruddur' },
      }),
    );
    expect(await defaultNamespaceOf('cruddur-preview')).toBe(await defaultNamespaceOf('cruddur'));
    await h.ecs.send(
      new CreateClusterCommand({
        clusterName: 'other',
        serviceConnectDefaults: { namespace: 'other.local' },
      }),
    );
    const other = await defaultNamespaceOf('other');
    expect(other).not.toBe(await defaultNamespaceOf('cruddur'));
    const { Namespace } = await cloudMap.send(new GetNamespaceCommand({ Id: other }));
    expect(Namespace?.Name).toBe('other.local');
  });

  it('refuses an unknown id, a foreign ARN with a known id, and a missing id', async () => {
    await expect(
      cloudMap.send(new GetNamespaceCommand({ Id: 'ns-0000000000000000' })),
    ).rejects.toThrow(NamespaceNotFound);
    const id = (await defaultNamespaceOf('cruddur')).split('/')[1];
    await expect(
      cloudMap.send(
        new GetNamespaceCommand({
          Id: `arn:aws:servicediscovery:us-east-1:210987654321:namespace/${id}`,
        }),
      ),
    ).rejects.toThrow(NamespaceNotFound);
    await expect(cloudMap.send(new GetNamespaceCommand({ Id: '' }))).rejects.toThrow(InvalidInput);
    const stats = await h.admin<{ calls: Record<string, number> }>('GET', '/_sandbox/stats');
    expect(stats.calls['servicediscovery:GetNamespace']).toBe(6);
  });
});
