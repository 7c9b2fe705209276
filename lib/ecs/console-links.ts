/**
 * Where the AWS console shows a resource, from the resource's ARN: the ARN carries the
 * partition, region and account, so the link opens the right console in the right region
 * whatever region Berth was started with. Pure; undefined for an ARN the console has no page for.
 */
const CONSOLE_HOSTS: Record<string, string> = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
};

const ARN = /^arn:(aws[a-z-]*):(ecs|ecr):([a-z0-9-]+):(\d{12}):([a-z-]+)\/(.+)$/;

export function consoleUrl(arn: string): string | undefined {
  const match = ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, service, region, account, type, rest] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const host = CONSOLE_HOSTS[partition];
  if (!host) return undefined;
  const parts = rest.split('/').map(encodeURIComponent);
  const path = consolePath(service, type, parts, account);
  return path && `https://${region}.${host}${path}?region=${region}`;
}

function consolePath(service: string, type: string, parts: string[], account: string) {
  const [first, second] = parts;
  if (service === 'ecr') {
    return type === 'repository' && first
      ? `/ecr/repositories/private/${account}/${parts.join('/')}`
      : undefined;
  }
  switch (type) {
    case 'cluster':
      return parts.length === 1 ? `/ecs/v2/clusters/${first}/services` : undefined;
    case 'service':
      return parts.length === 2 ? `/ecs/v2/clusters/${first}/services/${second}/health` : undefined;
    case 'task':
      return parts.length === 2
        ? `/ecs/v2/clusters/${first}/tasks/${second}/configuration`
        : undefined;
    case 'task-definition': {
      const revision = /^(.+)%3A(\d+)$/.exec(first ?? '');
      return parts.length === 1 && revision
        ? `/ecs/v2/task-definitions/${revision[1]}/${revision[2]}/containers`
        : undefined;
    }
    default:
      return undefined;
  }
}
