/**
 * Points lib/aws at a fresh sandbox for one test file: the sandbox starts first, then Berth's
 * environment is set and its modules are imported, as the server would at boot.
 */
import {
  CreateServiceCommand,
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { beforeAll } from 'vitest';
import { resetEnvForTests } from '../env';
import { NETWORK, setupSandbox, type Harness } from '../../sandbox/tests/harness';
import type { SandboxOptions } from '../../sandbox/server';

export interface Calls {
  calls: Record<string, number>;
  total: number;
  /** SANDBOX_SEED=multi: the calls of each account/region. */
  byWorld?: Record<string, Record<string, number>>;
}

export function setupBerth(options: SandboxOptions & { cacheTtlMs?: number } = {}) {
  const harness = setupSandbox(options);
  beforeAll(() => {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: harness.sandbox.url,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      BERTH_CACHE_TTL_MS: String(options.cacheTtlMs ?? 300),
      // A shared live tail closes as its last viewer leaves, unless a test says otherwise.
      BERTH_LIVE_TAIL_LINGER_SECONDS: '0',
    });
  });
  return {
    harness,
    async stats(): Promise<Calls> {
      return harness.admin<Calls>('GET', '/_sandbox/stats');
    },
    async resetStats() {
      await harness.admin('DELETE', '/_sandbox/stats');
    },
  };
}

export type { Harness };

/** Starts a rollout of `service` to `taskDefinition` and returns its service deployment ARN. */
export async function startRollout(
  harness: Harness,
  cluster: string,
  service: string,
  taskDefinition: string,
): Promise<string> {
  await harness.ecs.send(new UpdateServiceCommand({ cluster, service, taskDefinition }));
  const { serviceDeployments = [] } = await harness.ecs.send(
    new ListServiceDeploymentsCommand({ cluster, service, status: ['IN_PROGRESS'] }),
  );
  return serviceDeployments[0]?.serviceDeploymentArn ?? '';
}

/** Sets (or, with undefined, removes) environment variables and has Berth read them again. */
export function configure(vars: Record<string, string | undefined>) {
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnvForTests();
}

/**
 * The targets of SANDBOX_SEED=multi: prod by the default chain (account 111111111111, whose
 * ca-central-1 holds cruddur) and staging by its role (222222222222, us-east-1 holds
 * cruddur-staging). Tests append targets of their own.
 */
export const MULTI_TARGETS = `
targets:
  - { name: prod, regions: [ca-central-1], color: red }
  - name: staging
    roleArn: "arn:aws:iam::222222222222:role/berth"
    externalId: berth-sandbox
    regions: [us-east-1, ca-central-1]
`;

/** A Fargate service with no tasks, made behind Berth's back (straight to the sandbox). */
export function addIdleService(
  harness: Harness,
  cluster: string,
  serviceName: string,
  taskDefinition: string,
) {
  return harness.ecs.send(
    new CreateServiceCommand({
      cluster,
      serviceName,
      taskDefinition,
      desiredCount: 0,
      networkConfiguration: NETWORK,
    }),
  );
}
