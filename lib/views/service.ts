import 'server-only';
import { env } from '../env';
import {
  getCluster,
  getService,
  getTaskDefinitions,
  inProgressServiceDeployment,
  listTasks,
} from '../aws/ecs';
import { currentCaller, mayChange, whyNoChanges } from '../auth/guard';
import { currentPlace } from '../targets/place';
import type { Cluster, Deployment, Service, Task, TaskDefinition } from '../aws/types';
import { listImages, parseImage } from '../aws/ecr';
import { clusterNamespace, resolveNamespace, type NamespaceRef } from '../aws/namespaces';
import { getServiceScaling, type ServiceScaling } from '../aws/scaling';
import { getServiceTargets, type TargetGroupHealth } from '../aws/load-balancers';
import { alarmsOf, listAlarms, type AlarmSummary } from '../aws/alarms';
import { toAwsFailure } from '../aws/errors';
import { ecrRepositoryName, imageDrift } from '../ecs/image-drift';
import { findDrift, type Drift } from '../ecs/drift';
import { crashed, serviceState, type ServiceState } from '../ecs/service-state';
import { serviceStateHistory } from '../aws/deployments';
import { deploymentsSignature } from './service-states';
import { postMortems, type PostMortem } from './post-mortem';
import { ageless, freshness, settle, type View } from './result';

export interface ImageDriftRow {
  container: string;
  image: string;
  runningDigests: string[];
  tagDigest: string;
}

/**
 * Image drift of the PRIMARY revision's ECR containers: one DescribeImages per repository
 * (cached, shared with the repository pages). A repository Berth cannot read shows no drift.
 */
async function imageDriftOf(
  definition: TaskDefinition | undefined,
  tasks: Task[],
  primary: Deployment | undefined,
): Promise<ImageDriftRow[]> {
  const rows = await Promise.all(
    (definition?.containers ?? []).map(async (container) => {
      const ref = parseImage(container.image);
      const repository = ecrRepositoryName(ref.repositoryUri);
      if (!repository || !ref.tag) return [];
      const images = await listImages(repository).catch(() => undefined);
      const tagged = images?.data.find((image) => image.tags.includes(ref.tag ?? ''));
      const runningDigests = [
        ...new Set(
          tasks
            .filter((t) => t.lastStatus === 'RUNNING')
            .flatMap((t) => t.containers.filter((c) => c.name === container.name))
            .flatMap((c) => (c.imageDigest ? [c.imageDigest] : [])),
        ),
      ];
      const drift = imageDrift(
        tagged && { digest: tagged.digest, pushedAt: tagged.pushedAt },
        runningDigests,
        primary,
      );
      return drift
        ? [{ container: container.name, image: container.image, runningDigests, ...drift }]
        : [];
    }),
  );
  return rows.flat();
}

export interface ServiceView {
  cluster: Cluster;
  service: Service;
  /**
   * The Service Connect namespace by name: the service's own, or the cluster default it uses
   * when it names none (`clusterDefault`).
   */
  serviceConnectNamespace?: NamespaceRef & { clusterDefault?: boolean };
  state: ServiceState;
  drift: Drift[];
  /** Live tasks, newest first. */
  tasks: Task[];
  /** Tasks stopped within about the last hour, newest first: why things went wrong. */
  stoppedTasks: Task[];
  /** Task definitions of the deployments and tasks, by ARN. */
  definitions: Record<string, TaskDefinition>;
  region?: string;
  /** Whether actions show: false in read-only mode or outside BERTH_CLUSTERS. */
  canChange: boolean;
  /** Why the page offers no actions, when it offers none (read-only, allow-list, role). */
  noChangesReason?: string;
  /** The service deployment in progress, for "stop rollout". */
  inProgressDeploymentArn?: string;
  scaling: ScalingRead;
  /** The load balancer's view of the service's targets (none without a target group). */
  targets: TargetsRead;
  /** CloudWatch alarms on the service's metrics or target groups. */
  alarms: AlarmsRead;
}

/**
 * A panel's read that may fail without failing the page: its data, or the reason a person
 * sees in its place (the IAM action to grant, the AWS error).
 */
type PanelRead<T> = ({ ok: true } & T) | { ok: false; message: string };

async function panelRead<T>(action: string, load: () => Promise<T>): Promise<PanelRead<T>> {
  try {
    return { ok: true, ...(await load()) };
  } catch (error) {
    return { ok: false, message: toAwsFailure(error, action).message };
  }
}

export type AlarmsRead = PanelRead<{ alarms: AlarmSummary[] }>;
export type TargetsRead = PanelRead<{ groups: TargetGroupHealth[] }>;
export type ScalingRead = PanelRead<{ scaling: ServiceScaling | null }>;

const readServiceAlarms = (service: Service): Promise<AlarmsRead> =>
  panelRead('cloudwatch:DescribeAlarms', async () => ({
    alarms: alarmsOf((await listAlarms()).data, service),
  }));

/** No target group, no read: most services of a worker cluster cost nothing here. */
const readTargets = (service: Service): Promise<TargetsRead> =>
  panelRead('elasticloadbalancing:DescribeTargetGroups', async () => ({
    groups: service.loadBalancers.length ? (await getServiceTargets(service)).data : [],
  }));

const readScaling = (cluster: string, service: string): Promise<ScalingRead> =>
  panelRead('application-autoscaling:DescribeScalableTargets', async () => ({
    scaling: (await getServiceScaling(cluster, service)).data,
  }));

/** The service page: DescribeServices, ListTasks/DescribeTasks (running and recently stopped). */
export function getServiceView(
  clusterName: string,
  serviceName: string,
): Promise<View<ServiceView | null>> {
  return settle('ecs:DescribeServices', async () => {
    const [cluster, service] = await Promise.all([
      getCluster(clusterName),
      getService(clusterName, serviceName),
    ]);
    if (!cluster.data || !service.data) return { data: null, ...freshness(cluster, service) };
    const [running, stopped, history, scaling, targets, alarms] = await Promise.all([
      listTasks(clusterName, { serviceName }),
      listTasks(clusterName, { serviceName, desiredStatus: 'STOPPED' }),
      serviceStateHistory(clusterName, serviceName, deploymentsSignature(service.data)).catch(
        () => undefined,
      ),
      readScaling(clusterName, serviceName),
      readTargets(service.data),
      readServiceAlarms(service.data),
    ]);
    const stoppedNewestFirst = [...stopped.data].sort(
      (a, b) => (b.stoppedAt ?? 0) - (a.stoppedAt ?? 0),
    );
    const arns = [
      ...service.data.deployments.map((d) => d.taskDefinition.arn),
      ...running.data.map((t) => t.taskDefinition.arn),
    ];
    const definitions = await getTaskDefinitions(arns);
    const primary = service.data.deployments.find((d) => d.status === 'PRIMARY');
    const [caller, place] = await Promise.all([currentCaller(), currentPlace()]);
    const canChange = mayChange(caller, place, clusterName);
    const noChangesReason = whyNoChanges(caller, place, clusterName);
    // Only while a rollout runs, and only where it can be stopped, is the history asked.
    const [inProgress, namespace] = await Promise.all([
      canChange && primary?.rolloutState === 'IN_PROGRESS'
        ? inProgressServiceDeployment(clusterName, serviceName).catch(() => undefined)
        : undefined,
      serviceConnectNamespace(cluster.data, service.data),
    ]);
    return {
      data: {
        cluster: cluster.data,
        service: service.data,
        serviceConnectNamespace: namespace,
        state: serviceState({
          service: service.data,
          tasks: running.data,
          stopped: stoppedNewestFirst,
          history: history?.data,
          definition: primary && definitions.get(primary.taskDefinition.arn),
          ...(targets.ok ? { targets: targets.groups.flatMap((group) => group.targets) } : {}),
          now: Date.now(),
        }),
        drift: findDrift(service.data, running.data),
        tasks: running.data,
        stoppedTasks: stoppedNewestFirst.slice(0, 20),
        definitions: Object.fromEntries(definitions),
        region: env().region,
        canChange,
        ...(noChangesReason ? { noChangesReason } : {}),
        inProgressDeploymentArn: inProgress?.data ?? undefined,
        scaling,
        targets,
        alarms,
      },
      ...freshness(cluster, service, running, stopped, ...(history ? [ageless(history)] : [])),
    };
  });
}

async function serviceConnectNamespace(
  cluster: Cluster,
  service: Service,
): Promise<ServiceView['serviceConnectNamespace']> {
  if (!service.serviceConnect?.enabled) return undefined;
  if (service.serviceConnect.namespace) return resolveNamespace(service.serviceConnect.namespace);
  const fallback = await clusterNamespace(cluster);
  return fallback && { ...fallback, clusterDefault: true };
}

/**
 * What takes longer to read, for panels of their own (the page does not wait for them): the
 * post-mortems of the newest tasks that crashed, with the failed container's last log lines
 * (GetLogEvents), and image drift (DescribeImages). The service and task reads are the page's
 * own, from the read cache: no second DescribeServices or ListTasks.
 */
export interface ServiceDiagnostics {
  /** Newest crashed tasks first (stopped ones otherwise): why the last deployment failed. */
  postMortems: PostMortem[];
  /** Containers whose tag was re-pushed since their tasks started: a redeploy pulls it. */
  imageDrift: ImageDriftRow[];
}

export function getServiceDiagnosticsView(
  clusterName: string,
  serviceName: string,
): Promise<View<ServiceDiagnostics | null>> {
  return settle('ecs:DescribeServices', async () => {
    const service = await getService(clusterName, serviceName);
    if (!service.data) return { data: null, ...freshness(service) };
    const [running, stopped] = await Promise.all([
      listTasks(clusterName, { serviceName }),
      listTasks(clusterName, { serviceName, desiredStatus: 'STOPPED' }),
    ]);
    const newestFirst = [...stopped.data].sort((a, b) => (b.stoppedAt ?? 0) - (a.stoppedAt ?? 0));
    const crashedFirst = [
      ...newestFirst.filter((t) => crashed(t)),
      ...newestFirst.filter((t) => !crashed(t)),
    ];
    const primary = service.data.deployments.find((d) => d.status === 'PRIMARY');
    const definitions = await getTaskDefinitions(primary ? [primary.taskDefinition.arn] : []);
    const [mortems, drifted] = await Promise.all([
      postMortems(crashedFirst),
      imageDriftOf(primary && definitions.get(primary.taskDefinition.arn), running.data, primary),
    ]);
    return {
      data: { postMortems: mortems, imageDrift: drifted },
      ...freshness(service, running, stopped),
    };
  });
}

/**
 * What the service's layout needs before any of its pages streams: that the service exists
 * (a 404 must be decided before the first byte) and its ARN, for the console link. The same
 * cached DescribeServices read the pages make.
 */
export function getServiceHeaderView(
  clusterName: string,
  serviceName: string,
): Promise<View<{ arn: string } | null>> {
  return settle('ecs:DescribeServices', async () => {
    const service = await getService(clusterName, serviceName);
    return { data: service.data ? { arn: service.data.arn } : null, ...freshness(service) };
  });
}
