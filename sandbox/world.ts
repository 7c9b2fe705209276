/** Everything the sandbox knows, in memory: one world shared by every region and caller. */
import { clusterNotFound } from './errors.js';
import type { SimClock } from './clock.js';
import { Sts } from './sts/sts.js';
import { EcrStore } from './ecr/store.js';
import type {
  Cluster,
  ImageBehaviour,
  Service,
  ServiceDeployment,
  ServiceRevision,
  Task,
  TaskDefinition,
} from './ecs/model.js';
import { LogStore } from './logs/store.js';
import { newMetricsState, type MetricsState } from './cloudwatch/metrics.js';
import type { Alarm } from './cloudwatch/alarms.js';
import { newLoadBalancingState, type LoadBalancingState } from './elbv2/load-balancing.js';
import { newScalingState, type ScalingState } from './autoscaling/scaling.js';
import type { Namespace } from './servicediscovery/namespaces.js';
import { seededRandom, type Random } from './random.js';
import { hexId } from './wire.js';

export interface WorldOptions {
  clock: SimClock;
  region: string;
  accountId: string;
  seed?: number;
  /** Concurrent StartLiveTail sessions the account may hold (AWS's default quota: 15). */
  liveTailQuota?: number;
  /** STS, shared by every world of a sandbox (keys are issued once, used anywhere). */
  sts?: Sts;
}

export class World {
  readonly clock: SimClock;
  readonly region: string;
  readonly accountId: string;
  readonly random: Random;
  readonly liveTailQuota: number;
  readonly sts: Sts;
  readonly clusters = new Map<string, Cluster>();
  /** Revisions per family, index = revision - 1. */
  readonly taskDefinitions = new Map<string, TaskDefinition[]>();
  /** Services per cluster name, in creation order. */
  readonly services = new Map<string, Map<string, Service>>();
  readonly tasks = new Map<string, Task>();
  readonly serviceDeployments = new Map<string, ServiceDeployment>();
  readonly serviceRevisions = new Map<string, ServiceRevision>();
  readonly imageBehaviours = new Map<string, ImageBehaviour>();
  /** Cloud Map namespaces by id (ns-...). */
  readonly namespaces = new Map<string, Namespace>();
  readonly ecr = new EcrStore();
  /** CloudWatch metric alarms by name. */
  readonly alarms = new Map<string, Alarm>();
  /** CloudWatch metrics the simulation publishes. */
  readonly metrics: MetricsState = newMetricsState();
  /** ELBv2: load balancers, target groups and their targets. */
  readonly elb: LoadBalancingState = newLoadBalancingState();
  /** Application Auto Scaling: scalable targets, policies and activities. */
  readonly scaling: ScalingState = newScalingState();
  readonly logs = new LogStore();
  /** Simulated time has been applied up to here. */
  simulatedUntil: number;
  /** PUT /_sandbox/simulation {running: false}: nothing moves until it runs again. */
  paused = false;

  constructor(options: WorldOptions) {
    this.clock = options.clock;
    this.region = options.region;
    this.accountId = options.accountId;
    this.random = seededRandom(options.seed ?? 20261126);
    this.liveTailQuota = options.liveTailQuota ?? 15;
    this.sts =
      options.sts ??
      new Sts({
        clock: options.clock,
        baseAccount: options.accountId,
        accounts: [options.accountId],
      });
    this.simulatedUntil = this.clock.now();
  }

  /** Negative while the seed replays the recent past; 0 otherwise. */
  timeOffset = 0;

  now(): number {
    return this.clock.now() + this.timeOffset;
  }

  arn(service: string, resource: string): string {
    return `arn:aws:${service}:${this.region}:${this.accountId}:${resource}`;
  }

  hex(length = 32): string {
    return hexId(this.random, length);
  }

  /** ECS deployment ids: `ecs-svc/` and 19 digits. */
  deploymentId(): string {
    let digits = String(1 + Math.floor(this.random() * 9));
    while (digits.length < 19) digits += String(Math.floor(this.random() * 10));
    return `ecs-svc/${digits}`;
  }

  /** Resolves a cluster by name or ARN; ECS defaults to the cluster named `default`. */
  cluster(ref: string | undefined): Cluster {
    const name = ref === undefined || ref === '' ? 'default' : nameFromArn(ref, 'cluster/');
    const cluster = this.clusters.get(name);
    if (!cluster || cluster.status !== 'ACTIVE') {
      throw clusterNotFound();
    }
    return cluster;
  }

  servicesOf(cluster: Cluster): Map<string, Service> {
    let services = this.services.get(cluster.name);
    if (!services) {
      services = new Map();
      this.services.set(cluster.name, services);
    }
    return services;
  }

  /** Finds `family`, `family:revision` or a task definition ARN. */
  findTaskDefinition(ref: string): TaskDefinition | undefined {
    const short = ref.startsWith('arn:') ? ref.slice(ref.indexOf(':task-definition/') + 17) : ref;
    const [family = '', revision] = short.split(':');
    const revisions = this.taskDefinitions.get(family);
    if (!revisions) return undefined;
    if (revision === undefined) {
      return [...revisions].reverse().find((definition) => definition.status === 'ACTIVE');
    }
    return revisions[Number(revision) - 1];
  }
}

/** The last path part of an ARN (`arn:...:cluster/name` -> `name`), or the name itself. */
export function nameFromArn(ref: string, marker: string): string {
  if (!ref.startsWith('arn:')) return ref;
  const at = ref.indexOf(marker);
  const rest = at >= 0 ? ref.slice(at + marker.length) : ref;
  return rest.slice(rest.lastIndexOf('/') + 1);
}
