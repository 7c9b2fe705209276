/**
 * Where the sandbox differed from AWS's service models (issue 16), each answer as the models
 * and the services give it, through the real SDK clients.
 */
import {
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  BatchGetImageCommand,
  DescribeRepositoriesCommand,
  ListImagesCommand,
} from '@aws-sdk/client-ecr';
import {
  DescribeClustersCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  ListServicesCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { eventually, setupSandbox } from './harness.js';

const h = setupSandbox({ seed: 'cruddur', speed: 60 });
const ACCOUNT = '123456789012';
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: Error) => `${error.name}: ${error.message}`,
  );

describe('CloudWatch Logs', () => {
  it('takes back its own GetLogEvents tokens, and keeps times in whole milliseconds', async () => {
    const logStreamName = await eventually('a backend-flask stream', async () => {
      const { logStreams = [] } = await h.logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: 'cruddur',
          logStreamNamePrefix: 'backend-flask/backend-flask/',
        }),
      );
      return logStreams.find((s) => (s.storedBytes ?? 0) > 0 || s.lastEventTimestamp)
        ?.logStreamName;
    });
    const first = await h.logs.send(
      new GetLogEventsCommand({
        logGroupName: 'cruddur',
        logStreamName,
        startFromHead: true,
        limit: 3,
      }),
    );
    expect(first.events).toHaveLength(3);
    const second = await h.logs.send(
      new GetLogEventsCommand({
        logGroupName: 'cruddur',
        logStreamName,
        startFromHead: true,
        limit: 3,
        nextToken: first.nextForwardToken,
      }),
    );
    expect(second.events?.length).toBeGreaterThan(0);
    expect(second.events?.[0]?.timestamp).toBeGreaterThanOrEqual(first.events?.[2]?.timestamp ?? 0);
    for (const event of [...(first.events ?? []), ...(second.events ?? [])]) {
      expect(Number.isInteger(event.timestamp), String(event.timestamp)).toBe(true);
      expect(Number.isInteger(event.ingestionTime), String(event.ingestionTime)).toBe(true);
    }
    const { logStreams = [] } = await h.logs.send(
      new DescribeLogStreamsCommand({ logGroupName: 'cruddur' }),
    );
    for (const stream of logStreams) {
      for (const time of [
        stream.creationTime,
        stream.firstEventTimestamp,
        stream.lastEventTimestamp,
        stream.lastIngestionTime,
      ]) {
        if (time !== undefined) expect(Number.isInteger(time), String(time)).toBe(true);
      }
    }
    const { events = [] } = await h.logs.send(
      new FilterLogEventsCommand({ logGroupName: 'cruddur', limit: 20 }),
    );
    for (const event of events) expect(event.eventId).toMatch(/^\d+$/);
  });
});

describe('ECS', () => {
  it('names the target revision by ARN in the list summary only', async () => {
    const { serviceDeployments: [summary] = [] } = await h.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'cruddur', service: 'backend-flask' }),
    );
    expect(summary?.targetServiceRevisionArn).toMatch(
      /:service-revision\/cruddur\/backend-flask\//,
    );
    const { serviceDeployments: [full] = [] } = await h.ecs.send(
      new DescribeServiceDeploymentsCommand({
        serviceDeploymentArns: [summary!.serviceDeploymentArn!],
      }),
    );
    expect(full && 'targetServiceRevisionArn' in full).toBe(false);
    expect(full?.targetServiceRevision?.arn).toBe(summary?.targetServiceRevisionArn);
  });

  it('answers a service ARN of another cluster as a failure, not as its namesake', async () => {
    const staging = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/cruddur-staging/backend-flask`;
    const out = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'cruddur', services: [staging] }),
    );
    expect(out.services).toEqual([]);
    expect(out.failures).toEqual([{ arn: staging, reason: 'MISSING' }]);
    const own = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/cruddur/backend-flask`;
    const mine = await h.ecs.send(
      new DescribeServicesCommand({ cluster: 'cruddur', services: [own] }),
    );
    expect(mine.services?.map((s) => s.serviceArn)).toEqual([own]);
  });

  it('refuses TagResource without tags or past 50, and UntagResource without keys', async () => {
    const resourceArn = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/cruddur`;
    expect(await refusal(h.ecs.send(new TagResourceCommand({ resourceArn } as never)))).toBe(
      'InvalidParameterException: tags must be specified.',
    );
    const tags = Array.from({ length: 51 }, (_, i) => ({ key: `k${i}`, value: 'v' }));
    expect(await refusal(h.ecs.send(new TagResourceCommand({ resourceArn, tags })))).toBe(
      'InvalidParameterException: A resource can have at most 50 tags.',
    );
    // The cluster has one tag already: 50 more would make 51.
    expect(
      await refusal(h.ecs.send(new TagResourceCommand({ resourceArn, tags: tags.slice(0, 50) }))),
    ).toBe('InvalidParameterException: A resource can have at most 50 tags.');
    expect(
      await refusal(h.ecs.send(new TagResourceCommand({ resourceArn, tags: tags.slice(0, 49) }))),
    ).toBe('accepted');
    expect(await refusal(h.ecs.send(new UntagResourceCommand({ resourceArn } as never)))).toBe(
      'InvalidParameterException: tagKeys must be specified.',
    );
  });

  it('refuses every enum member outside its values, with the constraint named', async () => {
    const cases: [() => Promise<unknown>, string][] = [
      [
        () => h.ecs.send(new ListTaskDefinitionsCommand({ sort: 'UP' as never })),
        "Value 'UP' at 'sort' failed to satisfy constraint: Member must satisfy enum value set: [ASC, DESC]",
      ],
      [
        () => h.ecs.send(new ListTaskDefinitionFamiliesCommand({ status: 'GONE' as never })),
        "Value 'GONE' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [ACTIVE, INACTIVE, ALL]",
      ],
      [
        () =>
          h.ecs.send(
            new DescribeClustersCommand({ clusters: ['cruddur'], include: ['ALL' as never] }),
          ),
        "Value 'ALL' at 'include.member' failed to satisfy constraint: Member must satisfy enum value set: [ATTACHMENTS, CONFIGURATIONS, SETTINGS, STATISTICS, TAGS]",
      ],
      [
        () =>
          h.ecs.send(
            new DescribeServicesCommand({
              cluster: 'cruddur',
              services: ['backend-flask'],
              include: ['EVENTS' as never],
            }),
          ),
        "Value 'EVENTS' at 'include.member' failed to satisfy constraint: Member must satisfy enum value set: [TAGS]",
      ],
      [
        () =>
          h.ecs.send(
            new ListServicesCommand({ cluster: 'cruddur', launchType: 'LAMBDA' as never }),
          ),
        "Value 'LAMBDA' at 'launchType' failed to satisfy constraint: Member must satisfy enum value set: [EC2, FARGATE, EXTERNAL, MANAGED_INSTANCES]",
      ],
      [
        () =>
          h.ecr.send(
            new ListImagesCommand({
              repositoryName: 'backend-flask',
              filter: { tagStatus: 'SOME' as never },
            }),
          ),
        "Value 'SOME' at 'tagStatus' failed to satisfy constraint: Member must satisfy enum value set: [TAGGED, UNTAGGED, ANY]",
      ],
      [
        () =>
          h.logs.send(
            new DescribeLogStreamsCommand({ logGroupName: 'cruddur', orderBy: 'Size' as never }),
          ),
        "Value 'Size' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]",
      ],
    ];
    for (const [call, detail] of cases) {
      expect(await refusal(call()), detail).toBe(
        `InvalidParameterException: 1 validation error detected: ${detail}`,
      );
    }
  });
});

describe('ECR', () => {
  it('refuses maxResults with repositoryNames', async () => {
    expect(
      await refusal(
        h.ecr.send(
          new DescribeRepositoriesCommand({ repositoryNames: ['backend-flask'], maxResults: 5 }),
        ),
      ),
    ).toBe('InvalidParameterException: maxResults cannot be used together with repositoryNames.');
  });

  it('answers BatchGetImage with the tag it was asked by', async () => {
    const { images = [] } = await h.ecr.send(
      new BatchGetImageCommand({
        repositoryName: 'backend-flask',
        imageIds: [{ imageTag: 'v2' }, { imageTag: 'latest' }],
      }),
    );
    expect(images.map((image) => image.imageId?.imageTag)).toEqual(['v2', 'latest']);
    expect(images[0]?.imageId?.imageDigest).toBe(images[1]?.imageId?.imageDigest);
  });
});
