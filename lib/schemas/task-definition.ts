/**
 * The task definition JSON a person pastes, checked before anything reaches AWS: everything
 * RegisterTaskDefinition would reject, and a little more, each problem pointing at its JSON
 * path and line with how to fix it. All problems at once, not AWS's one at a time.
 */
import {
  findNodeAtLocation,
  parse,
  parseTree,
  printParseErrorCode,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import { z } from 'zod';
import { describeMemoryOptions, FARGATE_MEMORY_BY_CPU } from '../ecs/fargate';
import { SECRET_MASK } from '../ecs/secrets';

export type JsonPath = (string | number)[];

export interface Problem {
  path: JsonPath;
  message: string;
  /** 1-based line in the text, where the path (or its nearest parent) is. */
  line?: number;
}

/** Fields of describe-task-definition output that RegisterTaskDefinition does not take. */
export const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
] as const;

/** The registration JSON of a described task definition: its read-only fields dropped. */
export function stripReadOnly(definition: Record<string, unknown>): Record<string, unknown> {
  const fields: readonly string[] = READ_ONLY_FIELDS;
  return Object.fromEntries(
    Object.entries(definition).filter(
      ([key, value]) => !fields.includes(key) && value !== undefined,
    ),
  );
}

const REGISTER_FIELDS = new Set([
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
]);

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

const int = (field: string, low: number, high: number) =>
  z
    .number({ message: `${field} must be a number.` })
    .int(`${field} must be a whole number.`)
    .min(low, `${field} must be between ${low} and ${high}.`)
    .max(high, `${field} must be between ${low} and ${high}.`);

const PortMapping = z.looseObject({
  containerPort: int('containerPort', 1, 65535),
  hostPort: int('hostPort', 0, 65535).optional(),
  protocol: z.enum(['tcp', 'udp'], { message: 'protocol is "tcp" or "udp".' }).optional(),
  name: z
    .string()
    .regex(
      /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/,
      'Port names are lowercase letters, digits and hyphens (up to 64), as Service Connect needs.',
    )
    .optional(),
  appProtocol: z
    .enum(['http', 'http2', 'grpc'], { message: 'appProtocol is "http", "http2" or "grpc".' })
    .optional(),
});

const HealthCheck = z.looseObject({
  command: z
    .array(z.string(), {
      message:
        'healthCheck.command is a list of strings, e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"].',
    })
    .min(1, 'healthCheck.command cannot be empty.')
    .refine((command) => command[0] === 'CMD' || command[0] === 'CMD-SHELL', {
      message:
        'healthCheck.command must start with "CMD" or "CMD-SHELL", e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"].',
    }),
  interval: int('healthCheck.interval', 5, 300).optional(),
  timeout: int('healthCheck.timeout', 2, 60).optional(),
  retries: int('healthCheck.retries', 1, 10).optional(),
  startPeriod: int('healthCheck.startPeriod', 0, 300).optional(),
});

const LOG_DRIVERS = [
  'awslogs',
  'awsfirelens',
  'splunk',
  'fluentd',
  'gelf',
  'journald',
  'json-file',
  'logentries',
  'syslog',
  'none',
] as const;

const LogConfiguration = z.looseObject({
  logDriver: z.enum(LOG_DRIVERS, { message: `logDriver is one of ${LOG_DRIVERS.join(', ')}.` }),
  options: z.record(z.string(), z.string({ message: 'Log options are strings.' })).optional(),
});

const KeyValue = z
  .looseObject({
    name: z
      .string({ message: 'Each environment entry needs a name.' })
      .min(1, 'Each environment entry needs a name.'),
    value: z.string({ message: 'Environment values are strings: quote numbers and booleans.' }),
  })
  // Pasted from Berth's own JSON view, a masked value would be registered as the mask itself.
  .superRefine((entry, ctx) => {
    if (entry.value.includes(SECRET_MASK)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `${entry.name} holds Berth's mask (${SECRET_MASK}), not its value: reveal the value and paste it, type it again, or move it to "secrets" (Secrets Manager or Parameter Store).`,
      });
    }
  });

const Secret = z.looseObject({
  name: z.string({ message: 'Each secret needs a name.' }).min(1, 'Each secret needs a name.'),
  valueFrom: z
    .string({ message: 'Each secret needs valueFrom: an SSM parameter or Secrets Manager ARN.' })
    .min(1, 'Each secret needs valueFrom.'),
});

const Container = z.looseObject({
  name: z
    .string({ message: 'Every container needs a name.' })
    .regex(NAME, 'Container names are 1-255 letters, digits, hyphens and underscores.'),
  image: z
    .string({
      message:
        'Every container needs an image, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2.',
    })
    .min(1, 'image cannot be empty.'),
  essential: z.boolean({ message: 'essential is true or false.' }).optional(),
  cpu: int('cpu', 0, 16384).optional(),
  memory: int('memory', 6, 122880).optional(),
  memoryReservation: int('memoryReservation', 6, 122880).optional(),
  portMappings: z.array(PortMapping, { message: 'portMappings is a list.' }).optional(),
  healthCheck: HealthCheck.optional(),
  logConfiguration: LogConfiguration.optional(),
  environment: z
    .array(KeyValue, { message: 'environment is a list of {"name", "value"}.' })
    .optional(),
  secrets: z.array(Secret, { message: 'secrets is a list of {"name", "valueFrom"}.' }).optional(),
});

export const TaskDefinitionInput = z.looseObject({
  family: z
    .string({ message: 'family is required: the name revisions are registered under.' })
    .regex(NAME, 'family is 1-255 letters, digits, hyphens and underscores.'),
  containerDefinitions: z
    .array(Container, { message: 'containerDefinitions is required: a list of containers.' })
    .min(1, 'containerDefinitions needs at least one container.')
    .max(10, 'A task definition can have at most 10 containers.'),
  networkMode: z
    .enum(['awsvpc', 'bridge', 'host', 'none'], {
      message: 'networkMode is "awsvpc", "bridge", "host" or "none".',
    })
    .optional(),
  requiresCompatibilities: z
    .array(
      z.enum(['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'], {
        message:
          'requiresCompatibilities holds "FARGATE", "EC2", "EXTERNAL" or "MANAGED_INSTANCES".',
      }),
    )
    .optional(),
  cpu: z.string({ message: 'cpu is a string of CPU units, e.g. "256".' }).optional(),
  memory: z.string({ message: 'memory is a string of MiB, e.g. "512".' }).optional(),
  executionRoleArn: z
    .string()
    .regex(
      ROLE_ARN,
      'executionRoleArn must be an IAM role ARN, arn:aws:iam::<account>:role/<name>.',
    )
    .optional(),
  taskRoleArn: z
    .string()
    .regex(ROLE_ARN, 'taskRoleArn must be an IAM role ARN, arn:aws:iam::<account>:role/<name>.')
    .optional(),
});

export type TaskDefinitionInput = z.infer<typeof TaskDefinitionInput>;

/** "1 vCPU" / "0.5 GB" are accepted by AWS too; compare as units. */
function units(value: string | undefined, unit: 'cpu' | 'memory'): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const match =
    unit === 'cpu'
      ? /^([\d.]+)\s*vcpu$/i.exec(value.trim())
      : /^([\d.]+)\s*gb$/i.exec(value.trim());
  return match ? Math.round(Number(match[1]) * 1024) : Number.NaN;
}

/** The rules that span fields: Fargate sizes and network mode, essential containers, awslogs. */
function crossFieldProblems(input: TaskDefinitionInput, raw: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const key of Object.keys(raw)) {
    if (!REGISTER_FIELDS.has(key)) {
      problems.push({
        path: [key],
        message: `Unknown field "${key}": RegisterTaskDefinition does not take it. Remove it.`,
      });
    }
  }
  const containers = input.containerDefinitions;
  const fargate = input.requiresCompatibilities?.includes('FARGATE') ?? false;
  const cpu = units(input.cpu, 'cpu');
  const memory = units(input.memory, 'memory');

  if (!containers.some((c) => c.essential !== false)) {
    problems.push({
      path: ['containerDefinitions'],
      message:
        'At least one container must be essential (essential defaults to true; set it on your main container).',
    });
  }
  const seen = new Map<string, number>();
  containers.forEach((c, i) => {
    if (seen.has(c.name)) {
      problems.push({
        path: ['containerDefinitions', i, 'name'],
        message: `Duplicate container name "${c.name}" (also container ${seen.get(c.name)}): names must be unique.`,
      });
    } else seen.set(c.name, i);
  });

  if (fargate) {
    if (input.networkMode !== 'awsvpc') {
      problems.push({
        path: ['networkMode'],
        message: `Fargate needs networkMode "awsvpc"${input.networkMode ? `, not "${input.networkMode}"` : ''}.`,
      });
    }
    if (cpu === undefined) {
      problems.push({
        path: ['cpu'],
        message: `Fargate needs a task-level cpu: one of ${[...FARGATE_MEMORY_BY_CPU.keys()].join(', ')}.`,
      });
    } else if (!FARGATE_MEMORY_BY_CPU.has(cpu)) {
      problems.push({
        path: ['cpu'],
        message: `cpu ${input.cpu} is not a Fargate size: use ${[...FARGATE_MEMORY_BY_CPU.keys()].join(', ')}.`,
      });
    }
    if (memory === undefined) {
      problems.push({
        path: ['memory'],
        message: `Fargate needs a task-level memory${cpu && FARGATE_MEMORY_BY_CPU.has(cpu) ? `: with cpu ${cpu} use ${describeMemoryOptions(cpu)}` : ''}.`,
      });
    } else if (
      cpu !== undefined &&
      FARGATE_MEMORY_BY_CPU.has(cpu) &&
      !FARGATE_MEMORY_BY_CPU.get(cpu)?.includes(memory)
    ) {
      problems.push({
        path: ['memory'],
        message: `memory ${input.memory} does not go with cpu ${input.cpu} on Fargate: use ${describeMemoryOptions(cpu)}.`,
      });
    }
  } else if (memory === undefined) {
    containers.forEach((c, i) => {
      if (c.memory === undefined && c.memoryReservation === undefined) {
        problems.push({
          path: ['containerDefinitions', i],
          message: `Container "${c.name}" needs memory or memoryReservation when the task sets no memory.`,
        });
      }
    });
  }

  containers.forEach((c, i) => {
    if (
      memory !== undefined &&
      !Number.isNaN(memory) &&
      c.memory !== undefined &&
      c.memory > memory
    ) {
      problems.push({
        path: ['containerDefinitions', i, 'memory'],
        message: `Container "${c.name}" asks for ${c.memory} MiB, more than the task's ${memory}.`,
      });
    }
    (c.portMappings ?? []).forEach((p, j) => {
      if (
        (input.networkMode === 'awsvpc' || fargate) &&
        p.hostPort !== undefined &&
        p.hostPort !== p.containerPort
      ) {
        problems.push({
          path: ['containerDefinitions', i, 'portMappings', j, 'hostPort'],
          message: `With awsvpc, hostPort must equal containerPort (${p.containerPort}) or be left out.`,
        });
      }
    });
    const logs = c.logConfiguration;
    if (logs?.logDriver === 'awslogs') {
      const options = logs.options ?? {};
      const required = [
        'awslogs-group',
        'awslogs-region',
        ...(fargate ? ['awslogs-stream-prefix'] : []),
      ];
      for (const option of required) {
        if (!options[option]) {
          problems.push({
            path: ['containerDefinitions', i, 'logConfiguration', 'options'],
            message: `The awslogs driver needs option "${option}"${option === 'awslogs-stream-prefix' ? ' on Fargate (streams are prefix/container/task-id)' : ''}.`,
          });
        }
      }
      if (fargate && !input.executionRoleArn) {
        problems.push({
          path: ['executionRoleArn'],
          message: `Fargate needs executionRoleArn to send container "${c.name}"'s logs with awslogs.`,
        });
      }
    }
  });
  return problems;
}

const JSON_ERRORS: Record<string, string> = {
  CommaExpected: 'a comma is missing before this',
  ColonExpected: 'a colon (:) is missing after the property name',
  PropertyNameExpected: 'a property name in double quotes is expected (trailing comma?)',
  ValueExpected: 'a value is expected (trailing comma, or a missing value?)',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'there is text after the end of the JSON',
  InvalidSymbol: 'this is not valid JSON (single quotes or a comment?)',
  UnexpectedEndOfString: 'a string is not closed',
  InvalidCommentToken: 'JSON has no comments',
};

function lineAt(text: string, offset: number) {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Deeper than any task definition; deeper input is refused before it is parsed. */
export const MAX_DEPTH = 32;

/** The deepest nesting of [ and { outside strings, stopping once past MAX_DEPTH. */
export function nestingDepth(text: string): { depth: number; line: number } {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (++depth > MAX_DEPTH) return { depth, line: lineAt(text, i) };
    } else if (c === '}' || c === ']') depth--;
  }
  return { depth: 0, line: 0 };
}

/**
 * Property nodes named "__proto__": parsing assigns them as the object's prototype, so what they
 * hold is invisible to JSON.stringify (the preview) yet read by the SDK (what is sent).
 */
function protoKeys(root: JsonNode): JsonNode[] {
  const found: JsonNode[] = [];
  const stack = [root];
  while (stack.length) {
    const node = stack.pop();
    if (!node) break;
    if (node.type === 'property' && node.children?.[0]?.value === '__proto__') found.push(node);
    stack.push(...(node.children ?? []));
  }
  return found.sort((a, b) => a.offset - b.offset);
}

export type CheckResult =
  | { ok: true; registration: Record<string, unknown>; family: string }
  | { ok: false; problems: Problem[] };

/**
 * Checks pasted JSON: the --cli-input-json shape, or the whole describe-task-definition output
 * (read-only fields are dropped). Returns what to send to RegisterTaskDefinition, or every problem.
 */
export function checkTaskDefinitionJson(text: string): CheckResult {
  if (text.trim() === '') {
    return {
      ok: false,
      problems: [{ path: [], line: 1, message: 'Paste a task definition: the JSON is empty.' }],
    };
  }
  const depth = nestingDepth(text);
  if (depth.depth > MAX_DEPTH) {
    return {
      ok: false,
      problems: [
        {
          path: [],
          line: depth.line,
          message: `The JSON is nested ${MAX_DEPTH}+ levels deep at line ${depth.line}; a task definition is at most a few levels deep. Paste the task definition itself.`,
        },
      ],
    };
  }
  const errors: ParseError[] = [];
  const parsed: unknown = parse(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
  });
  // Text that is not blank and parses to nothing always has an error.
  const first = errors[0];
  if (first) {
    const line = lineAt(text, first.offset);
    const column = first.offset - text.lastIndexOf('\n', first.offset - 1);
    const code = printParseErrorCode(first.error);
    return {
      ok: false,
      problems: [
        {
          path: [],
          line,
          message: `Invalid JSON at line ${line}, column ${column}: ${JSON_ERRORS[code] ?? code}.`,
        },
      ],
    };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return {
      ok: false,
      problems: [
        {
          path: [],
          line: 1,
          message:
            'A task definition is a JSON object: {"family": ..., "containerDefinitions": [...]}.',
        },
      ],
    };
  }
  // describe-task-definition output wraps the definition in {"taskDefinition": ..., "tags": [...]}.
  const root = parsed as Record<string, unknown>;
  const inner = root.taskDefinition;
  const wrapped = typeof inner === 'object' && inner !== null && !Array.isArray(inner);
  const prefix: JsonPath = wrapped ? ['taskDefinition'] : [];
  const body: Record<string, unknown> = {
    ...(wrapped ? (inner as Record<string, unknown>) : root),
  };
  if (wrapped && Array.isArray(root.tags) && root.tags.length > 0) body.tags = root.tags;
  for (const field of READ_ONLY_FIELDS) delete body[field];

  const tree = parseTree(text);
  const hidden = tree ? protoKeys(tree) : [];
  if (hidden.length > 0) {
    return {
      ok: false,
      problems: hidden.map((node) => ({
        path: [],
        line: lineAt(text, node.offset),
        message:
          '"__proto__" is not a task definition field: remove it. (JavaScript would hide what it holds from the preview and still send it.)',
      })),
    };
  }
  const locate = (path: JsonPath): number | undefined => {
    for (let end = path.length; end >= 0; end--) {
      const node = tree && findNodeAtLocation(tree, [...prefix, ...path.slice(0, end)]);
      if (node)
        return lineAt(text, node.parent?.type === 'property' ? node.parent.offset : node.offset);
    }
    return undefined;
  };

  const result = TaskDefinitionInput.safeParse(body);
  const problems: Problem[] = result.success
    ? crossFieldProblems(result.data, body)
    : result.error.issues.map((issue) => ({
        path: issue.path as JsonPath,
        message: issue.message,
      }));
  if (!result.success || problems.length > 0) {
    return { ok: false, problems: problems.map((p) => ({ ...p, line: locate(p.path) })) };
  }
  return { ok: true, registration: body, family: result.data.family };
}

/** `containerDefinitions[1].healthCheck.interval` */
export function formatPath(path: JsonPath): string {
  return path.reduce<string>(
    (out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part),
    '',
  );
}
