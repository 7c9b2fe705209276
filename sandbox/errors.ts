/**
 * Every error the sandbox answers with, named as AWS names it and worded as AWS words it (after
 * moto's exceptions.py): handlers throw `clusterNotFound()`, not an inline type string that a
 * typo would turn into an error no SDK recognises.
 */
/** An error AWS would return; `status` is 400 for client faults, 5xx for server faults. */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
    /** Members the error shape has besides its message (MalformedQueryException's location). */
    readonly members: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

// Any service
export const clientException = (message: string) => new AwsError('ClientException', message);
export const invalidParameter = (message: string) =>
  new AwsError('InvalidParameterException', message);
export const serializationError = (message: string, status = 400) =>
  new AwsError('SerializationException', message, status);
export const unknownOperation = (target: string | undefined) =>
  new AwsError(
    'UnknownOperationException',
    target ? `Unknown operation ${target}` : 'Missing X-Amz-Target header',
  );
export const accessDenied = (accountId: string, service: string, operation: string) =>
  new AwsError(
    'AccessDeniedException',
    `User: arn:aws:iam::${accountId}:user/berth is not authorized to perform: ${service}:${operation} because no identity-based policy allows the ${service}:${operation} action`,
  );
export const throttling = () => new AwsError('ThrottlingException', 'Rate exceeded', 400);
export const serviceUnavailable = (message = 'Service Unavailable') =>
  new AwsError('ServiceUnavailableException', message, 503);
export const serverException = (message: string, type = 'ServerException') =>
  new AwsError(type, message, 500);

// ECS
export const clusterNotFound = () => new AwsError('ClusterNotFoundException', 'Cluster not found.');
export const serviceNotFound = () => new AwsError('ServiceNotFoundException', 'Service not found.');
export const serviceNotActive = () =>
  new AwsError('ServiceNotActiveException', 'Service was not ACTIVE.');
export const clusterContainsServices = () =>
  new AwsError(
    'ClusterContainsServicesException',
    'The Cluster cannot be deleted while Services are active.',
  );
export const clusterContainsTasks = () =>
  new AwsError(
    'ClusterContainsTasksException',
    'The Cluster cannot be deleted while Tasks are active.',
  );
export const serviceDeploymentNotFound = () =>
  new AwsError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');
export const conflict = (message: string) => new AwsError('ConflictException', message);

// ECR
export const repositoryNotFound = (name: string, accountId: string) =>
  new AwsError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${accountId}'`,
  );
export const repositoryAlreadyExists = (name: string, accountId: string) =>
  new AwsError(
    'RepositoryAlreadyExistsException',
    `The repository with name '${name}' already exists in the registry with id '${accountId}'`,
  );
export const repositoryNotEmpty = (name: string, accountId: string) =>
  new AwsError(
    'RepositoryNotEmptyException',
    `The repository with name '${name}' in registry with id '${accountId}' cannot be deleted because it still contains images`,
  );
export const imageNotFound = (imageId: unknown, repository: string, accountId: string) =>
  new AwsError(
    'ImageNotFoundException',
    `The image with imageId ${JSON.stringify(imageId)} does not exist within the repository with name '${repository}' in the registry with id '${accountId}'`,
  );
export const imageAlreadyExists = (
  digest: string,
  tag: string,
  repository: string,
  accountId: string,
) =>
  new AwsError(
    'ImageAlreadyExistsException',
    `Image with digest '${digest}' and tag '${tag}' already exists in the repository with name '${repository}' in registry with id '${accountId}'`,
  );
export const imageTagAlreadyExists = (tag: string, repository: string) =>
  new AwsError(
    'ImageTagAlreadyExistsException',
    `The image tag '${tag}' already exists in the '${repository}' repository and cannot be overwritten because the repository is immutable.`,
  );
export const invalidManifest = () =>
  invalidParameter(
    "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'",
  );
export const imageDigestMismatch = () =>
  new AwsError(
    'ImageDigestDoesNotMatchException',
    'The imageDigest does not match the digest of the manifest.',
  );

// CloudWatch Logs
export const liveTailLimitExceeded = (quota: number) =>
  new AwsError(
    'LimitExceededException',
    `You have reached the maximum number of concurrent Live Tail sessions (${quota}) for this account.`,
  );
export const logGroupNotFound = (identifier?: string) =>
  new AwsError(
    'ResourceNotFoundException',
    identifier
      ? `The specified log group does not exist: ${identifier}`
      : 'The specified log group does not exist.',
  );
export const logStreamNotFound = () =>
  new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.');
export const logGroupAlreadyExists = () =>
  new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
export const logStreamAlreadyExists = () =>
  new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');

// Cloud Map
export const invalidInput = (message: string) => new AwsError('InvalidInput', message);
export const namespaceNotFound = (ref: string) =>
  new AwsError('NamespaceNotFound', `Namespace not found: ${ref}`);

/**
 * The code the query protocol (and awsQueryCompatible JSON's x-amzn-query-error) names an
 * error by: CloudWatch's InvalidParameterValueException is InvalidParameterValue there.
 */
export const queryErrorCode = (error: AwsError) => error.type.replace(/Exception$/, '');

export const malformedQuery = (message: string, start: number, end: number) =>
  new AwsError('MalformedQueryException', `Query is malformed: ${message}`, 400, {
    queryCompileError: {
      location: { startCharOffset: start, endCharOffset: end },
      message,
    },
  });
