/**
 * toAwsFailure: what a person reads when a call fails. Every kind, with its exact text, from
 * errors shaped as the SDK throws them (name, message, $metadata), not from the SDK's classes:
 * the mapper branches on `name` because ECS has no modeled ThrottlingException.
 */
import { describe, expect, it } from 'vitest';
import { AwsCallError, toAwsFailure } from './errors';

const sdkError = (name: string, message: string, status?: number, extra: object = {}) =>
  Object.assign(new Error(message), {
    name,
    $metadata: { httpStatusCode: status, requestId: 'req-1' },
    ...extra,
  });

describe('toAwsFailure', () => {
  it.each([
    'AccessDeniedException',
    'AccessDenied',
    'UnauthorizedOperation',
    'UnrecognizedClientException',
    'InvalidSignatureException',
    'ExpiredTokenException',
  ])('%s is access-denied, naming the action the message names', (name) => {
    const error = sdkError(
      name,
      'User: arn:aws:sts::111122223333:assumed-role/berth/x is not authorized to perform: ecs:UpdateService on resource: svc',
      400,
    );
    expect(toAwsFailure(error, 'ecs:DescribeServices')).toEqual({
      kind: 'access-denied',
      action: 'ecs:UpdateService',
      message:
        'AWS refused ecs:UpdateService: the credentials Berth runs with need this IAM permission.',
      requestId: 'req-1',
    });
  });

  it('access-denied names the called action when the message does not say which', () => {
    expect(
      toAwsFailure(sdkError('AccessDeniedException', 'denied', 400), 'ecs:ListServices'),
    ).toEqual({
      kind: 'access-denied',
      action: 'ecs:ListServices',
      message:
        'AWS refused ecs:ListServices: the credentials Berth runs with need this IAM permission.',
      requestId: 'req-1',
    });
  });

  it('a role that cannot be assumed keeps its own message, and no credentials says where to set them', () => {
    expect(
      toAwsFailure(sdkError('RoleAssumptionError', 'Berth could not assume role X'), 'ecs:A'),
    ).toEqual({ kind: 'access-denied', message: 'Berth could not assume role X' });
    expect(toAwsFailure(sdkError('CredentialsProviderError', 'none'), 'ecs:ListClusters')).toEqual({
      kind: 'access-denied',
      action: 'ecs:ListClusters',
      message:
        'No AWS credentials were found. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run Berth with an IAM role.',
    });
  });

  it.each([
    'ThrottlingException',
    'Throttling',
    'TooManyRequestsException',
    'RequestLimitExceeded',
    'LimitExceededException',
  ])('%s is throttled', (name) => {
    expect(toAwsFailure(sdkError(name, 'Rate exceeded', 400), 'ecs:DescribeTasks')).toEqual({
      kind: 'throttled',
      message:
        'AWS is throttling ecs:DescribeTasks and retries did not get through. Try again in a moment.',
      requestId: 'req-1',
    });
  });

  it('an answer that is not AWS wire format is invalid under 500 and unavailable from 500', () => {
    const html = (status?: number) =>
      sdkError('SyntaxError', 'Deserialization error: to see the raw response, …', status);
    expect(toAwsFailure(html(404), 'ecs:ListServiceDeployments')).toEqual({
      kind: 'invalid',
      message:
        'The AWS endpoint answered ecs:ListServiceDeployments with HTTP 404 and something that is not an AWS response: it does not implement this operation, or a proxy answered in its place.',
      requestId: 'req-1',
    });
    expect(toAwsFailure(html(499), 'ecs:X').kind).toBe('invalid');
    expect(toAwsFailure(html(500), 'ecs:X').kind).toBe('unavailable');
    expect(toAwsFailure(html(undefined), 'ecs:X')).toEqual({
      kind: 'unavailable',
      message:
        'The AWS endpoint answered ecs:X with something that is not an AWS response: it does not implement this operation, or a proxy answered in its place.',
      requestId: 'req-1',
    });
  });

  it.each([
    'ClusterNotFoundException',
    'ServiceNotFoundException',
    'ServiceNotActiveException',
    'RepositoryNotFoundException',
    'ImageNotFoundException',
    'NamespaceNotFound',
    'ResourceNotFoundException',
  ])('%s is not-found with AWS’s own message', (name) => {
    expect(toAwsFailure(sdkError(name, 'Cluster not found.', 400), 'ecs:X')).toEqual({
      kind: 'not-found',
      message: 'Cluster not found.',
      requestId: 'req-1',
    });
  });

  it.each([
    'InvalidParameterException',
    'ClientException',
    'ValidationException',
    'SerializationException',
  ])('%s is invalid whatever the status', (name) => {
    expect(toAwsFailure(sdkError(name, 'bad input', 500), 'ecs:X')).toEqual({
      kind: 'invalid',
      message: 'bad input',
      requestId: 'req-1',
    });
  });

  it('any other 4xx is invalid; 399 and 500 are not', () => {
    expect(toAwsFailure(sdkError('Odd', 'odd', 400), 'ecs:X').kind).toBe('invalid');
    expect(toAwsFailure(sdkError('Odd', 'odd', 499), 'ecs:X').kind).toBe('invalid');
    expect(toAwsFailure(sdkError('Odd', 'odd', 399), 'ecs:X')).toEqual({
      kind: 'unavailable',
      message: 'AWS failed to answer ecs:X: odd',
      requestId: 'req-1',
    });
    expect(toAwsFailure(sdkError('Odd', 'odd', 500), 'ecs:X').kind).toBe('unavailable');
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN'])(
    'a network error (%s) says AWS could not be reached, by code or by message',
    (code) => {
      const byCode = Object.assign(new Error('socket'), { code });
      expect(toAwsFailure(byCode, 'ecs:ListClusters')).toEqual({
        kind: 'unavailable',
        message: `AWS could not be reached for ecs:ListClusters (${code}).`,
        requestId: undefined,
      });
      const byMessage = new Error(`connect ${code} 127.0.0.1:4566`);
      expect(toAwsFailure(byMessage, 'ecs:ListClusters').message).toBe(
        `AWS could not be reached for ecs:ListClusters (connect ${code} 127.0.0.1:4566).`,
      );
    },
  );

  it('a thrown non-error is described by its text', () => {
    expect(toAwsFailure('boom', 'ecs:X')).toEqual({
      kind: 'unavailable',
      message: 'AWS failed to answer ecs:X: boom',
      requestId: undefined,
    });
    expect(toAwsFailure(undefined, 'ecs:X').message).toBe('AWS failed to answer ecs:X: undefined');
    expect(toAwsFailure({ name: 42, message: '' }, 'ecs:X').message).toBe(
      'AWS failed to answer ecs:X: [object Object]',
    );
  });

  it('an AwsCallError passes its failure through unchanged', () => {
    const failure = { kind: 'throttled' as const, message: 'slow down', requestId: 'r' };
    const error = new AwsCallError(failure);
    expect(error.name).toBe('AwsCallError');
    expect(error.message).toBe('slow down');
    expect(toAwsFailure(error, 'ecs:X')).toBe(failure);
  });
});
