/**
 * Calls the sandbox as the SDKs do on the wire, without an SDK in between (an SDK would drop
 * members its model lacks and hide what the sandbox really sent): awsJson with X-Amz-Target,
 * or the query protocol's form for ELBv2 and CloudWatch's XML side. Answers are parsed but not
 * interpreted, for the conformance checker.
 */
import { XMLParser } from 'fast-xml-parser';

/** The sandbox's service names and their X-Amz-Target prefixes (sandbox/operations.ts). */
export const TARGET_PREFIX = {
  ecs: 'AmazonEC2ContainerServiceV20141113',
  ecr: 'AmazonEC2ContainerRegistry_V20150921',
  logs: 'Logs_20140328',
  cloudwatch: 'GraniteServiceVersion20100801',
  'application-autoscaling': 'AnyScaleFrontendService',
  servicediscovery: 'Route53AutoNaming_v20170314',
} as const;
export type JsonService = keyof typeof TARGET_PREFIX;

export interface WireAnswer {
  status: number;
  /** The parsed body: JSON, or for XML the element inside <{Action}Result> (or <Error>). */
  body: unknown;
  /** The error code an SDK would read, for a non-2xx answer. */
  errorCode?: string;
}

export async function callJson(
  endpoint: string,
  service: JsonService,
  operation: string,
  input: unknown,
): Promise<WireAnswer> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': `application/x-amz-json-${service === 'cloudwatch' ? '1.0' : '1.1'}`,
      'x-amz-target': `${TARGET_PREFIX[service]}.${operation}`,
    },
    body: JSON.stringify(input),
  });
  const body: unknown = await response.json();
  if (response.ok) return { status: response.status, body };
  // `__type` may carry a namespace (`ns#Code`) or a suffix (`Code:http://…`); SDKs strip both.
  // An awsQueryCompatible service (CloudWatch) also names the query code, which SDKs prefer.
  const { __type: type = '' } = body as { __type?: string };
  const queryCode = response.headers.get('x-amzn-query-error')?.split(';')[0];
  const errorCode = queryCode || type.replace(/^.*#/, '').replace(/:.*$/, '');
  return { status: response.status, body, errorCode };
}

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false });

/** A query-protocol call: `params` are already flattened (`Names.member.1` style). */
export async function callQuery(
  endpoint: string,
  version: string,
  action: string,
  params: Record<string, string> = {},
): Promise<WireAnswer> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: new URLSearchParams({ Action: action, Version: version, ...params }).toString(),
  });
  const document = xml.parse(await response.text()) as Record<string, Record<string, unknown>>;
  if (response.ok) {
    const result = document[`${action}Response`]?.[`${action}Result`];
    return { status: response.status, body: result ?? {} };
  }
  const error = (document.ErrorResponse?.Error ?? {}) as Record<string, unknown>;
  return {
    status: response.status,
    body: error,
    errorCode: typeof error.Code === 'string' ? error.Code : '',
  };
}
