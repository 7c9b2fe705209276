/**
 * Where the AWS console shows a resource, from the resource's ARN: the ARN carries the
 * partition, region and account, so the link opens the right console in the right region
 * whatever region Berth was started with. Pure; undefined for an ARN the console has no page for.
 */
import { parseArn } from './arns';

const CONSOLE_HOSTS: Record<string, string> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

type Page = (path: [string, ...string[]], account: string) => string | undefined;

/** Each resource type's console page from the parts of its ARN (already URL-encoded). */
const ECS_PAGES: Record<string, Page> = {
  cluster: ([cluster, ...more]) =>
    more.length ? undefined : `/ecs/v2/clusters/${cluster}/services`,
  service: ([cluster, service, ...more]) =>
    service && !more.length ? `/ecs/v2/clusters/${cluster}/services/${service}/health` : undefined,
  task: ([cluster, task, ...more]) =>
    task && !more.length ? `/ecs/v2/clusters/${cluster}/tasks/${task}/configuration` : undefined,
  // family:revision, its colon encoded as %3A.
  'task-definition': ([name, ...more]) => {
    const [family, revision, ...extra] = name.split('%3A');
    return revision && /^\d+$/.test(revision) && !extra.length && !more.length
      ? `/ecs/v2/task-definitions/${family}/${revision}/containers`
      : undefined;
  },
};

const ECR_PAGES: Record<string, Page> = {
  repository: (path, account) => `/ecr/repositories/private/${account}/${path.join('/')}`,
};

export function consoleUrl(value: string): string | undefined {
  const arn = parseArn(value);
  const host = arn && CONSOLE_HOSTS[arn.partition];
  if (!arn || !host) return undefined;
  const pages = arn.service === 'ecr' ? ECR_PAGES : ECS_PAGES;
  const parts = arn.path.map(encodeURIComponent) as [string, ...string[]];
  const path = pages[arn.type]?.(parts, arn.account);
  return path && `https://${arn.region}.${host}${path}?region=${arn.region}`;
}
