/**
 * Reads AWS's service models (sandbox/models: botocore's service-2.json, vendored by
 * scripts/vendor-aws-models.mjs) and checks a wire answer against them: every member the
 * model names and no other, required members present, enum values in their set, integers
 * whole, min/max, patterns, timestamps in the protocol's form. It checks what the models say,
 * so a field the sandbox invents or a value AWS would never send fails without a hand-written
 * expectation per field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Ref {
  shape: string;
  locationName?: string;
  timestampFormat?: string;
}
export interface Shape {
  type: string;
  members?: Record<string, Ref>;
  required?: string[];
  member?: Ref;
  key?: Ref;
  value?: Ref;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  flattened?: boolean;
  timestampFormat?: string;
  union?: boolean;
  exception?: boolean;
  error?: { code?: string };
}
export interface Operation {
  name: string;
  input?: Ref;
  output?: Ref & { resultWrapper?: string };
  errors?: Ref[];
}
export interface Model {
  metadata: { protocol: string; timestampFormat?: string };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

/** The wire form: awsJson (ECS, ECR, Logs, CloudWatch's JSON 1.0) or awsQuery XML. */
export type Protocol = 'json' | 'xml';

const MODELS_DIR = join(import.meta.dirname, '..', 'models');
const cache = new Map<string, Model>();

/** A vendored model by the sandbox's service name (sandbox/models/<name>.json). */
export function loadModel(service: string): Model {
  let model = cache.get(service);
  if (!model) {
    model = JSON.parse(readFileSync(join(MODELS_DIR, `${service}.json`), 'utf8')) as Model;
    cache.set(service, model);
  }
  return model;
}

/**
 * The codes an operation may answer with: its modelled errors, by shape name and by the
 * query-protocol code an awsQueryCompatible service puts in x-amzn-query-error.
 */
export function modelledErrors(model: Model, operation: Operation): string[] {
  return (operation.errors ?? []).flatMap(({ shape }) => {
    const code = model.shapes[shape]?.error?.code;
    return code && code !== shape ? [shape, code] : [shape];
  });
}

const ISO_8601 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value's problems against shape `name`, each as "path: what is wrong"; [] if it conforms. */
export function conformanceErrors(
  model: Model,
  name: string,
  value: unknown,
  protocol: Protocol,
  path = '$',
  ref: Partial<Ref> = {},
): string[] {
  const shape = model.shapes[name];
  if (!shape) return [`${path}: the model has no shape ${name}`];
  const problem = (text: string) => [`${path}: ${text} (${name})`];
  const check = (child: Ref, item: unknown, at: string) =>
    conformanceErrors(model, child.shape, item, protocol, at, child);

  switch (shape.type) {
    case 'structure': {
      // awsQuery writes an empty structure as an empty element.
      if (protocol === 'xml' && value === '') value = {};
      if (!isObject(value)) return problem(`expected a structure, got ${JSON.stringify(value)}`);
      const members = shape.members ?? {};
      const byWireName = new Map(
        Object.entries(members).map(([member, child]) => [
          protocol === 'xml' ? (child.locationName ?? member) : member,
          { member, child },
        ]),
      );
      const errors: string[] = [];
      for (const [key, item] of Object.entries(value)) {
        const found = byWireName.get(key);
        if (!found) errors.push(`${path}.${key}: not a member of ${name}`);
        else if (item === null) errors.push(`${path}.${key}: null is never sent`);
        else errors.push(...check(found.child, item, `${path}.${key}`));
      }
      for (const [wire, { member }] of byWireName)
        if (shape.required?.includes(member) && !(wire in value))
          errors.push(`${path}.${wire}: required by ${name}, missing`);
      if (shape.union && Object.keys(value).length !== 1)
        errors.push(`${path}: a union sets exactly one member, got ${Object.keys(value).length}`);
      return errors;
    }
    case 'list': {
      let items: unknown = value;
      if (protocol === 'xml') {
        // <List><member>…</member>…</List> (or the member's own name), '' when empty.
        const element = shape.member?.locationName ?? 'member';
        if (value === '') items = [];
        else if (isObject(value) && Object.keys(value).every((k) => k === element))
          items = [value[element]].flat();
      }
      if (!Array.isArray(items)) return problem(`expected a list, got ${JSON.stringify(value)}`);
      return [
        ...boundErrors(shape, items.length, 'length', path, name),
        ...items.flatMap((item, index) => check(shape.member!, item, `${path}[${index}]`)),
      ];
    }
    case 'map': {
      let entries: [string, unknown][];
      if (protocol === 'xml') {
        const list = value === '' ? [] : isObject(value) ? [value.entry].flat() : null;
        if (list === null) return problem(`expected a map, got ${JSON.stringify(value)}`);
        entries = list.map((entry) => {
          const pair = isObject(entry) ? entry : {};
          return [String(pair.key), pair.value];
        });
      } else {
        if (!isObject(value)) return problem(`expected a map, got ${JSON.stringify(value)}`);
        entries = Object.entries(value);
      }
      return [
        ...boundErrors(shape, entries.length, 'length', path, name),
        ...entries.flatMap(([key, item]) => [
          ...check(shape.key!, key, `${path}{${key}}`),
          ...check(shape.value!, item, `${path}.${key}`),
        ]),
      ];
    }
    case 'string': {
      if (typeof value !== 'string') return problem(`expected a string, got ${typeof value}`);
      if (shape.enum && !shape.enum.includes(value))
        return problem(`${JSON.stringify(value)} is not one of ${shape.enum.join(', ')}`);
      const pattern = shape.pattern === undefined ? undefined : javaPattern(shape.pattern);
      if (pattern && !pattern.test(value))
        return problem(`${JSON.stringify(value)} does not match ${shape.pattern}`);
      return boundErrors(shape, [...value].length, 'length', path, name);
    }
    case 'integer':
    case 'long': {
      const number = protocol === 'xml' && typeof value === 'string' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number))
        return problem(`expected a whole number, got ${JSON.stringify(value)}`);
      return boundErrors(shape, number, 'value', path, name);
    }
    case 'float':
    case 'double': {
      const number = protocol === 'xml' && typeof value === 'string' ? Number(value) : value;
      if (typeof number !== 'number' || Number.isNaN(number))
        return problem(`expected a number, got ${JSON.stringify(value)}`);
      return boundErrors(shape, number, 'value', path, name);
    }
    case 'boolean': {
      const ok =
        protocol === 'xml' ? value === 'true' || value === 'false' : typeof value === 'boolean';
      return ok ? [] : problem(`expected a boolean, got ${JSON.stringify(value)}`);
    }
    case 'timestamp': {
      // awsJson: epoch seconds (a number); awsQuery: ISO 8601, unless the model says otherwise.
      const format =
        ref.timestampFormat ??
        shape.timestampFormat ??
        model.metadata.timestampFormat ??
        (protocol === 'xml' ? 'iso8601' : 'unixTimestamp');
      const ok =
        format === 'unixTimestamp'
          ? typeof value === 'number' && Number.isFinite(value)
          : typeof value === 'string' && ISO_8601.test(value);
      return ok ? [] : problem(`expected a ${format} timestamp, got ${JSON.stringify(value)}`);
    }
    case 'blob':
      return typeof value === 'string' && BASE64.test(value)
        ? []
        : problem(`expected base64, got ${JSON.stringify(value)}`);
    default:
      return problem(`shape type ${shape.type} is not checked`);
  }
}

function boundErrors(
  shape: Shape,
  measure: number,
  what: 'length' | 'value',
  path: string,
  name: string,
): string[] {
  const { min, max } = shape;
  if ((min !== undefined && measure < min) || (max !== undefined && measure > max))
    return [`${path}: ${what} ${measure} outside ${min ?? '-∞'}..${max ?? '∞'} (${name})`];
  return [];
}

/** Java's POSIX classes (the models' patterns are Java regexes) in JavaScript's terms. */
const POSIX: Record<string, string> = {
  Print: '\\x20-\\x7E',
  Graph: '\\x21-\\x7E',
  Alnum: 'A-Za-z0-9',
  Alpha: 'A-Za-z',
  Digit: '0-9',
  Upper: 'A-Z',
  Lower: 'a-z',
  Punct: '!-\\/:-@\\[-`{-~',
  Space: ' \\t\\n\\x0B\\f\\r',
  XDigit: '0-9A-Fa-f',
  ASCII: '\\x00-\\x7F',
};
const compiled = new Map<string, RegExp | null>();

/** The model's pattern as a JavaScript RegExp, or null if it does not translate. */
function javaPattern(pattern: string): RegExp | null {
  if (compiled.has(pattern)) return compiled.get(pattern)!;
  let out = '';
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const posix = /^\\p\{(\w+)\}/.exec(pattern.slice(i));
    if (posix && POSIX[posix[1]!] !== undefined) {
      out += inClass ? POSIX[posix[1]!] : `[${POSIX[posix[1]!]}]`;
      i += posix[0].length - 1;
      continue;
    }
    const char = pattern[i]!;
    if (char === '\\') {
      out += char + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '[') inClass = true;
    if (char === ']') inClass = false;
    out += char;
  }
  // Some patterns are only valid without the u flag (`[\w-_]`, `\_`), as Java reads them.
  let regex: RegExp | null = null;
  for (const flags of ['u', '']) {
    try {
      regex = new RegExp(out, flags);
      break;
    } catch {
      continue;
    }
  }
  compiled.set(pattern, regex);
  return regex;
}
