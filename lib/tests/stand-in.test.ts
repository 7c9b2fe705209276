/**
 * Berth's AWS layer against a stand-in that is not AWS (issue 16: moto showed both): an
 * operation answered with an HTML 5xx page, and a ListTasks whose serviceName filter lets
 * another service's task through. The sandbox is faithful, so this endpoint is a small HTTP
 * server that misbehaves in exactly these two ways and answers nothing else.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Ecs from '../aws/ecs';
import type * as Errors from '../aws/errors';
import { configure } from './setup-berth';

const CLUSTER = 'arn:aws:ecs:us-east-1:123456789012:cluster/cruddur';
const task = (id: string, group: string) => ({
  taskArn: `arn:aws:ecs:us-east-1:123456789012:task/cruddur/${id}`,
  clusterArn: CLUSTER,
  group,
  lastStatus: 'RUNNING',
  desiredStatus: 'RUNNING',
  taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/backend-flask:2',
  containers: [],
  createdAt: 1_796_000_000,
});
const TASKS = [
  task('a'.repeat(32), 'service:backend-flask'),
  task('b'.repeat(32), 'service:frontend-react-js'),
];

let server: Server;
let ecs: typeof Ecs;
let errors: typeof Errors;

beforeAll(async () => {
  server = createServer((req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    req.resume();
    req.on('end', () => {
      if (target.endsWith('.ListTasks')) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ taskArns: TASKS.map((t) => t.taskArn) }));
      } else if (target.endsWith('.DescribeTasks')) {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify({ tasks: TASKS, failures: [] }));
      } else {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  configure({
    AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    BERTH_CACHE_TTL_MS: '0',
  });
  ecs = await import('../aws/ecs');
  errors = await import('../aws/errors');
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('an endpoint that is not AWS', () => {
  it('says an HTML 5xx is no AWS answer, never the SDK’s deserialization text', async () => {
    const failure = await ecs.listClusters().then(
      () => undefined,
      (error: unknown) => errors.toAwsFailure(error, 'ecs:ListClusters'),
    );
    expect(failure).toEqual({
      kind: 'unavailable',
      message:
        'The AWS endpoint answered ecs:ListClusters with HTTP 502 and something that is not an AWS response: it does not implement this operation, or a proxy answered in its place.',
      requestId: undefined,
    });
  });

  it('keeps only the service’s own tasks when ListTasks lets another through', async () => {
    const { data } = await ecs.listTasks('cruddur', { serviceName: 'backend-flask' });
    expect(data.map((t) => [t.id, t.serviceName])).toEqual([['a'.repeat(32), 'backend-flask']]);
    // Without a service, the cluster's tasks are all kept.
    const all = await ecs.listTasks('cruddur');
    expect(all.data.map((t) => t.serviceName).sort()).toEqual([
      'backend-flask',
      'frontend-react-js',
    ]);
  });
});
