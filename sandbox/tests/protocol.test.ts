/** The wire as AWS speaks it, checked over raw HTTP and through the SDK. */
import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  ClusterNotFoundException,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ListClustersCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { setupSandbox } from './harness.js';

const h = setupSandbox();

async function raw(target: string, body: string) {
  const response = await fetch(h.sandbox.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
    body,
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

afterEach(async () => {
  await h.admin('DELETE', '/_sandbox/faults');
});

describe('awsJson1_1 wire', () => {
  it('answers with a request id and the awsJson content type', async () => {
    const { status, headers, json } = await raw(
      'AmazonEC2ContainerServiceV20141113.ListClusters',
      '{}',
    );
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(json.clusterArns).toEqual(
      expect.arrayContaining(['arn:aws:ecs:us-east-1:123456789012:cluster/cruddur']),
    );
  });

  it('sends errors as __type and a lowercase message', async () => {
    const { status, json } = await raw(
      'AmazonEC2ContainerServiceV20141113.DescribeServices',
      JSON.stringify({ cluster: 'nope', services: ['x'] }),
    );
    expect(status).toBe(400);
    expect(json).toEqual({ __type: 'ClusterNotFoundException', message: 'Cluster not found.' });
  });

  it('returns UnknownOperationException for operations it does not have', async () => {
    const unknown = await raw('AmazonEC2ContainerServiceV20141113.PutAccountSetting', '{}');
    expect(unknown.status).toBe(400);
    expect(unknown.json.__type).toBe('UnknownOperationException');
    const noTarget = await raw('', '{}');
    expect(noTarget.json.__type).toBe('UnknownOperationException');
  });

  it('rejects a body that is not a JSON object with SerializationException', async () => {
    const { status, json } = await raw('AmazonEC2ContainerServiceV20141113.ListClusters', '[1,2');
    expect(status).toBe(400);
    expect(json.__type).toBe('SerializationException');
  });

  it('sends ECS timestamps in epoch seconds and Logs timestamps in epoch milliseconds', async () => {
    const ecs = await raw(
      'AmazonEC2ContainerServiceV20141113.DescribeServices',
      JSON.stringify({ cluster: 'cruddur', services: ['backend-flask'] }),
    );
    const service = (ecs.json.services as { createdAt: number }[])[0];
    expect(service?.createdAt).toBeLessThan(1e11);
    expect(Math.abs((service?.createdAt ?? 0) - Date.now() / 1000)).toBeLessThan(86_400);
    const logs = await raw('Logs_20140328.DescribeLogGroups', '{}');
    const group = (logs.json.logGroups as { creationTime: number }[])[0];
    expect(group?.creationTime).toBeGreaterThan(1e12);
    expect(Number.isInteger(group?.creationTime)).toBe(true);

    const sdk = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'cruddur', services: ['backend-flask'] }),
    );
    expect(sdk.services?.[0]?.createdAt).toBeInstanceOf(Date);
  });

  it('maps errors to the SDK exception classes', async () => {
    await expect(
      h.ecs.send(new DescribeServicesCommand({ cluster: 'missing', services: ['a'] })),
    ).rejects.toBeInstanceOf(ClusterNotFoundException);
  });
});

describe('admin API', () => {
  it('counts calls per operation and resets the counts', async () => {
    await h.admin('DELETE', '/_sandbox/stats');
    await h.ecs.send(new ListClustersCommand({}));
    await h.ecs.send(new ListClustersCommand({}));
    await h.ecs.send(new DescribeClustersCommand({ clusters: ['cruddur'] }));
    const stats = await h.admin<{ calls: Record<string, number>; total: number }>(
      'GET',
      '/_sandbox/stats',
    );
    expect(stats.calls).toEqual({ 'ecs:DescribeClusters': 1, 'ecs:ListClusters': 2 });
    expect(stats.total).toBe(3);
  });

  it('throttles, and the SDK retries throttling before giving up', async () => {
    await h.admin('PUT', '/_sandbox/faults', { throttleRate: 1, operations: ['ListClusters'] });
    await h.admin('DELETE', '/_sandbox/stats');
    const error = await h.ecs.send(new ListClustersCommand({})).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded' });
    const stats = await h.admin<{ calls: Record<string, number> }>('GET', '/_sandbox/stats');
    expect(stats.calls['ecs:ListClusters']).toBe(3);
    // Other operations are not affected by an operation-scoped fault.
    await expect(
      h.ecs.send(new DescribeClustersCommand({ clusters: ['cruddur'] })),
    ).resolves.toMatchObject({ clusters: [{ clusterName: 'cruddur', status: 'ACTIVE' }] });
  });

  it('simulates an outage as 503 ServiceUnavailable on every service', async () => {
    await h.admin('PUT', '/_sandbox/faults', { outage: true });
    const error = await h.logs.send(new DescribeLogGroupsCommand({})).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'ServiceUnavailableException',
      $metadata: { httpStatusCode: 503 },
    });
  });

  it('answers AccessDeniedException naming the missing IAM action', async () => {
    await h.admin('PUT', '/_sandbox/faults', { deny: ['ecs:DescribeServices'] });
    const error = await h.ecs
      .send(new DescribeServicesCommand({ cluster: 'cruddur', services: ['backend-flask'] }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'AccessDeniedException' });
    expect((error as Error).message).toContain('ecs:DescribeServices');
  });

  it('adds latency', async () => {
    await h.admin('PUT', '/_sandbox/faults', { latencyMs: 300 });
    const started = Date.now();
    await h.ecs.send(new ListClustersCommand({}));
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('rejects bad fault settings with a message', async () => {
    await expect(h.admin('PUT', '/_sandbox/faults', { throttleRate: 2 })).rejects.toThrow(
      /throttleRate/,
    );
  });

  it('resets to the seed, or to an empty world', async () => {
    await h.admin('POST', '/_sandbox/reset', { seed: 'empty' });
    expect((await h.ecs.send(new ListClustersCommand({}))).clusterArns).toEqual([]);
    await h.admin('POST', '/_sandbox/reset', {});
    expect((await h.ecs.send(new ListClustersCommand({}))).clusterArns).toHaveLength(2);
  });
});
