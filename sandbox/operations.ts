/** Every operation the sandbox answers, by X-Amz-Target. */
import * as scaling from './autoscaling/scaling.js';
import * as elb from './elbv2/load-balancing.js';
import * as metrics from './cloudwatch/metrics.js';
import * as alarms from './cloudwatch/alarms.js';
import * as ecr from './ecr/ecr.js';
import * as ecrExtras from './ecr/repository-extras.js';
import * as account from './ecs/account.js';
import * as clusters from './ecs/clusters.js';
import * as deployments from './ecs/service-deployments.js';
import * as services from './ecs/services.js';
import * as tags from './ecs/tags.js';
import * as taskDefinitions from './ecs/task-definitions.js';
import * as tasks from './ecs/tasks.js';
import * as insights from './logs/insights.js';
import * as logs from './logs/logs.js';
import * as serviceDiscovery from './servicediscovery/namespaces.js';
import * as sts from './sts/sts.js';
import type { Known } from './sts/sts.js';
import type { JsonObject } from './wire.js';
import type { World } from './world.js';

import type { ServerResponse } from 'node:http';
import { startLiveTail } from './logs/live-tail.js';

export type Operation = (world: World, input: JsonObject) => object;
/** An operation answered as an event stream, written to the response as it is produced. */
export type StreamingOperation = (world: World, input: JsonObject, res: ServerResponse) => void;

export interface AwsService {
  /** Short name used in stats keys and ARNs: ecs, ecr, logs, servicediscovery. */
  name: 'ecs' | 'ecr' | 'logs' | 'servicediscovery' | 'application-autoscaling' | 'cloudwatch';
  /** awsJson1_0 (CloudWatch) answers with its own content type; the rest speak awsJson1_1. */
  jsonVersion?: '1.0';
  /**
   * The service is awsQueryCompatible (CloudWatch): errors also carry x-amzn-query-error with
   * the query protocol's code, which the SDK reads as the error's name.
   */
  queryCompatible?: boolean;
  operations: Record<string, Operation>;
  streaming?: Record<string, StreamingOperation>;
}

export const SERVICES: Record<string, AwsService> = {
  GraniteServiceVersion20100801: {
    name: 'cloudwatch',
    jsonVersion: '1.0',
    queryCompatible: true,
    operations: {
      GetMetricData: metrics.getMetricData,
      ListMetrics: metrics.listMetrics,
      DescribeAlarms: alarms.describeAlarms,
    },
  },
  AnyScaleFrontendService: {
    name: 'application-autoscaling',
    operations: {
      RegisterScalableTarget: scaling.registerScalableTarget,
      DeregisterScalableTarget: scaling.deregisterScalableTarget,
      DescribeScalableTargets: scaling.describeScalableTargets,
      PutScalingPolicy: scaling.putScalingPolicy,
      DeleteScalingPolicy: scaling.deleteScalingPolicy,
      DescribeScalingPolicies: scaling.describeScalingPolicies,
      DescribeScalingActivities: scaling.describeScalingActivities,
    },
  },
  AmazonEC2ContainerServiceV20141113: {
    name: 'ecs',
    operations: {
      CreateCluster: clusters.createCluster,
      DescribeClusters: clusters.describeClusters,
      ListClusters: clusters.listClusters,
      UpdateClusterSettings: clusters.updateClusterSettings,
      DeleteCluster: clusters.deleteCluster,
      RegisterTaskDefinition: taskDefinitions.registerTaskDefinition,
      DescribeTaskDefinition: taskDefinitions.describeTaskDefinition,
      ListTaskDefinitions: taskDefinitions.listTaskDefinitions,
      ListTaskDefinitionFamilies: taskDefinitions.listTaskDefinitionFamilies,
      DeregisterTaskDefinition: taskDefinitions.deregisterTaskDefinition,
      CreateService: services.createService,
      UpdateService: services.updateService,
      DescribeServices: services.describeServices,
      ListServices: services.listServices,
      DeleteService: services.deleteService,
      ListTasks: tasks.listTasks,
      DescribeTasks: tasks.describeTasks,
      RunTask: tasks.runTask,
      StopTask: tasks.stopTaskOperation,
      TagResource: tags.tagResource,
      UntagResource: tags.untagResource,
      ListTagsForResource: tags.listTagsForResource,
      ListServiceDeployments: deployments.listServiceDeployments,
      DescribeServiceDeployments: deployments.describeServiceDeployments,
      DescribeServiceRevisions: deployments.describeServiceRevisions,
      StopServiceDeployment: deployments.stopServiceDeployment,
      ListAccountSettings: account.listAccountSettings,
      DescribeCapacityProviders: account.describeCapacityProviders,
      ListServicesByNamespace: account.listServicesByNamespace,
      DescribeTaskSets: account.describeTaskSets,
    },
  },
  AmazonEC2ContainerRegistry_V20150921: {
    name: 'ecr',
    operations: {
      CreateRepository: ecr.createRepository,
      DescribeRepositories: ecr.describeRepositories,
      DeleteRepository: ecr.deleteRepository,
      DescribeImages: ecr.describeImages,
      DescribeImageScanFindings: ecr.describeImageScanFindings,
      ListImages: ecr.listImages,
      BatchGetImage: ecr.batchGetImage,
      PutImage: ecr.putImage,
      BatchDeleteImage: ecrExtras.batchDeleteImage,
      GetLifecyclePolicy: ecrExtras.getLifecyclePolicy,
      ListTagsForResource: ecrExtras.listTagsForResource,
    },
  },
  Logs_20140328: {
    name: 'logs',
    operations: {
      CreateLogGroup: logs.createLogGroup,
      DeleteLogGroup: logs.deleteLogGroup,
      DescribeLogGroups: logs.describeLogGroups,
      CreateLogStream: logs.createLogStream,
      DeleteLogStream: logs.deleteLogStream,
      DescribeLogStreams: logs.describeLogStreams,
      PutLogEvents: logs.putLogEvents,
      GetLogEvents: logs.getLogEvents,
      FilterLogEvents: logs.filterLogEvents,
      PutRetentionPolicy: logs.putRetentionPolicy,
      DeleteRetentionPolicy: logs.deleteRetentionPolicy,
      GetLogGroupFields: insights.getLogGroupFields,
      StartQuery: insights.startQuery,
      GetQueryResults: insights.getQueryResults,
      StopQuery: insights.stopQuery,
    },
    streaming: { StartLiveTail: startLiveTail },
  },
  Route53AutoNaming_v20170314: {
    name: 'servicediscovery',
    operations: { GetNamespace: serviceDiscovery.getNamespace },
  },
};

/** A service spoken over the query protocol (query.ts), found by the request's Version. */
/** A query-protocol operation; STS's also need to know who calls. */
export type QueryOperation = (world: World, params: JsonObject, caller: Known) => object;

export interface QueryService {
  name: 'elasticloadbalancing' | 'cloudwatch' | 'sts';
  /** The XML namespace of its responses. */
  namespace: string;
  operations: Record<string, QueryOperation>;
}

export const QUERY_SERVICES: Record<string, QueryService> = {
  '2010-08-01': {
    name: 'cloudwatch',
    namespace: 'http://monitoring.amazonaws.com/doc/2010-08-01/',
    operations: {
      GetMetricData: metrics.getMetricData,
      ListMetrics: metrics.listMetrics,
      DescribeAlarms: alarms.describeAlarms,
    },
  },
  '2015-12-01': {
    name: 'elasticloadbalancing',
    namespace: elb.ELB_NAMESPACE,
    operations: {
      DescribeLoadBalancers: elb.describeLoadBalancers,
      DescribeTargetGroups: elb.describeTargetGroups,
      DescribeTargetHealth: elb.describeTargetHealth,
    },
  },
  '2011-06-15': {
    name: 'sts',
    namespace: sts.STS_NAMESPACE,
    operations: {
      AssumeRole: sts.assumeRole,
      GetCallerIdentity: sts.getCallerIdentity,
    },
  },
};
