/** ECR images and CloudWatch Logs, including what running containers write. */
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
  paginateFilterLogEvents,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  ImageTagAlreadyExistsException,
  CreateRepositoryCommand,
  ListImagesCommand,
  PutImageCommand,
  RepositoryNotFoundException,
} from '@aws-sdk/client-ecr';
import { DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { eventually, setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur' });

describe('ECR', () => {
  it('has the seed repositories with tagged images and the pull time of running ones', async () => {
    const { repositories = [] } = await h.ecr.send(new DescribeRepositoriesCommand({}));
    expect(repositories.map((r) => r.repositoryName).sort()).toEqual([
      'backend-flask',
      'cruddur-python',
      'frontend-react-js',
    ]);
    expect(repositories[0]?.repositoryUri).toMatch(
      /^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\//,
    );
    const { imageDetails = [] } = await h.ecr.send(
      new DescribeImagesCommand({ repositoryName: 'backend-flask' }),
    );
    const latest = imageDetails.find((i) => i.imageTags?.includes('latest'));
    expect(latest?.imageTags?.sort()).toEqual(['latest', 'v2']);
    expect(latest?.imagePushedAt).toBeInstanceOf(Date);
    expect(latest?.lastRecordedPullTime).toBeInstanceOf(Date);
    expect(latest?.imageSizeInBytes).toBeGreaterThan(1_000_000);

    // The running backend task reports the digest the tag points to.
    const { taskArns = [] } = await h.ecs.send(
      new ListTasksCommand({ cluster: 'cruddur', serviceName: 'backend-flask' }),
    );
    const { tasks = [] } = await h.ecs.send(
      new DescribeTasksCommand({ cluster: 'cruddur', tasks: taskArns }),
    );
    const flask = tasks[0]?.containers?.find((c) => c.name === 'backend-flask');
    expect(flask?.imageDigest).toBe(latest?.imageDigest);
  });

  it('moves a tag on push, keeps digests, and refuses to overwrite in an immutable repository', async () => {
    const manifest = (n: number) =>
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        layers: [{ size: n, digest: `sha256:${String(n).padStart(64, '0')}` }],
      });
    await h.ecr.send(
      new PutImageCommand({
        repositoryName: 'backend-flask',
        imageTag: 'latest',
        imageManifest: manifest(7),
      }),
    );
    const { imageIds = [] } = await h.ecr.send(
      new ListImagesCommand({ repositoryName: 'backend-flask' }),
    );
    expect(imageIds.filter((id) => id.imageTag === 'latest')).toHaveLength(1);
    const { images = [] } = await h.ecr.send(
      new BatchGetImageCommand({
        repositoryName: 'backend-flask',
        imageIds: [{ imageTag: 'latest' }],
      }),
    );
    expect(images[0]?.imageManifest).toBe(manifest(7));

    await h.ecr.send(
      new CreateRepositoryCommand({ repositoryName: 'fixed', imageTagMutability: 'IMMUTABLE' }),
    );
    await h.ecr.send(
      new PutImageCommand({ repositoryName: 'fixed', imageTag: 'v1', imageManifest: manifest(1) }),
    );
    await expect(
      h.ecr.send(
        new PutImageCommand({
          repositoryName: 'fixed',
          imageTag: 'v1',
          imageManifest: manifest(2),
        }),
      ),
    ).rejects.toBeInstanceOf(ImageTagAlreadyExistsException);
  });

  it('raises RepositoryNotFoundException', async () => {
    await expect(
      h.ecr.send(new DescribeImagesCommand({ repositoryName: 'nope' })),
    ).rejects.toBeInstanceOf(RepositoryNotFoundException);
  });
});

describe('CloudWatch Logs', () => {
  it('collects log lines of running containers in prefix/container/task-id streams', async () => {
    const { taskArns = [] } = await h.ecs.send(
      new ListTasksCommand({ cluster: 'cruddur', serviceName: 'backend-flask' }),
    );
    const taskId = taskArns[0]?.split('/').pop() ?? '';
    const { logStreams = [] } = await h.logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: 'cruddur',
        logStreamNamePrefix: `backend-flask/`,
      }),
    );
    const names = logStreams.map((s) => s.logStreamName);
    expect(names).toContain(`backend-flask/backend-flask/${taskId}`);
    expect(names).toContain(`backend-flask/xray/${taskId}`);

    const since = Date.now();
    const fresh = await eventually('new Flask log lines', async () => {
      const { events = [] } = await h.logs.send(
        new FilterLogEventsCommand({
          logGroupName: 'cruddur',
          logStreamNames: [`backend-flask/backend-flask/${taskId}`],
          startTime: since,
        }),
      );
      return events.length >= 3 ? events : undefined;
    });
    expect(fresh[0]?.message).toMatch(
      /^[\d.]+ - - \[\d{2}\/\w{3}\/\d{4} [\d:]{8}\] "(GET|POST) \/\S* HTTP\/1\.1" \d{3} -$/,
    );
    expect(fresh[0]?.eventId).toMatch(/^\d+$/);

    const xray = await h.logs.send(
      new FilterLogEventsCommand({
        logGroupName: 'cruddur',
        logStreamNamePrefix: `backend-flask/xray/${taskId}`,
        filterPattern: '"[Info]"',
      }),
    );
    expect(xray.events?.[0]?.message).toContain('[Info]');
  });

  it('returns at most 1 MB of events per page (message bytes + 26 each), as AWS does', async () => {
    await h.logs.send(new CreateLogGroupCommand({ logGroupName: '/test/big' }));
    await h.logs.send(
      new CreateLogStreamCommand({ logGroupName: '/test/big', logStreamName: 'b' }),
    );
    const now = Date.now();
    // 300 events of 8,000 bytes: 130 fit in 1,048,576 bytes (130 × 8,026 = 1,043,380).
    await h.logs.send(
      new PutLogEventsCommand({
        logGroupName: '/test/big',
        logStreamName: 'b',
        logEvents: Array.from({ length: 300 }, (_, i) => ({
          timestamp: now + i,
          message: `${String(i).padStart(3, '0')}${'x'.repeat(7997)}`,
        })),
      }),
    );
    const filtered = await h.logs.send(
      new FilterLogEventsCommand({ logGroupName: '/test/big', startTime: now - 1 }),
    );
    expect(filtered.events).toHaveLength(130);
    expect(filtered.nextToken).toBeDefined();
    const pages = [];
    for await (const page of paginateFilterLogEvents(
      { client: h.logs },
      { logGroupName: '/test/big', startTime: now - 1 },
    ))
      pages.push(page.events?.length ?? 0);
    expect(pages).toEqual([130, 130, 40]);
    const fromHead = await h.logs.send(
      new GetLogEventsCommand({
        logGroupName: '/test/big',
        logStreamName: 'b',
        startFromHead: true,
      }),
    );
    expect(fromHead.events?.map((e) => e.message?.slice(0, 3))).toEqual(
      Array.from({ length: 130 }, (_, i) => String(i).padStart(3, '0')),
    );
    const fromTail = await h.logs.send(
      new GetLogEventsCommand({ logGroupName: '/test/big', logStreamName: 'b' }),
    );
    expect(fromTail.events?.map((e) => e.message?.slice(0, 3))).toEqual(
      Array.from({ length: 130 }, (_, i) => String(170 + i).padStart(3, '0')),
    );
  });

  it('stores PutLogEvents lines and pages them with GetLogEvents tokens', async () => {
    await h.logs.send(new CreateLogGroupCommand({ logGroupName: '/test/app' }));
    await expect(
      h.logs.send(new CreateLogGroupCommand({ logGroupName: '/test/app' })),
    ).rejects.toBeInstanceOf(ResourceAlreadyExistsException);
    await h.logs.send(
      new CreateLogStreamCommand({ logGroupName: '/test/app', logStreamName: 's1' }),
    );
    const now = Date.now();
    const logEvents = Array.from({ length: 250 }, (_, i) => ({
      timestamp: now + i,
      message: `line ${i} ${i % 2 ? 'ERROR' : 'INFO'}`,
    }));
    await h.logs.send(
      new PutLogEventsCommand({ logGroupName: '/test/app', logStreamName: 's1', logEvents }),
    );

    const first = await h.logs.send(
      new GetLogEventsCommand({
        logGroupName: '/test/app',
        logStreamName: 's1',
        startFromHead: true,
        limit: 100,
      }),
    );
    expect(first.events?.map((e) => e.message)[0]).toBe('line 0 INFO');
    const second = await h.logs.send(
      new GetLogEventsCommand({
        logGroupName: '/test/app',
        logStreamName: 's1',
        nextToken: first.nextForwardToken,
        limit: 200,
      }),
    );
    expect(second.events).toHaveLength(150);
    const end = await h.logs.send(
      new GetLogEventsCommand({
        logGroupName: '/test/app',
        logStreamName: 's1',
        nextToken: second.nextForwardToken,
      }),
    );
    expect(end.events).toEqual([]);
    expect(end.nextForwardToken).toBe(second.nextForwardToken);

    const tail = await h.logs.send(
      new GetLogEventsCommand({ logGroupName: '/test/app', logStreamName: 's1', limit: 5 }),
    );
    expect(tail.events?.map((e) => e.message)).toEqual([
      'line 245 ERROR',
      'line 246 INFO',
      'line 247 ERROR',
      'line 248 INFO',
      'line 249 ERROR',
    ]);

    const pages = [];
    for await (const page of paginateFilterLogEvents(
      { client: h.logs },
      { logGroupName: '/test/app', filterPattern: 'ERROR', limit: 50 },
    )) {
      pages.push(page);
    }
    const matched = pages.flatMap((p) => p.events ?? []);
    expect(matched).toHaveLength(125);
    expect(new Set(matched.map((e) => e.eventId)).size).toBe(125);
    expect(matched.every((e) => e.message?.includes('ERROR'))).toBe(true);
  });

  it('rejects out-of-order batches and unknown streams', async () => {
    await expect(
      h.logs.send(
        new PutLogEventsCommand({
          logGroupName: '/test/app',
          logStreamName: 's1',
          logEvents: [
            { timestamp: 2, message: 'b' },
            { timestamp: 1, message: 'a' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      h.logs.send(
        new PutLogEventsCommand({
          logGroupName: '/test/app',
          logStreamName: 'nope',
          logEvents: [{ timestamp: Date.now(), message: 'x' }],
        }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});
