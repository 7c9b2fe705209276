/**
 * Every AWS operation Berth sends, the IAM action it needs, and whether it belongs to actions
 * (changes, and the audit trail they write) rather than to reading. The IAM policy Berth needs
 * is generated from this one table (`npm run iam-policy`, the README's policy); iam.test.ts fails
 * when lib/ sends an operation the table lacks, or the table keeps one nothing sends.
 */
export const OPERATIONS = {
  // ECS, reading
  ListClusters: { iam: 'ecs:ListClusters', forActions: false },
  DescribeClusters: { iam: 'ecs:DescribeClusters', forActions: false },
  ListServices: { iam: 'ecs:ListServices', forActions: false },
  DescribeServices: { iam: 'ecs:DescribeServices', forActions: false },
  ListTasks: { iam: 'ecs:ListTasks', forActions: false },
  DescribeTasks: { iam: 'ecs:DescribeTasks', forActions: false },
  DescribeTaskDefinition: { iam: 'ecs:DescribeTaskDefinition', forActions: false },
  ListTaskDefinitions: { iam: 'ecs:ListTaskDefinitions', forActions: false },
  ListTaskDefinitionFamilies: { iam: 'ecs:ListTaskDefinitionFamilies', forActions: false },
  ListServiceDeployments: { iam: 'ecs:ListServiceDeployments', forActions: false },
  DescribeServiceDeployments: { iam: 'ecs:DescribeServiceDeployments', forActions: false },
  DescribeServiceRevisions: { iam: 'ecs:DescribeServiceRevisions', forActions: false },
  // ECR, reading
  DescribeRepositories: { iam: 'ecr:DescribeRepositories', forActions: false },
  DescribeImages: { iam: 'ecr:DescribeImages', forActions: false },
  DescribeImageScanFindings: { iam: 'ecr:DescribeImageScanFindings', forActions: false },
  // CloudWatch Logs, reading (the log view, post-mortems, History's audit lines)
  DescribeLogGroups: { iam: 'logs:DescribeLogGroups', forActions: false },
  FilterLogEvents: { iam: 'logs:FilterLogEvents', forActions: false },
  GetLogEvents: { iam: 'logs:GetLogEvents', forActions: false },
  StartLiveTail: { iam: 'logs:StartLiveTail', forActions: false },
  // Logs Insights, reading (the query box on a service's logs page)
  StartQuery: { iam: 'logs:StartQuery', forActions: false },
  GetQueryResults: { iam: 'logs:GetQueryResults', forActions: false },
  StopQuery: { iam: 'logs:StopQuery', forActions: false },
  // Cloud Map, reading (Service Connect namespace names)
  GetNamespace: { iam: 'servicediscovery:GetNamespace', forActions: false },
  // Application Auto Scaling, reading (a service's range, policies and activities)
  DescribeScalableTargets: {
    iam: 'application-autoscaling:DescribeScalableTargets',
    forActions: false,
  },
  DescribeScalingPolicies: {
    iam: 'application-autoscaling:DescribeScalingPolicies',
    forActions: false,
  },
  DescribeScalingActivities: {
    iam: 'application-autoscaling:DescribeScalingActivities',
    forActions: false,
  },
  // ELBv2, reading (target health of a service's target groups)
  DescribeTargetGroups: { iam: 'elasticloadbalancing:DescribeTargetGroups', forActions: false },
  DescribeTargetHealth: { iam: 'elasticloadbalancing:DescribeTargetHealth', forActions: false },
  DescribeLoadBalancers: { iam: 'elasticloadbalancing:DescribeLoadBalancers', forActions: false },
  // CloudWatch, reading (a service's CPU, memory and task-count charts)
  GetMetricData: { iam: 'cloudwatch:GetMetricData', forActions: false },
  DescribeAlarms: { iam: 'cloudwatch:DescribeAlarms', forActions: false },
  // ECS, changing
  UpdateService: { iam: 'ecs:UpdateService', forActions: true },
  StopTask: { iam: 'ecs:StopTask', forActions: true },
  StopServiceDeployment: { iam: 'ecs:StopServiceDeployment', forActions: true },
  UpdateClusterSettings: { iam: 'ecs:UpdateClusterSettings', forActions: true },
  RegisterTaskDefinition: { iam: 'ecs:RegisterTaskDefinition', forActions: true },
  // Application Auto Scaling, changing (Scale's new min/max)
  RegisterScalableTarget: {
    iam: 'application-autoscaling:RegisterScalableTarget',
    forActions: true,
  },
  // The audit trail every action writes first (it fails closed without these)
  CreateLogGroup: { iam: 'logs:CreateLogGroup', forActions: true },
  CreateLogStream: { iam: 'logs:CreateLogStream', forActions: true },
  PutLogEvents: { iam: 'logs:PutLogEvents', forActions: true },
  // The account a target's credentials reach, named on its pages (IAM always allows it)
  GetCallerIdentity: { iam: 'sts:GetCallerIdentity', forActions: false },
  // Targets reached through a role (BERTH_TARGETS_FILE): granted on those roles alone
  AssumeRole: { iam: 'sts:AssumeRole', forActions: false, onTargetRoles: true },
} as const satisfies Record<string, { iam: string; forActions: boolean; onTargetRoles?: true }>;

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: '*' | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * Registering a revision that names a task or execution role passes that role to ECS: IAM asks
 * for iam:PassRole on it, though no call of Berth's is named so. Only to ECS tasks.
 */
const PASS_TASK_ROLES: PolicyStatement = {
  Sid: 'BerthPassesTaskRoles',
  Effect: 'Allow',
  Action: ['iam:PassRole'],
  Resource: '*',
  Condition: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
};

const actionsWhere = (forActions: boolean) =>
  Object.values(OPERATIONS)
    .filter((operation) => operation.forActions === forActions && !('onTargetRoles' in operation))
    .map((operation) => operation.iam);

/**
 * The IAM policy for Berth's role: reading always, changing with `actions` (omit it for a
 * read-only Berth, BERTH_READ_ONLY=1), and sts:AssumeRole on exactly the `targetRoles` a
 * targets file names. Resources are "*" otherwise: narrow the second statement to your
 * clusters' service ARNs and the audit log group where you can. Each target role needs the same
 * reading and changing statements in its own account, and a trust policy naming Berth's role.
 */
export function iamPolicy({
  actions,
  targetRoles = [],
}: {
  actions: boolean;
  targetRoles?: string[];
}): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'BerthReads', Effect: 'Allow', Action: actionsWhere(false), Resource: '*' },
      ...(actions
        ? [
            {
              Sid: 'BerthActs',
              Effect: 'Allow' as const,
              Action: actionsWhere(true),
              Resource: '*' as const,
            },
            PASS_TASK_ROLES,
          ]
        : []),
      ...(targetRoles.length
        ? [
            {
              Sid: 'BerthAssumesTargetRoles',
              Effect: 'Allow' as const,
              Action: [OPERATIONS.AssumeRole.iam],
              Resource: [...new Set(targetRoles)].sort(),
            },
          ]
        : []),
    ],
  };
}
