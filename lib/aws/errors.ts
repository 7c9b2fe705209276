/**
 * The one mapper from whatever the SDK throws to a state a person can act on. Branches on the
 * error's `name`, not `instanceof`: ECS has no modeled ThrottlingException.
 */

export type AwsFailureKind =
  'access-denied' | 'throttled' | 'not-found' | 'invalid' | 'unavailable';

export interface AwsFailure {
  kind: AwsFailureKind;
  message: string;
  /** The IAM action that was refused, e.g. ecs:DescribeServices. */
  action?: string;
  requestId?: string;
}

/** Thrown by lib/aws when a call fails and no earlier result can stand in. */
export class AwsCallError extends Error {
  constructor(readonly failure: AwsFailure) {
    super(failure.message);
    this.name = 'AwsCallError';
  }
}

const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnauthorizedOperation',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
]);
const THROTTLED = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);
const NOT_FOUND = new Set([
  'ClusterNotFoundException',
  'ServiceNotFoundException',
  'ServiceNotActiveException',
  'RepositoryNotFoundException',
  'ImageNotFoundException',
  'NamespaceNotFound',
  'ResourceNotFoundException',
]);
const INVALID = new Set([
  'InvalidParameterException',
  'ClientException',
  'ValidationException',
  'SerializationException',
]);

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

/**
 * @param action the IAM action of the call that failed (ecs:DescribeServices), named when
 *   access is denied and the message does not say it.
 */
export function toAwsFailure(error: unknown, action: string): AwsFailure {
  if (error instanceof AwsCallError) return error.failure;
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorLike;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' && e.message ? e.message : String(error);
  const requestId = e.$metadata?.requestId;
  const status = e.$metadata?.httpStatusCode;

  if (ACCESS_DENIED.has(name)) {
    const refused = /perform: ([a-z0-9-]+:[A-Za-z0-9]+)/.exec(message)?.[1] ?? action;
    return {
      kind: 'access-denied',
      action: refused,
      message: `AWS refused ${refused}: the credentials Berth runs with need this IAM permission.`,
      requestId,
    };
  }
  // The message names the role and target and says what to check (lib/aws/credentials.ts).
  if (name === 'RoleAssumptionError') return { kind: 'access-denied', message };
  if (name === 'CredentialsProviderError') {
    return {
      kind: 'access-denied',
      action,
      message:
        'No AWS credentials were found. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run Berth with an IAM role.',
    };
  }
  if (THROTTLED.has(name)) {
    return {
      kind: 'throttled',
      message: `AWS is throttling ${action} and retries did not get through. Try again in a moment.`,
      requestId,
    };
  }
  // Not AWS's wire format at all (an HTML error page, a stand-in that lacks the operation): the
  // SDK's own text ("Deserialization error … {error}.$response") means nothing to a person.
  if (/Deserialization error/.test(message)) {
    return {
      kind: status !== undefined && status < 500 ? 'invalid' : 'unavailable',
      message: `The AWS endpoint answered ${action} with ${status ? `HTTP ${status} and ` : ''}something that is not an AWS response: it does not implement this operation, or a proxy answered in its place.`,
      requestId,
    };
  }
  if (NOT_FOUND.has(name)) return { kind: 'not-found', message, requestId };
  if (INVALID.has(name) || (status !== undefined && status >= 400 && status < 500)) {
    return { kind: 'invalid', message, requestId };
  }
  const code = typeof e.code === 'string' ? e.code : '';
  const network = /ECONNREFUSED|ENOTFOUND|ECONNRESET|ETIMEDOUT|EAI_AGAIN/.test(code + message);
  return {
    kind: 'unavailable',
    message: network
      ? `AWS could not be reached for ${action} (${code || message}).`
      : `AWS failed to answer ${action}: ${message}`,
    requestId,
  };
}
