/**
 * Every operation the sandbox implements, answered on the wire and checked against AWS's own
 * service models (sandbox/models, from github.com/aws/api-models-aws; see SOURCE.json): a tour
 * of successful calls with realistic input, then each operation with an empty request. A 200
 * must match the operation's output shape (members, required, enums, ranges, lengths,
 * timestamp form); an error must be one the model lists for that operation or one every AWS
 * JSON service may answer. Adding an operation without a tour step fails the coverage test.
 */
import { EventStreamCodec } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';
import { describe, expect, it } from 'vitest';
import {
  conformanceErrors,
  loadModel,
  modelledErrors,
  type Protocol,
} from '../conformance/aws-model.js';
import {
  callJson,
  callQuery,
  type JsonService,
  type WireAnswer,
} from '../conformance/wire-call.js';
import { QUERY_SERVICES, SERVICES } from '../operations.js';
import { eventually, NETWORK, setupSandbox, webTaskDefinition } from './harness.js';

const h = setupSandbox({ speed: 200 });

/**
 * Errors any AWS service may answer for any operation, which the models do not list per
 * operation (AWS's "Common errors" pages): request validation, throttling, authentication.
 */
const COMMON_ERRORS = [
  'ValidationException',
  'ValidationError',
  'SerializationException',
  'ThrottlingException',
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InternalFailure',
  'ServiceUnavailable',
  'InvalidAction',
  'InvalidParameterCombination',
  'InvalidParameterValue',
  'MissingParameter',
];

interface Checked {
  service: string;
  operation: string;
  status: number;
  problems: string[];
}
const checked: Checked[] = [];

/** The model's verdict on one answer, kept for the coverage test. */
function judge(service: string, operation: string, answer: WireAnswer, protocol: Protocol) {
  const model = loadModel(service);
  const shape = model.operations[operation];
  const problems: string[] = [];
  if (!shape) problems.push(`${service} ${operation}: not in the model`);
  else if (answer.status === 200) {
    if (shape.output)
      problems.push(...conformanceErrors(model, shape.output.shape, answer.body, protocol));
  } else {
    const allowed = [...modelledErrors(model, shape), ...COMMON_ERRORS];
    if (!allowed.includes(answer.errorCode ?? ''))
      problems.push(
        `${service} ${operation}: HTTP ${answer.status} ${answer.errorCode} is not among ${allowed.join(', ')}`,
      );
  }
  checked.push({ service, operation, status: answer.status, problems });
  return problems;
}

/** A call that must succeed and conform; returns the body for the next steps. */
async function ok(service: JsonService, operation: string, input: unknown = {}) {
  const answer = await callJson(h.sandbox.url, service, operation, input);
  expect(
    { status: answer.status, body: answer.status === 200 ? 'ok' : answer.body },
    `${service} ${operation}`,
  ).toEqual({ status: 200, body: 'ok' });
  expect(judge(service, operation, answer, 'json')).toEqual([]);
  return answer.body;
}

/** A call that must fail with `code` (and the model must allow that code). */
async function fails(service: JsonService, operation: string, input: unknown, code: string) {
  const answer = await callJson(h.sandbox.url, service, operation, input);
  expect(answer.errorCode, `${service} ${operation}`).toBe(code);
  expect(judge(service, operation, answer, 'json')).toEqual([]);
}

async function okQuery(
  service: 'elasticloadbalancing' | 'cloudwatch' | 'sts',
  action: string,
  params: Record<string, string> = {},
) {
  const version = Object.entries(QUERY_SERVICES).find(([, s]) => s.name === service)![0];
  const answer = await callQuery(h.sandbox.url, version, action, params);
  expect(answer.status, `${service} ${action}: ${JSON.stringify(answer.body)}`).toBe(200);
  expect(judge(service, action, answer, 'xml')).toEqual([]);
  return answer.body;
}

/** The value at `path` in a parsed answer (for the ids the next steps need). */
function at(value: unknown, ...path: (string | number)[]): unknown {
  return path.reduce<unknown>(
    (node, key) =>
      typeof node === 'object' && node !== null
        ? (node as Record<string, unknown>)[key]
        : undefined,
    value,
  );
}
const text = (value: unknown, ...path: (string | number)[]) => String(at(value, ...path));
const texts = (value: unknown, path: string, key: string) =>
  ((at(value, path) as unknown[] | undefined) ?? []).map((item) => text(item, key));

const manifest = (layer: string) =>
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {
      mediaType: 'application/vnd.docker.container.image.v1+json',
      size: 1000,
      digest: `sha256:${'c'.repeat(63)}${layer}`,
    },
    layers: [
      {
        mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
        size: 2000,
        digest: `sha256:${'d'.repeat(63)}${layer}`,
      },
    ],
  });

describe('the sandbox answers as the AWS service models say', () => {
  it('ECS: clusters, task definitions, services, deployments, tasks, tags', async () => {
    await ok('ecs', 'ListClusters');
    const clusters = await ok('ecs', 'DescribeClusters', {
      clusters: ['cruddur', 'cruddur-staging', 'missing'],
      include: ['SETTINGS', 'STATISTICS', 'TAGS', 'CONFIGURATIONS'],
    });
    await ok('ecs', 'CreateCluster', {
      clusterName: 'conformance',
      settings: [{ name: 'containerInsights', value: 'enhanced' }],
      tags: [{ key: 'team', value: 'platform' }],
    });
    await ok('ecs', 'UpdateClusterSettings', {
      cluster: 'conformance',
      settings: [{ name: 'containerInsights', value: 'enabled' }],
    });
    await ok('logs', 'CreateLogGroup', { logGroupName: 'apps' }); // the web container's group
    await ok('ecs', 'ListTaskDefinitionFamilies', { status: 'ACTIVE' });
    await ok('ecs', 'ListTaskDefinitions', { familyPrefix: 'backend-flask', sort: 'DESC' });
    await ok('ecs', 'DescribeTaskDefinition', {
      taskDefinition: 'backend-flask',
      include: ['TAGS'],
    });
    const registered = await ok(
      'ecs',
      'RegisterTaskDefinition',
      webTaskDefinition('conformance-web', 'nginx:1.27', {
        tags: [{ key: 'team', value: 'platform' }],
      }),
    );
    await ok('ecs', 'CreateService', {
      cluster: 'conformance',
      serviceName: 'web',
      taskDefinition: text(registered, 'taskDefinition', 'taskDefinitionArn'),
      desiredCount: 1,
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        minimumHealthyPercent: 100,
        maximumPercent: 200,
      },
    });
    await ok('ecs', 'ListServices', { cluster: 'cruddur', launchType: 'FARGATE' });
    await ok('ecs', 'DescribeServices', {
      cluster: 'cruddur',
      services: ['backend-flask', 'frontend-react-js', 'missing'],
      include: ['TAGS'],
    });
    const listed = await ok('ecs', 'ListTasks', {
      cluster: 'cruddur',
      serviceName: 'backend-flask',
    });
    await ok('ecs', 'DescribeTasks', {
      cluster: 'cruddur',
      tasks: at(listed, 'taskArns'),
      include: ['TAGS'],
    });
    // A rollback needs a revision that once deployed well: let the first deployment finish.
    await eventually('the first deployment to succeed', async () => {
      const answer = await callJson(h.sandbox.url, 'ecs', 'ListServiceDeployments', {
        cluster: 'conformance',
        service: 'web',
      });
      const [first] = (answer.body as { serviceDeployments: { status: string }[] })
        .serviceDeployments;
      return first?.status === 'SUCCESSFUL';
    });
    await ok('ecs', 'UpdateService', {
      cluster: 'conformance',
      service: 'web',
      forceNewDeployment: true,
    });
    const deployments = await ok('ecs', 'ListServiceDeployments', {
      cluster: 'conformance',
      service: 'web',
    });
    const described = await ok('ecs', 'DescribeServiceDeployments', {
      serviceDeploymentArns: texts(deployments, 'serviceDeployments', 'serviceDeploymentArn'),
    });
    await ok('ecs', 'DescribeServiceRevisions', {
      serviceRevisionArns: (at(described, 'serviceDeployments') as unknown[]).map((d) =>
        text(d, 'targetServiceRevision', 'arn'),
      ),
    });
    await ok('ecs', 'StopServiceDeployment', {
      serviceDeploymentArn: text(deployments, 'serviceDeployments', 0, 'serviceDeploymentArn'),
      stopType: 'ROLLBACK',
    });
    const run = await ok('ecs', 'RunTask', {
      cluster: 'conformance',
      taskDefinition: text(registered, 'taskDefinition', 'taskDefinitionArn'),
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
      startedBy: 'conformance',
    });
    await ok('ecs', 'StopTask', {
      cluster: 'conformance',
      task: text(run, 'tasks', 0, 'taskArn'),
      reason: 'done',
    });
    const clusterArn = text(clusters, 'clusters', 0, 'clusterArn');
    await ok('ecs', 'TagResource', { resourceArn: clusterArn, tags: [{ key: 'a', value: 'b' }] });
    await ok('ecs', 'ListTagsForResource', { resourceArn: clusterArn });
    await ok('ecs', 'UntagResource', { resourceArn: clusterArn, tagKeys: ['a'] });
    await ok('ecs', 'DeleteService', { cluster: 'conformance', service: 'web', force: true });
    await ok('ecs', 'DeregisterTaskDefinition', {
      taskDefinition: text(registered, 'taskDefinition', 'taskDefinitionArn'),
    });
    await ok('ecs', 'CreateCluster', { clusterName: 'conformance-empty' });
    await ok('ecs', 'DeleteCluster', { cluster: 'conformance-empty' });
    await ok('ecs', 'ListAccountSettings', { effectiveSettings: true });
    await ok('ecs', 'DescribeCapacityProviders', { include: ['TAGS'] });
    await ok('ecs', 'DescribeCapacityProviders', { capacityProviders: ['FARGATE', 'EC2-fleet'] });
    await ok('ecs', 'ListServicesByNamespace', {
      namespace: text(clusters, 'clusters', 0, 'serviceConnectDefaults', 'namespace'),
    });
    // Task sets belong to the EXTERNAL and CODE_DEPLOY controllers; ECS's refuse them.
    await fails(
      'ecs',
      'DescribeTaskSets',
      { cluster: 'cruddur', service: 'backend-flask' },
      'InvalidParameterException',
    );
    await fails(
      'ecs',
      'DescribeServices',
      { cluster: 'nope', services: ['x'] },
      'ClusterNotFoundException',
    );
    await fails(
      'ecs',
      'UpdateService',
      { cluster: 'cruddur', service: 'nope' },
      'ServiceNotFoundException',
    );
  });

  it('ECR: repositories, images, scan findings', async () => {
    await ok('ecr', 'DescribeRepositories');
    await ok('ecr', 'CreateRepository', {
      repositoryName: 'conformance',
      imageScanningConfiguration: { scanOnPush: true },
    });
    await ok('ecr', 'PutImage', {
      repositoryName: 'conformance',
      imageManifest: manifest('1'),
      imageTag: 'v1',
    });
    await ok('ecr', 'ListImages', {
      repositoryName: 'conformance',
      filter: { tagStatus: 'TAGGED' },
    });
    await ok('ecr', 'DescribeImages', { repositoryName: 'conformance' });
    await ok('ecr', 'BatchGetImage', {
      repositoryName: 'conformance',
      imageIds: [{ imageTag: 'v1' }, { imageTag: 'missing' }],
    });
    await eventually('the scan to complete', async () => {
      const answer = await callJson(h.sandbox.url, 'ecr', 'DescribeImageScanFindings', {
        repositoryName: 'conformance',
        imageId: { imageTag: 'v1' },
      });
      return (
        (answer.body as { imageScanStatus?: { status?: string } }).imageScanStatus?.status ===
        'COMPLETE'
      );
    });
    await ok('ecr', 'DescribeImageScanFindings', {
      repositoryName: 'conformance',
      imageId: { imageTag: 'v1' },
      maxResults: 3,
    });
    await ok('ecr', 'BatchDeleteImage', {
      repositoryName: 'conformance',
      imageIds: [{ imageTag: 'v1' }, { imageTag: 'missing' }],
    });
    await ok('ecr', 'DeleteRepository', { repositoryName: 'conformance', force: true });
    const repositories = await ok('ecr', 'DescribeRepositories', {
      repositoryNames: ['backend-flask'],
    });
    await ok('ecr', 'ListTagsForResource', {
      resourceArn: text(repositories, 'repositories', 0, 'repositoryArn'),
    });
    await ok('ecr', 'GetLifecyclePolicy', { repositoryName: 'backend-flask' });
    await fails(
      'ecr',
      'GetLifecyclePolicy',
      { repositoryName: 'frontend-react-js' },
      'LifecyclePolicyNotFoundException',
    );
    await fails('ecr', 'DescribeImages', { repositoryName: 'nope' }, 'RepositoryNotFoundException');
  });

  it('CloudWatch Logs: groups, streams, events, Live Tail', async () => {
    await ok('logs', 'DescribeLogGroups', { logGroupNamePrefix: 'cruddur' });
    await ok('logs', 'CreateLogGroup', { logGroupName: 'conformance' });
    await ok('logs', 'CreateLogStream', { logGroupName: 'conformance', logStreamName: 'web/1' });
    await ok('logs', 'PutLogEvents', {
      logGroupName: 'conformance',
      logStreamName: 'web/1',
      logEvents: [{ timestamp: Date.now(), message: 'GET / 200' }],
    });
    await ok('logs', 'DescribeLogStreams', {
      logGroupName: 'cruddur',
      orderBy: 'LastEventTime',
      descending: true,
    });
    await ok('logs', 'GetLogEvents', {
      logGroupName: 'conformance',
      logStreamName: 'web/1',
      startFromHead: true,
    });
    await ok('logs', 'FilterLogEvents', {
      logGroupName: 'cruddur',
      filterPattern: 'GET',
      limit: 20,
    });

    const { body } = await fetch(h.sandbox.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'Logs_20140328.StartLiveTail',
      },
      body: JSON.stringify({
        logGroupIdentifiers: ['arn:aws:logs:us-east-1:123456789012:log-group:cruddur'],
      }),
    });
    const events = await readEvents(body!, 3);
    expect(events.map((e) => e.type)).toEqual([
      'initial-response',
      'sessionStart',
      'sessionUpdate',
    ]);
    const model = loadModel('logs');
    const stream = model.shapes.StartLiveTailResponseStream!.members!;
    for (const { type, payload } of events.slice(1))
      expect(conformanceErrors(model, stream[type]!.shape, payload, 'json')).toEqual([]);
    checked.push({ service: 'logs', operation: 'StartLiveTail', status: 200, problems: [] });

    await ok('logs', 'PutRetentionPolicy', { logGroupName: 'conformance', retentionInDays: 14 });
    await ok('logs', 'DeleteRetentionPolicy', { logGroupName: 'conformance' });
    await ok('logs', 'GetLogGroupFields', { logGroupName: 'cruddur' });
    const range = {
      startTime: Math.floor(Date.now() / 1000) - 3600,
      endTime: Math.ceil(Date.now() / 1000),
    };
    const started = await ok('logs', 'StartQuery', {
      logGroupName: 'cruddur',
      ...range,
      queryString:
        'fields @timestamp, @message | filter @message like /GET/ | sort @timestamp desc | limit 20',
    });
    const queryId = text(started, 'queryId');
    await eventually('the query to complete', async () => {
      const answer = await callJson(h.sandbox.url, 'logs', 'GetQueryResults', { queryId });
      return text(answer.body, 'status') === 'Complete';
    });
    await ok('logs', 'GetQueryResults', { queryId });
    await fails('logs', 'StopQuery', { queryId }, 'InvalidParameterException');
    const running = await ok('logs', 'StartQuery', {
      logGroupIdentifiers: ['cruddur'],
      ...range,
      queryString: 'filter @message like "POST"',
    });
    await ok('logs', 'StopQuery', { queryId: text(running, 'queryId') });
    await fails(
      'logs',
      'StartQuery',
      { logGroupName: 'cruddur', ...range, queryString: 'stats count(*) by bin(5m)' },
      'MalformedQueryException',
    );
    await ok('logs', 'DeleteLogStream', { logGroupName: 'conformance', logStreamName: 'web/1' });
    await fails(
      'logs',
      'DeleteLogStream',
      { logGroupName: 'conformance', logStreamName: 'web/1' },
      'ResourceNotFoundException',
    );
    await ok('logs', 'DeleteLogGroup', { logGroupName: 'conformance' });
    await fails(
      'logs',
      'GetLogEvents',
      { logGroupName: 'cruddur', logStreamName: 'nope' },
      'ResourceNotFoundException',
    );
  });

  it('CloudWatch (JSON 1.0 and query XML), Application Auto Scaling, Cloud Map, ELBv2', async () => {
    const now = Date.now() / 1000;
    const metric = {
      MetricDataQueries: [
        {
          Id: 'cpu',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ECS',
              MetricName: 'CPUUtilization',
              Dimensions: [
                { Name: 'ClusterName', Value: 'cruddur' },
                { Name: 'ServiceName', Value: 'backend-flask' },
              ],
            },
            Period: 60,
            Stat: 'Average',
          },
        },
      ],
      StartTime: now - 3600,
      EndTime: now,
    };
    await ok('cloudwatch', 'GetMetricData', metric);
    await ok('cloudwatch', 'ListMetrics', { Namespace: 'AWS/ECS' });
    await ok('cloudwatch', 'DescribeAlarms');
    await okQuery('cloudwatch', 'ListMetrics', { Namespace: 'AWS/ECS' });
    await okQuery('cloudwatch', 'DescribeAlarms');
    await okQuery('cloudwatch', 'GetMetricData', {
      'MetricDataQueries.member.1.Id': 'cpu',
      'MetricDataQueries.member.1.MetricStat.Metric.Namespace': 'AWS/ECS',
      'MetricDataQueries.member.1.MetricStat.Metric.MetricName': 'CPUUtilization',
      'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name': 'ClusterName',
      'MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value': 'cruddur',
      'MetricDataQueries.member.1.MetricStat.Period': '60',
      'MetricDataQueries.member.1.MetricStat.Stat': 'Average',
      StartTime: new Date((now - 3600) * 1000).toISOString(),
      EndTime: new Date(now * 1000).toISOString(),
    });

    const target = {
      ServiceNamespace: 'ecs',
      ResourceId: 'service/cruddur/frontend-react-js',
      ScalableDimension: 'ecs:service:DesiredCount',
    };
    await ok('application-autoscaling', 'RegisterScalableTarget', {
      ...target,
      MinCapacity: 1,
      MaxCapacity: 3,
    });
    await ok('application-autoscaling', 'PutScalingPolicy', {
      ...target,
      PolicyName: 'cpu',
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 60,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      },
    });
    await ok('application-autoscaling', 'DescribeScalableTargets', { ServiceNamespace: 'ecs' });
    await ok('application-autoscaling', 'DescribeScalingPolicies', { ServiceNamespace: 'ecs' });
    await ok('application-autoscaling', 'DescribeScalingActivities', { ServiceNamespace: 'ecs' });
    await ok('application-autoscaling', 'DeleteScalingPolicy', {
      ...target,
      PolicyName: 'cpu',
    });
    await ok('application-autoscaling', 'DeregisterScalableTarget', target);

    const clusters = await ok('ecs', 'DescribeClusters', { clusters: ['cruddur'] });
    await ok('servicediscovery', 'GetNamespace', {
      Id: text(clusters, 'clusters', 0, 'serviceConnectDefaults', 'namespace').split('/').pop(),
    });

    await okQuery('sts', 'GetCallerIdentity');
    const assumed = await okQuery('sts', 'AssumeRole', {
      RoleArn: 'arn:aws:iam::123456789012:role/berth-reader',
      RoleSessionName: 'conformance',
      DurationSeconds: '900',
    });
    expect(text(assumed, 'AssumedRoleUser', 'Arn')).toBe(
      'arn:aws:sts::123456789012:assumed-role/berth-reader/conformance',
    );

    await okQuery('elasticloadbalancing', 'DescribeLoadBalancers');
    const groups = await okQuery('elasticloadbalancing', 'DescribeTargetGroups');
    await okQuery('elasticloadbalancing', 'DescribeTargetHealth', {
      TargetGroupArn: text(groups, 'TargetGroups', 'member', 0, 'TargetGroupArn'),
    });
  });

  it('answers every operation called with an empty request as its model allows', async () => {
    for (const service of Object.values(SERVICES))
      for (const operation of Object.keys(service.operations)) {
        const answer = await callJson(h.sandbox.url, service.name, operation, {});
        expect(judge(service.name, operation, answer, 'json'), operation).toEqual([]);
      }
    for (const [version, service] of Object.entries(QUERY_SERVICES))
      for (const operation of Object.keys(service.operations)) {
        const answer = await callQuery(h.sandbox.url, version, operation);
        expect(judge(service.name, operation, answer, 'xml'), operation).toEqual([]);
      }
  });

  it('has checked a successful answer of every operation the sandbox implements', () => {
    const implemented = [
      ...Object.values(SERVICES).flatMap((s) =>
        [...Object.keys(s.operations), ...Object.keys(s.streaming ?? {})].map(
          (op) => `${s.name} ${op}`,
        ),
      ),
      ...Object.values(QUERY_SERVICES).flatMap((s) =>
        Object.keys(s.operations).map((op) => `${s.name} ${op}`),
      ),
    ];
    const succeeded = new Set(
      checked.filter((c) => c.status === 200).map((c) => `${c.service} ${c.operation}`),
    );
    // Operations the sandbox answers with an error whenever AWS would for its world.
    const errorsOnly = ['ecs DescribeTaskSets']; // every sandbox service has the ECS controller
    expect(implemented.filter((op) => !succeeded.has(op))).toEqual(errorsOnly);
    expect(checked.flatMap((c) => c.problems)).toEqual([]);
  });
});

/** The first `count` events of an event stream, decoded as the SDK would. */
async function readEvents(body: ReadableStream<Uint8Array>, count: number) {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const reader = body.getReader();
  const events: { type: string; payload: unknown }[] = [];
  let buffer = new Uint8Array(0);
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer = Buffer.concat([buffer, value]);
    while (buffer.length >= 4) {
      const length = new DataView(buffer.buffer, buffer.byteOffset).getUint32(0);
      if (buffer.length < length) break;
      const message = codec.decode(buffer.subarray(0, length));
      buffer = buffer.subarray(length);
      events.push({
        type: String(message.headers[':event-type']?.value),
        payload: JSON.parse(toUtf8(message.body)) as unknown,
      });
    }
  }
  await reader.cancel();
  return events.slice(0, count);
}
