import 'server-only';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { env } from '../env';

/**
 * One client per service and region, created once and reused (the SDK's advice: clients hold
 * connection pools and resolved credentials). Kept on globalThis so dev reloads reuse them.
 */
const store = ((globalThis as { __berthClients?: Map<string, unknown> }).__berthClients ??= new Map<
  string,
  unknown
>());

function config() {
  const { region, endpoint } = env();
  return {
    ...(region ? { region } : {}),
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: 3,
  };
}

function client<T>(key: string, create: () => T): T {
  const id = `${key}:${env().region ?? 'default'}`;
  let found = store.get(id) as T | undefined;
  if (!found) {
    found = create();
    store.set(id, found);
  }
  return found;
}

export const ecs = () => client('ecs', () => new ECSClient(config()));
export const ecr = () => client('ecr', () => new ECRClient(config()));
export const autoScaling = () =>
  client('application-autoscaling', () => new ApplicationAutoScalingClient(config()));
export const cloudwatch = () => client('cloudwatch', () => new CloudWatchClient(config()));
export const elb = () => client('elbv2', () => new ElasticLoadBalancingV2Client(config()));
export const serviceDiscovery = () =>
  client('servicediscovery', () => new ServiceDiscoveryClient(config()));
/** StartLiveTail's host prefix breaks custom endpoints; it is off when one is set. */
export const logs = () =>
  client(
    'logs',
    () => new CloudWatchLogsClient({ ...config(), disableHostPrefix: Boolean(env().endpoint) }),
  );
