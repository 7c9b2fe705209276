/**
 * Berth's own view of AWS resources. lib/aws maps SDK shapes into these; nothing outside
 * lib/aws sees an SDK type. Times are epoch milliseconds, so they cross to client components.
 */

export type HealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
export type ContainerInsights = 'enhanced' | 'enabled' | 'disabled';

export interface TaskDefinitionRef {
  arn: string;
  family: string;
  revision: number;
}

export interface Cluster {
  name: string;
  arn: string;
  status: string;
  runningTasks: number;
  pendingTasks: number;
  activeServices: number;
  containerInsights: ContainerInsights;
  /** The Cloud Map namespace ARN of the cluster's Service Connect defaults. */
  serviceConnectNamespace?: string;
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface Deployment {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinition: TaskDefinitionRef;
  desired: number;
  running: number;
  pending: number;
  failedTasks: number;
  rolloutState?: RolloutState;
  rolloutStateReason?: string;
  createdAt?: number;
  updatedAt?: number;
}

export interface ServiceEvent {
  id: string;
  createdAt?: number;
  message: string;
}

export interface ServiceConnectService {
  portName: string;
  discoveryName?: string;
  clientAliases: { port: number; dnsName?: string }[];
}

export interface ServiceConnect {
  enabled: boolean;
  namespace?: string;
  services: ServiceConnectService[];
}

export interface Service {
  name: string;
  arn: string;
  clusterName: string;
  status: string;
  desired: number;
  running: number;
  pending: number;
  launchType?: string;
  taskDefinition: TaskDefinitionRef;
  enableExecuteCommand: boolean;
  deployments: Deployment[];
  events: ServiceEvent[];
  serviceConnect?: ServiceConnect;
  /** Target groups the service registers its tasks in (load-balancers.ts reads their health). */
  loadBalancers: ServiceLoadBalancer[];
  circuitBreaker?: { enable: boolean; rollback: boolean };
  createdAt?: number;
}

export interface ServiceLoadBalancer {
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
}

export interface Container {
  name: string;
  image: string;
  imageDigest?: string;
  lastStatus: string;
  healthStatus: HealthStatus;
  exitCode?: number;
  reason?: string;
  runtimeId?: string;
  /** Whether the ECS Exec agent runs in this container. */
  execAgentRunning: boolean;
}

export interface Task {
  id: string;
  arn: string;
  clusterName: string;
  group?: string;
  /** The service that started it, from `group: service:<name>`. */
  serviceName?: string;
  startedBy?: string;
  taskDefinition: TaskDefinitionRef;
  lastStatus: string;
  desiredStatus: string;
  healthStatus: HealthStatus;
  launchType?: string;
  enableExecuteCommand: boolean;
  cpu?: string;
  memory?: string;
  availabilityZone?: string;
  privateIp?: string;
  eniId?: string;
  subnetId?: string;
  createdAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  containers: Container[];
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
  portMappings: { containerPort: number; protocol: string; name?: string }[];
  logConfiguration?: { logDriver: string; options: Record<string, string> };
  user?: string;
}

export interface TaskDefinition extends TaskDefinitionRef {
  status: string;
  cpu?: string;
  memory?: string;
  networkMode?: string;
  requiresCompatibilities: string[];
  executionRoleArn?: string;
  taskRoleArn?: string;
  registeredAt?: number;
  containers: ContainerDefinition[];
  /**
   * The definition as RegisterTaskDefinition (and `--cli-input-json`) takes it: AWS's
   * read-only fields removed. For diffs and the JSON view.
   */
  registration: Record<string, unknown>;
}

/** One entry of a service's deployment history, as the ECS console shows it. */
export interface ServiceDeploymentRecord {
  arn: string;
  status: string;
  statusReason?: string;
  createdAt?: number;
  startedAt?: number;
  finishedAt?: number;
  taskDefinition?: TaskDefinitionRef;
  images: { container: string; image: string; digest?: string }[];
  circuitBreaker?: { status?: string; failureCount: number; threshold: number };
  rollback?: { reason?: string; startedAt?: number; toTaskDefinition?: TaskDefinitionRef };
}
