import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../wire.js';
import { checkTaskDefinition } from './task-definition-rules.js';

const container = (extra: JsonObject = {}): JsonObject => ({
  name: 'app',
  image: 'nginx:1.27',
  ...extra,
});
const fargate = (extra: JsonObject = {}, containers: JsonObject[] = [container()]): JsonObject => ({
  family: 'app',
  networkMode: 'awsvpc',
  requiresCompatibilities: ['FARGATE'],
  cpu: '256',
  memory: '512',
  containerDefinitions: containers,
  ...extra,
});
const awslogs = (options: Record<string, string>) => ({
  logConfiguration: { logDriver: 'awslogs', options },
});
const fullLogs = {
  'awslogs-group': 'g',
  'awslogs-region': 'us-east-1',
  'awslogs-stream-prefix': 'p',
};

describe('RegisterTaskDefinition rules', () => {
  it.each<[string, JsonObject, string]>([
    ['bad family', fargate({ family: 'my app' }), 'Family contains invalid characters'],
    ['no containers', fargate({}, []), 'Container list cannot be empty.'],
    ['no image', fargate({}, [{ name: 'app' }]), 'Container.image should not be null or empty.'],
    ['no name', fargate({}, [{ image: 'x' }]), 'Container.name should not be null or empty.'],
    ['duplicate names', fargate({}, [container(), container()]), "Duplicate container name 'app'"],
    [
      'no essential',
      fargate({}, [container({ essential: false })]),
      'at least one essential container',
    ],
    [
      'fargate without awsvpc',
      fargate({ networkMode: 'bridge' }),
      "Fargate only supports network mode 'awsvpc'.",
    ],
    [
      'fargate without cpu',
      fargate({ cpu: undefined }),
      "Fargate requires that 'cpu' be defined at the task level.",
    ],
    ['fargate bad cpu', fargate({ cpu: '300' }), "Invalid 'cpu' setting for task."],
    [
      'fargate bad pair',
      fargate({ cpu: '256', memory: '4096' }),
      'No Fargate configuration exists for given values: 256 CPU, 4096 memory.',
    ],
    [
      'fargate 8 vCPU step',
      fargate({ cpu: '8192', memory: '17408' }),
      'No Fargate configuration exists for given values: 8192 CPU, 17408 memory.',
    ],
    [
      'awsvpc host port',
      fargate({}, [container({ portMappings: [{ containerPort: 80, hostPort: 8080 }] })]),
      'host ports and container ports in port mappings must match',
    ],
    [
      'bad port',
      fargate({}, [container({ portMappings: [{ containerPort: 70000 }] })]),
      'Invalid port 70000',
    ],
    [
      'health check command',
      fargate({}, [container({ healthCheck: { command: ['curl', 'x'] } })]),
      'must start with CMD or CMD-SHELL',
    ],
    [
      'health check interval',
      fargate({}, [container({ healthCheck: { command: ['CMD', 'true'], interval: 4 } })]),
      'Invalid healthCheck interval 4',
    ],
    [
      'health check retries',
      fargate({}, [container({ healthCheck: { command: ['CMD', 'true'], retries: 11 } })]),
      'Invalid healthCheck retries 11',
    ],
    [
      'awslogs without execution role',
      fargate({}, [container(awslogs(fullLogs))]),
      'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
    ],
    [
      'awslogs without group',
      fargate({ executionRoleArn: 'arn:aws:iam::1:role/x' }, [
        container(awslogs({ 'awslogs-region': 'r' })),
      ]),
      "requires option 'awslogs-group'",
    ],
    [
      'awslogs without prefix on fargate',
      fargate({ executionRoleArn: 'arn:aws:iam::1:role/x' }, [
        container(awslogs({ 'awslogs-group': 'g', 'awslogs-region': 'r' })),
      ]),
      "'awslogs-stream-prefix' is required",
    ],
    [
      'ec2 container without memory',
      { family: 'ec2', containerDefinitions: [container()] },
      "At least one of 'memory' or 'memoryReservation' must be specified.",
    ],
  ])('%s', (_, input, message) => {
    expect(() => checkTaskDefinition(input)).toThrow(message);
  });

  it.each<[string, JsonObject]>([
    ['minimal fargate', fargate()],
    ['vCPU and GB units', fargate({ cpu: '1 vCPU', memory: '2 GB' })],
    ['16 vCPU', fargate({ cpu: '16384', memory: '122880' })],
    [
      'awslogs with role',
      fargate({ executionRoleArn: 'arn:aws:iam::1:role/x' }, [container(awslogs(fullLogs))]),
    ],
    [
      'ec2 with container memory',
      { family: 'ec2', containerDefinitions: [container({ memory: 256 })] },
    ],
  ])('accepts %s', (_, input) => {
    expect(() => checkTaskDefinition(input)).not.toThrow();
  });

  it('fills AWS defaults', () => {
    const checked = checkTaskDefinition(
      fargate({}, [
        container({
          portMappings: [{ containerPort: 80 }],
          healthCheck: { command: ['CMD', 'true'] },
        }),
      ]),
    );
    expect(checked.containers[0]).toMatchObject({
      essential: true,
      portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }],
      healthCheck: { interval: 30, timeout: 5, retries: 3, startPeriod: 0 },
    });
    expect(checkTaskDefinition(fargate({ cpu: '0.5 vCPU', memory: '1GB' }))).toMatchObject({
      cpu: '512',
      memory: '1024',
    });
  });
});
