/** The sandbox's own record of ECS resources. Wire shapes are built from these in views.ts. */
import type { ServiceLoadBalancer } from '../elbv2/load-balancing.js';
import type { JsonObject } from '../wire.js';

export type Tag = { key: string; value: string };

export interface Cluster {
  arn: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  containerInsights: 'enhanced' | 'enabled' | 'disabled';
  serviceConnectNamespaceArn?: string;
  tags: Tag[];
  createdAt: number;
}

export interface HealthCheck {
  command: string[];
  interval: number;
  timeout: number;
  retries: number;
  startPeriod: number;
}

export interface ContainerDefinition {
  name: string;
  image: string;
  essential: boolean;
  healthCheck?: HealthCheck;
  logConfiguration?: { logDriver: string; options: Record<string, string> };
  portMappings: { containerPort: number; hostPort: number; protocol: string; name?: string }[];
}

export interface TaskDefinition {
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE' | 'DELETE_IN_PROGRESS';
  registeredAt: number;
  deregisteredAt?: number;
  containers: ContainerDefinition[];
  cpu?: string;
  memory?: string;
  /** The normalised description AWS returns, without status and timestamps. */
  body: JsonObject;
  tags: Tag[];
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface Deployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: TaskDefinition;
  desiredCount: number;
  failedTasks: number;
  /** Once a task of this deployment ran healthy, the circuit breaker stops counting. */
  hadSuccess: boolean;
  createdAt: number;
  updatedAt: number;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  serviceDeploymentArn: string;
  serviceRevisionArn: string;
  serviceConnect?: JsonObject;
  /**
   * Image digests resolved when the deployment started: ECS pins every task of a
   * deployment to them, so re-pushing a tag needs a new deployment to take effect.
   */
  imageDigests: Record<string, string>;
}

export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED';

/** The ECS console's deployment history (ListServiceDeployments), kept after tasks drain. */
export interface ServiceDeployment {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  createdAt: number;
  startedAt: number;
  updatedAt: number;
  finishedAt?: number;
  stoppedAt?: number;
  status: ServiceDeploymentStatus;
  statusReason?: string;
  sourceRevisionArns: string[];
  targetRevisionArn: string;
  circuitBreaker: { enabled: boolean; failureCount: number; threshold: number };
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string };
  deploymentConfiguration: JsonObject;
}

export interface ServiceRevision {
  arn: string;
  serviceArn: string;
  clusterArn: string;
  taskDefinition: TaskDefinition;
  containerImages: { containerName: string; image: string; imageDigest: string }[];
  networkConfiguration?: JsonObject;
  serviceConnectConfiguration?: JsonObject;
  createdAt: number;
}

export interface ServiceEvent {
  id: string;
  createdAt: number;
  message: string;
}

export interface Service {
  arn: string;
  name: string;
  cluster: Cluster;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  taskDefinition: TaskDefinition;
  deployments: Deployment[];
  events: ServiceEvent[];
  circuitBreaker: { enable: boolean; rollback: boolean };
  maximumPercent: number;
  minimumHealthyPercent: number;
  networkConfiguration?: JsonObject;
  serviceConnect?: JsonObject;
  /** Target groups the service's tasks register in (elbv2/load-balancing.ts). */
  loadBalancers: ServiceLoadBalancer[];
  enableExecuteCommand: boolean;
  healthCheckGracePeriodSeconds?: number;
  propagateTags: string;
  enableECSManagedTags: boolean;
  tags: Tag[];
  createdAt: number;
  /** The deployment that last completed: what a rollback returns to. */
  lastCompleted?: Deployment;
  /** Whether the last check found the service steady, so the event is written once. */
  steady: boolean;
  deletedAt?: number;
}

export type TaskStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'ACTIVATING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED';

export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';

/** How an image behaves when run: see images.ts. */
export type ImageBehaviour = 'healthy' | 'unhealthy' | 'crash' | 'oom';

export interface ContainerState {
  name: string;
  image: string;
  imageDigest?: string;
  runtimeId: string;
  containerArn: string;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  exitCode?: number;
  reason?: string;
  healthStatus: HealthStatus;
  essential: boolean;
  definition?: ContainerDefinition;
  behaviour: ImageBehaviour;
  startedAt?: number;
  nextHealthCheckAt?: number;
  consecutiveHealthFailures: number;
  nextLogAt?: number;
  /** Added by ECS for Service Connect, not in the task definition. */
  managedProxy: boolean;
}

export interface Task {
  arn: string;
  id: string;
  cluster: Cluster;
  taskDefinition: TaskDefinition;
  group: string;
  startedBy?: string;
  service?: Service;
  deploymentId?: string;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  containers: ContainerState[];
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  connectivityAt?: number;
  stoppingAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  /** When the task next moves along its lifecycle. */
  nextTransitionAt: number;
  enableExecuteCommand: boolean;
  availabilityZone: string;
  eni: { id: string; attachmentId: string; subnetId: string; privateIp: string; mac: string };
  version: number;
  /** Digests the task's deployment pinned, by container name. */
  pinnedDigests: Record<string, string>;
  tags: Tag[];
  /** A failure of a service deployment's task is counted once by the circuit breaker. */
  failureCounted: boolean;
  failed: boolean;
}
