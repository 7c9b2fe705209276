/**
 * CloudWatch Logs filter patterns, the parts dashboards use:
 *   terms        `ERROR timeout` (all), `?ERROR ?WARN` (any), `-health` (none), `"exact phrase"`
 *   JSON         `{ $.level = "error" }`, `{ $.status >= 500 && $.path = "/api*" }`
 *   space-delimited `[ip, user, ts, request, status = 5*, size]` with `...` for the rest
 * Matching is case-sensitive, as on AWS. No pattern, a blank one or `""` matches every event
 * (the last is what CDK's `FilterPattern.allEvents()` sends). A comparison on a field the event
 * lacks never matches, `!=` included: AWS has `NOT EXISTS` for that.
 */
import { invalidParameter } from '../errors.js';

export type Matcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): Matcher {
  const text = (pattern ?? '').trim();
  if (text.startsWith('{')) return compileJson(text);
  if (text.startsWith('[')) return compileDelimited(text);
  return compileTerms(text);
}

function invalid(pattern: string): never {
  throw invalidParameter(`Invalid filter pattern: ${pattern}`);
}

type Term = { sign: '' | '?' | '-'; word: string };

/** A token is a bare word or a "quoted phrase" (with \" escapes), either signed ? or -. */
const TOKEN = /[?-]?"(?:[^"\\]|\\.)*"|\S+/g;

function parseTerm(token: string, pattern: string): Term {
  const sign = token[0] === '?' || token[0] === '-' ? token[0] : '';
  const body = token.slice(sign.length);
  if (!body.startsWith('"')) {
    if (body === '') invalid(pattern);
    return { sign, word: body };
  }
  if (body.length < 2 || !body.endsWith('"')) invalid(pattern);
  return { sign, word: body.slice(1, -1).replace(/\\(.)/g, '$1') };
}

function compileTerms(text: string): Matcher {
  const terms = (text.match(TOKEN) ?? []).map((token) => parseTerm(token, text));
  const words = (sign: Term['sign']) => terms.filter((t) => t.sign === sign).map((t) => t.word);
  const all = words('');
  const any = words('?');
  const none = words('-');
  return (message) =>
    all.every((word) => message.includes(word)) &&
    (any.length === 0 || any.some((word) => message.includes(word))) &&
    !none.some((word) => message.includes(word));
}

type Op = '=' | '!=' | '<' | '<=' | '>' | '>=';
type Comparison = { path: string; op: Op; value: string | number };

const NUMERIC: Record<Op, (actual: number, expected: number) => boolean> = {
  '=': (actual, expected) => actual === expected,
  '!=': (actual, expected) => actual !== expected,
  '<': (actual, expected) => actual < expected,
  '<=': (actual, expected) => actual <= expected,
  '>': (actual, expected) => actual > expected,
  '>=': (actual, expected) => actual >= expected,
};

/** A JSON number, or a string that holds one (space-delimited fields are always strings). */
function numberIn(actual: unknown): number {
  if (typeof actual === 'number') return actual;
  if (typeof actual === 'string' && actual.trim() !== '') return Number(actual);
  return Number.NaN;
}

/** `*` matches any run of characters; everything else is literal. */
function globOf(expected: string): RegExp {
  const literal = expected.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${literal.join('.*')}$`);
}

function compare(actual: unknown, { op, value }: Comparison): boolean {
  if (actual === undefined || actual === null) return false;
  if (typeof value === 'number') {
    const number = numberIn(actual);
    return !Number.isNaN(number) && NUMERIC[op](number, value);
  }
  const text = typeof actual === 'string' ? actual : JSON.stringify(actual);
  return globOf(value).test(text) === (op === '=');
}

const COMPARISON = /^\s*(?<path>\$?[\w.[\]-]+)\s*(?<op>!=|<=|>=|=|<|>)\s*(?<value>.+?)\s*$/;

function parseComparison(text: string, pattern: string): Comparison {
  const match = COMPARISON.exec(text);
  if (!match) invalid(pattern);
  // The expression has matched, so all three groups hold text.
  const groups = match.groups as { path: string; op: Op; value: string };
  const { path, op } = groups;
  const value = parseValue(groups.value, pattern);
  // Strings compare by equality only: `<` on text is a mistake, not an empty result.
  if (typeof value === 'string' && op !== '=' && op !== '!=') invalid(pattern);
  return { path, op, value };
}

function parseValue(raw: string, pattern: string): string | number {
  if (raw.startsWith('"')) {
    if (raw.length < 2 || !raw.endsWith('"')) invalid(pattern);
    return raw.slice(1, -1);
  }
  const number = Number(raw);
  return Number.isNaN(number) ? raw : number;
}

/** `a && b || c`: && binds tighter, as in the CloudWatch syntax; no parentheses. */
function compileBoolean(
  body: string,
  pattern: string,
  test: (c: Comparison) => (input: unknown) => boolean,
) {
  const alternatives = body
    .split('||')
    .map((part) => part.split('&&').map((clause) => test(parseComparison(clause, pattern))));
  return (input: unknown) =>
    alternatives.some((clauses) => clauses.every((clause) => clause(input)));
}

/** `$.a.b[2].c` → the value there, or undefined; only objects and arrays are walked into. */
function lookup(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.slice(2).match(/[^.[\]]+/g) ?? []) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function parseJson(message: string): unknown {
  try {
    return JSON.parse(message);
  } catch {
    return undefined; // not JSON: every lookup finds nothing, so nothing matches
  }
}

function compileJson(text: string): Matcher {
  if (!text.endsWith('}')) invalid(text);
  const test = compileBoolean(text.slice(1, -1), text, (c) => {
    if (!c.path.startsWith('$.')) invalid(text);
    return (input) => compare(lookup(input, c.path), c);
  });
  return (message) => test(parseJson(message));
}

/** A log line's fields: split on spaces, keeping "quoted" and [bracketed] runs whole. */
const FIELD = /"([^"]*)"|\[([^\]]*)\]|(\S+)/g;

function fieldsOf(message: string): string[] {
  // Exactly one of the three groups matched each field.
  return [...message.matchAll(FIELD)].map((m) => (m[1] ?? m[2] ?? m[3]) as string);
}

type FieldCheck = (fields: string[]) => boolean;

function fieldCheck(name: string, pattern: string, pick: (fields: string[]) => string): FieldCheck {
  if (/^\w+$/.test(name)) return () => true;
  const comparison = parseComparison(name, pattern);
  return (fields) => compare(pick(fields), comparison);
}

function compileDelimited(text: string): Matcher {
  if (!text.endsWith(']')) invalid(text);
  const names = text
    .slice(1, -1)
    .split(',')
    .map((part) => part.trim());
  const ellipsis = names.indexOf('...');
  // Fields before `...` count from the start of the line, those after it from the end.
  const head = ellipsis < 0 ? names : names.slice(0, ellipsis);
  const tail = ellipsis < 0 ? [] : names.slice(ellipsis + 1);
  const checks = [
    ...head.map((name, i) => fieldCheck(name, text, (fields) => fields[i] as string)),
    ...tail.map((name, i) =>
      fieldCheck(name, text, (fields) => fields[fields.length - tail.length + i] as string),
    ),
  ];
  return (message) => {
    const fields = fieldsOf(message);
    const fits =
      ellipsis < 0 ? fields.length === names.length : fields.length >= head.length + tail.length;
    return fits && checks.every((check) => check(fields));
  };
}
