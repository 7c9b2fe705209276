/**
 * CloudWatch Logs filter patterns, the parts dashboards use:
 *   terms        `ERROR timeout` (all), `?ERROR ?WARN` (any), `-health` (none), `"exact phrase"`
 *   JSON         `{ $.level = "error" }`, `{ $.status >= 500 && $.path = "/api*" }`
 *   space-delimited `[ip, user, ts, request, status = 5*, size]` with `...` for the rest
 * Matching is case-sensitive, as on AWS. An empty pattern matches every event.
 */
import { invalidParameter } from '../wire.js';

export type Matcher = (message: string) => boolean;

export function compileFilterPattern(pattern: string | undefined): Matcher {
  const text = (pattern ?? '').trim();
  if (text === '') return () => true;
  if (text.startsWith('{')) return compileJson(text);
  if (text.startsWith('[')) return compileDelimited(text);
  return compileTerms(text);
}

function invalid(pattern: string): never {
  throw invalidParameter(`Invalid filter pattern: ${pattern}`);
}

function compileTerms(text: string): Matcher {
  const tokens = text.match(/[?-]?"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  for (const token of tokens) {
    const sign = token[0] === '?' || token[0] === '-' ? token[0] : '';
    let term = sign ? token.slice(1) : token;
    if (term.startsWith('"')) {
      if (!term.endsWith('"') || term.length < 2) invalid(text);
      term = term.slice(1, -1).replace(/\\(.)/g, '$1');
    }
    if (term === '') invalid(text);
    (sign === '?' ? any : sign === '-' ? none : all).push(term);
  }
  return (message) =>
    all.every((term) => message.includes(term)) &&
    (any.length === 0 || any.some((term) => message.includes(term))) &&
    !none.some((term) => message.includes(term));
}

type Comparison = { path: string; op: string; value: string | number };

function compare(actual: unknown, op: string, expected: string | number): boolean {
  if (typeof expected === 'number') {
    const number = typeof actual === 'number' ? actual : Number(actual);
    if (actual === undefined || actual === null || Number.isNaN(number)) return false;
    switch (op) {
      case '=':
        return number === expected;
      case '!=':
        return number !== expected;
      case '<':
        return number < expected;
      case '<=':
        return number <= expected;
      case '>':
        return number > expected;
      case '>=':
        return number >= expected;
    }
    return false;
  }
  if (actual === undefined || actual === null) return op === '!=';
  const glob = new RegExp(
    `^${expected
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  const matches = glob.test(typeof actual === 'string' ? actual : JSON.stringify(actual));
  return op === '!=' ? !matches : op === '=' && matches;
}

function parseValue(raw: string): string | number {
  const trimmed = raw.trim();
  if (trimmed.startsWith('"') && trimmed.endsWith('"')) return trimmed.slice(1, -1);
  const number = Number(trimmed);
  return trimmed !== '' && !Number.isNaN(number) ? number : trimmed;
}

function parseComparison(text: string, pattern: string): Comparison {
  const match = /^\s*(\$?[\w.[\]-]+)\s*(!=|<=|>=|=|<|>)\s*(.+?)\s*$/.exec(text);
  if (!match) invalid(pattern);
  const [, path = '', op = '', value = ''] = match;
  return { path, op, value: parseValue(value) };
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

function lookup(value: unknown, path: string): unknown {
  const parts = path
    .replace(/^\$\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '');
  let current = value;
  for (const part of parts) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function compileJson(text: string): Matcher {
  if (!text.endsWith('}')) invalid(text);
  const test = compileBoolean(text.slice(1, -1), text, (c) => {
    if (!c.path.startsWith('$')) invalid(text);
    return (input) => compare(lookup(input, c.path), c.op, c.value);
  });
  return (message) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message);
    } catch {
      return false;
    }
    return test(parsed);
  };
}

/** Splits a log line into fields on spaces, keeping "quoted" and [bracketed] runs whole. */
function fieldsOf(message: string): string[] {
  return (message.match(/"[^"]*"|\[[^\]]*\]|\S+/g) ?? []).map((field) =>
    field.startsWith('"') || field.startsWith('[') ? field.slice(1, -1) : field,
  );
}

function compileDelimited(text: string): Matcher {
  if (!text.endsWith(']')) invalid(text);
  const names = text
    .slice(1, -1)
    .split(',')
    .map((part) => part.trim());
  const ellipsis = names.indexOf('...');
  const conditions = names.map((part, index) => {
    if (part === '...' || /^\w+$/.test(part)) return undefined;
    const comparison = parseComparison(part, text);
    return { index, comparison };
  });
  return (message) => {
    const fields = fieldsOf(message);
    if (ellipsis < 0 && fields.length !== names.length) return false;
    if (ellipsis >= 0 && fields.length < names.length - 1) return false;
    return conditions.every((condition) => {
      if (!condition) return true;
      const index =
        ellipsis >= 0 && condition.index > ellipsis
          ? fields.length - (names.length - condition.index)
          : condition.index;
      return compare(fields[index], condition.comparison.op, condition.comparison.value);
    });
  };
}
