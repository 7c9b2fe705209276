/**
 * RegisterTaskDefinition's checks, in AWS's order and words: AWS reports the first problem
 * it finds as a ClientException. Returns the normalised containers on success.
 */
import { clientException } from '../errors.js';
import { isObject, optArray, optObject, optString, optStrings } from '../input.js';
import { type Json, type JsonObject } from '../wire.js';
import type { ContainerDefinition, HealthCheck } from './model.js';

/** Fargate task sizes: cpu units -> valid memory MiB. */
export const FARGATE_SIZES: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let value = from; value <= to; value += step) out.push(value);
  return out;
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** "1 vCPU" -> "1024", "0.5 GB" -> "512": AWS accepts both forms and stores units. */
export function normaliseSize(value: string | undefined, unit: 'cpu' | 'memory') {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return trimmed;
  const match =
    unit === 'cpu' ? /^([\d.]+)\s*vcpu$/i.exec(trimmed) : /^([\d.]+)\s*gb$/i.exec(trimmed);
  if (!match) throw clientException(`Invalid '${unit}' setting for task.`);
  return String(Math.round(Number(match[1]) * 1024));
}

export interface CheckedTaskDefinition {
  family: string;
  networkMode: string;
  requiresCompatibilities: string[];
  cpu?: string;
  memory?: string;
  containers: ContainerDefinition[];
  containerBodies: JsonObject[];
}

export function checkTaskDefinition(input: JsonObject): CheckedTaskDefinition {
  const family = optString(input, 'family') ?? '';
  if (!NAME.test(family)) {
    throw clientException(
      'Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.',
    );
  }
  const requiresCompatibilities = optStrings(input, 'requiresCompatibilities') ?? [];
  const fargate = requiresCompatibilities.includes('FARGATE');
  const networkMode = optString(input, 'networkMode') ?? (fargate ? '' : 'bridge');
  if (
    !['bridge', 'host', 'awsvpc', 'none'].includes(networkMode) &&
    !(fargate && networkMode === '')
  ) {
    throw clientException(
      `Invalid networkMode '${networkMode}'. Valid values: bridge, host, awsvpc, none.`,
    );
  }
  const cpu = normaliseSize(optString(input, 'cpu'), 'cpu');
  const memory = normaliseSize(optString(input, 'memory'), 'memory');

  const rawContainers = optArray(input, 'containerDefinitions') ?? [];
  if (rawContainers.length === 0) throw clientException('Container list cannot be empty.');
  if (rawContainers.length > 10) {
    throw clientException('Too many containers. A task definition can have at most 10 containers.');
  }
  const seen = new Set<string>();
  const containers: ContainerDefinition[] = [];
  const containerBodies: JsonObject[] = [];
  for (const raw of rawContainers) {
    const { definition, body } = checkContainer(raw, networkMode, memory === undefined);
    if (seen.has(definition.name)) {
      throw clientException(
        `Duplicate container name '${definition.name}'. Container names must be unique within a task definition.`,
      );
    }
    seen.add(definition.name);
    containers.push(definition);
    containerBodies.push(body);
  }
  if (!containers.some((container) => container.essential)) {
    throw clientException('Task definition must contain at least one essential container.');
  }

  if (fargate) {
    if (networkMode !== 'awsvpc')
      throw clientException("Fargate only supports network mode 'awsvpc'.");
    if (cpu === undefined)
      throw clientException("Fargate requires that 'cpu' be defined at the task level.");
    if (memory === undefined)
      throw clientException("Fargate requires that 'memory' be defined at the task level.");
    const memoryOptions = FARGATE_SIZES.get(Number(cpu));
    if (!memoryOptions) throw clientException("Invalid 'cpu' setting for task.");
    if (!memoryOptions.includes(Number(memory))) {
      throw clientException(
        `No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`,
      );
    }
    const usesAwslogs = containers.some((c) => c.logConfiguration?.logDriver === 'awslogs');
    if (usesAwslogs && !optString(input, 'executionRoleArn')) {
      throw clientException(
        'Fargate requires task definition to have execution role ARN to support log driver awslogs.',
      );
    }
    for (const container of containers) {
      const options = container.logConfiguration;
      if (options?.logDriver === 'awslogs' && !options.options['awslogs-stream-prefix']) {
        throw clientException(
          `Invalid setting for container '${container.name}'. 'awslogs-stream-prefix' is required for the awslogs log driver on Fargate.`,
        );
      }
    }
  }
  return { family, networkMode, requiresCompatibilities, cpu, memory, containers, containerBodies };
}

function checkContainer(raw: Json, networkMode: string, noTaskMemory: boolean) {
  if (!isObject(raw)) throw clientException('Container definitions must be structures.');
  const name = optString(raw, 'name') ?? '';
  if (name === '') throw clientException('Container.name should not be null or empty.');
  if (!NAME.test(name)) {
    throw clientException(
      `Container name '${name}' contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.`,
    );
  }
  const image = optString(raw, 'image') ?? '';
  if (image === '') throw clientException('Container.image should not be null or empty.');
  const essential = raw.essential === undefined ? true : raw.essential === true;
  if (noTaskMemory && raw.memory === undefined && raw.memoryReservation === undefined) {
    throw clientException(
      `Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
    );
  }

  const portMappings = (optArray(raw, 'portMappings') ?? []).map((mapping) => {
    if (!isObject(mapping) || typeof mapping.containerPort !== 'number') {
      throw clientException(
        `Invalid setting for container '${name}'. Port mappings need a containerPort.`,
      );
    }
    const containerPort = mapping.containerPort;
    if (!Number.isInteger(containerPort) || containerPort < 1 || containerPort > 65535) {
      throw clientException(
        `Invalid port ${containerPort} for container '${name}'. Ports must be between 1 and 65535.`,
      );
    }
    const hostPort = typeof mapping.hostPort === 'number' ? mapping.hostPort : undefined;
    if (networkMode === 'awsvpc' && hostPort !== undefined && hostPort !== containerPort) {
      throw clientException(
        'When networkMode=awsvpc, the host ports and container ports in port mappings must match.',
      );
    }
    const protocol = typeof mapping.protocol === 'string' ? mapping.protocol : 'tcp';
    if (protocol !== 'tcp' && protocol !== 'udp') {
      throw clientException(
        `Invalid protocol '${protocol}' for container '${name}'. Valid values: tcp, udp.`,
      );
    }
    return {
      ...mapping,
      containerPort,
      hostPort:
        hostPort ?? (networkMode === 'awsvpc' || networkMode === 'host' ? containerPort : 0),
      protocol,
      ...(typeof mapping.name === 'string' ? { name: mapping.name } : {}),
    };
  });

  const healthCheck = checkHealthCheck(optObject(raw, 'healthCheck'), name);
  const logConfiguration = checkLogConfiguration(optObject(raw, 'logConfiguration'), name);

  const definition: ContainerDefinition = {
    name,
    image,
    essential,
    portMappings: portMappings.map((m) => ({
      containerPort: m.containerPort,
      hostPort: m.hostPort,
      protocol: m.protocol,
      name: typeof m.name === 'string' ? m.name : undefined,
    })),
    healthCheck,
    logConfiguration,
  };
  const body: JsonObject = {
    cpu: 0,
    environment: [],
    mountPoints: [],
    volumesFrom: [],
    systemControls: [],
    ...raw,
    name,
    image,
    essential,
    portMappings,
    ...(healthCheck ? { healthCheck: { ...healthCheck } } : {}),
    ...(logConfiguration ? { logConfiguration: { ...logConfiguration, secretOptions: [] } } : {}),
  };
  return { definition, body };
}

function checkHealthCheck(raw: JsonObject | undefined, container: string): HealthCheck | undefined {
  if (!raw) return undefined;
  const command = optStrings(raw, 'command') ?? [];
  if (command.length === 0 || !['CMD', 'CMD-SHELL', 'NONE'].includes(command[0] ?? '')) {
    throw clientException(
      `Invalid healthCheck command for container '${container}'. The command must start with CMD or CMD-SHELL, e.g. ["CMD-SHELL", "curl -f http://localhost/ || exit 1"].`,
    );
  }
  const bounded = (key: string, low: number, high: number, fallback: number) => {
    const value = raw[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < low || value > high) {
      throw clientException(
        `Invalid healthCheck ${key} ${JSON.stringify(value)} for container '${container}'. It must be between ${low} and ${high}.`,
      );
    }
    return value;
  };
  return {
    command,
    interval: bounded('interval', 5, 300, 30),
    timeout: bounded('timeout', 2, 60, 5),
    retries: bounded('retries', 1, 10, 3),
    startPeriod: bounded('startPeriod', 0, 300, 0),
  };
}

function checkLogConfiguration(raw: JsonObject | undefined, container: string) {
  if (!raw) return undefined;
  const logDriver = optString(raw, 'logDriver') ?? '';
  const drivers = [
    'awslogs',
    'awsfirelens',
    'splunk',
    'json-file',
    'syslog',
    'journald',
    'gelf',
    'fluentd',
    'logentries',
    'none',
  ];
  if (!drivers.includes(logDriver)) {
    throw clientException(`Invalid logDriver '${logDriver}' for container '${container}'.`);
  }
  const options: Record<string, string> = {};
  for (const [key, value] of Object.entries(optObject(raw, 'options') ?? {})) {
    if (typeof value === 'string') options[key] = value;
  }
  if (logDriver === 'awslogs') {
    for (const required of ['awslogs-group', 'awslogs-region']) {
      if (!options[required]) {
        throw clientException(
          `Invalid setting for container '${container}'. Log driver awslogs requires option '${required}'.`,
        );
      }
    }
  }
  return { logDriver, options };
}
