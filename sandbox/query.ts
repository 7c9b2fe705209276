/**
 * AWS's query protocol, as ELBv2 (with every client) and CloudWatch (with the AWS CLI v2 of
 * this era) speak it: a form-encoded POST (`Action=…&Version=…&Names.member.1=…`) answered in
 * XML, `<OpResponse><OpResult>…</OpResult><ResponseMetadata><RequestId>`, lists as `<member>`
 * elements, errors as `<ErrorResponse><Error><Type><Code><Message>`. Members arrive as
 * strings: the query protocol has no types, so handlers read numbers and booleans from text.
 */
import { XMLBuilder } from 'fast-xml-parser';
import { AwsError, queryErrorCode } from './errors.js';
import { requestId, type Json, type JsonObject } from './wire.js';

export interface QueryRequest {
  action: string;
  version: string;
  params: JsonObject;
}

/**
 * `Targets.member.1.Id=a&Targets.member.1.Port=80` → `{ Targets: [{ Id: 'a', Port: '80' }] }`
 * (`member.N` is a list index, `entry.N.key/value` a map entry; indexes start at 1).
 */
export function parseQuery(body: string): QueryRequest {
  const form = new URLSearchParams(body);
  const params: JsonObject = {};
  for (const [key, value] of form) {
    if (key === 'Action' || key === 'Version') continue;
    const path = key.split('.');
    let node: JsonObject | Json[] = params;
    for (let i = 0; i < path.length; i++) {
      const part = path[i]!;
      const last = i === path.length - 1;
      if (part === 'member' && /^\d+$/.test(path[i + 1] ?? '')) continue;
      const index = /^\d+$/.test(part) ? Number(part) - 1 : undefined;
      const slot = index ?? part;
      const nextIsList = path[i + 1] === 'member';
      const container = node as Record<string | number, Json | undefined>;
      if (last) {
        container[slot] = value;
      } else {
        container[slot] ??= nextIsList ? [] : {};
        node = container[slot] as JsonObject | Json[];
      }
    }
  }
  return { action: form.get('Action') ?? '', version: form.get('Version') ?? '', params };
}

const builder = new XMLBuilder({ ignoreAttributes: false, suppressEmptyNode: false });

/** Lists become `<member>` elements; dates ISO 8601; undefined members are left out. */
function toXmlValue(value: unknown): unknown {
  if (Array.isArray(value)) return { member: value.map(toXmlValue) };
  if (value instanceof Date) return value.toISOString();
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toXmlValue(v)]),
    );
  }
  return typeof value === 'boolean' || typeof value === 'number' ? String(value) : value;
}

export function xmlResponse(action: string, namespace: string, result: object): string {
  return builder.build({
    [`${action}Response`]: {
      '@_xmlns': namespace,
      [`${action}Result`]: toXmlValue(result),
      ResponseMetadata: { RequestId: requestId() },
    },
  });
}

export function xmlError(error: AwsError, namespace: string): string {
  return builder.build({
    ErrorResponse: {
      '@_xmlns': namespace,
      Error: {
        Type: error.status >= 500 ? 'Receiver' : 'Sender',
        Code: queryErrorCode(error),
        Message: error.message,
      },
      RequestId: requestId(),
    },
  });
}

/** A query member that must be present. */
export function queryString(params: JsonObject, key: string): string {
  const value = params[key];
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value null at '${key[0]!.toLowerCase()}${key.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

/** A list member (`X.member.N`) of strings; absent → []. */
export function queryList(params: JsonObject, key: string): string[] {
  const value = params[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

/** A whole number sent as text (the query protocol) or as a number (JSON protocols). */
export function queryInteger(params: JsonObject, key: string): number | undefined {
  const value = params[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,10}$/.test(value)) return Number(value);
  throw new AwsError('ValidationError', `${key} must be an integer.`);
}
