import 'server-only';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ServiceDiscoveryClient } from '@aws-sdk/client-servicediscovery';
import { STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';
import { LRUCache } from 'lru-cache';
import { env } from '../env';
import { actorInScope, placeId, placeInScope, type Place } from '../targets/place';
import { assumedRole, sessionNameFor, type RoleCredentials } from './credentials';

/**
 * One client per service, place (target and region) and role session, created once and reused
 * (the SDK's advice: clients hold connection pools and resolved credentials). Each place has
 * its own clients, so one target's throttling or slow region does not hold up another's calls.
 * Kept on globalThis so dev reloads reuse them.
 */
interface Destroyable {
  destroy(): void;
}
const store = ((globalThis as { __berthClients?: LRUCache<string, Destroyable> }).__berthClients ??=
  new LRUCache<string, Destroyable>({ max: 500, dispose: (client) => client.destroy() }));

/** Errors AWS gives a temporary key it no longer honours (expired or revoked). */
const SESSION_ENDED = new Set([
  'ExpiredTokenException',
  'ExpiredToken',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
]);

interface Access {
  credentials?: RoleCredentials['provider'] | ReturnType<typeof fromIni>;
  role?: RoleCredentials;
  session: string;
}

const profiles = new Map<string, ReturnType<typeof fromIni>>();

/** How `place`'s target is reached: its role (one session per person acting), profile or the default chain. */
function accessTo(place: Place, actor: string | undefined): Access {
  const { target } = place;
  const { endpoint } = env();
  if (target.roleArn) {
    const sessionName = sessionNameFor(actor);
    const role = assumedRole({
      roleArn: target.roleArn,
      ...(target.externalId ? { externalId: target.externalId } : {}),
      sessionName,
      targetName: target.name,
      region: target.regions[0],
      endpoint,
    });
    return { credentials: role.provider, role, session: sessionName };
  }
  if (target.profile) {
    let credentials = profiles.get(target.profile);
    if (!credentials) {
      credentials = fromIni({ profile: target.profile });
      profiles.set(target.profile, credentials);
    }
    return { credentials, session: `profile:${target.profile}` };
  }
  return { session: 'default' };
}

function config(place: Place, access: Access) {
  const { endpoint } = env();
  return {
    ...(place.region ? { region: place.region } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(access.credentials ? { credentials: access.credentials } : {}),
    maxAttempts: 3,
  };
}

interface WithMiddleware {
  middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
      ) => (args: unknown) => Promise<unknown>,
      options: { step: 'initialize'; name: string },
    ): void;
  };
}

/**
 * A role session AWS stops honouring before Berth expected (revoked, or clocks that disagree)
 * is dropped and the call made once more with a new one, instead of failing until it expires.
 */
function renewEndedSessions(client: WithMiddleware, role: RoleCredentials) {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (!SESSION_ENDED.has((error as { name?: string }).name ?? '')) throw error;
        role.forget();
        return next(args);
      }
    },
    { step: 'initialize', name: 'berthRenewEndedRoleSession' },
  );
}

function client<T extends Destroyable>(
  service: string,
  create: (place: Place, access: Access) => T,
): T {
  const place = placeInScope();
  const access = accessTo(place, actorInScope());
  const id = `${service}|${placeId(place)}|${access.session}`;
  let found = store.get(id) as T | undefined;
  if (!found) {
    found = create(place, access);
    if (access.role) renewEndedSessions(found as unknown as WithMiddleware, access.role);
    store.set(id, found);
  }
  return found;
}

export const ecs = () => client('ecs', (p, a) => new ECSClient(config(p, a)));
export const ecr = () => client('ecr', (p, a) => new ECRClient(config(p, a)));
export const autoScaling = () =>
  client('application-autoscaling', (p, a) => new ApplicationAutoScalingClient(config(p, a)));
export const cloudwatch = () => client('cloudwatch', (p, a) => new CloudWatchClient(config(p, a)));
export const elb = () => client('elbv2', (p, a) => new ElasticLoadBalancingV2Client(config(p, a)));
export const serviceDiscovery = () =>
  client('servicediscovery', (p, a) => new ServiceDiscoveryClient(config(p, a)));
export const sts = () => client('sts', (p, a) => new STSClient(config(p, a)));
/** StartLiveTail's host prefix breaks custom endpoints; it is off when one is set. */
export const logs = () =>
  client(
    'logs',
    (p, a) =>
      new CloudWatchLogsClient({ ...config(p, a), disableHostPrefix: Boolean(env().endpoint) }),
  );
