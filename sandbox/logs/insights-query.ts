/**
 * CloudWatch Logs Insights' query language, as far as people use it to read an ECS service's
 * logs: `fields`, `display`, `filter` (like /regex/ or "text", not like, =, !=, <, >, <=, >=,
 * ispresent(), and/or/not, parentheses), `sort … asc|desc`, `limit`. Commands run in order,
 * as a pipeline. Anything else (stats, parse, dedup, …) is refused with the compile error
 * Logs Insights gives (MalformedQueryException with the position), never silently ignored.
 */

/** One log event as Insights sees it: its system fields and any discovered JSON fields. */
export type InsightsRecord = Record<string, string | number | undefined>;

export interface CompileError {
  message: string;
  start: number;
  end: number;
}

type Condition = (record: InsightsRecord) => boolean;

type Command =
  | { kind: 'fields'; names: string[] }
  | { kind: 'filter'; test: Condition }
  | { kind: 'sort'; field: string; descending: boolean }
  | { kind: 'limit'; count: number };

export interface InsightsQuery {
  commands: Command[];
}

export const MAX_LIMIT = 10_000;
const COMMANDS = ['fields', 'display', 'filter', 'sort', 'limit'];

class QueryError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

/** Splits on `|` outside quotes and regex literals, keeping each part's offset. */
function splitCommands(text: string): { part: string; offset: number }[] {
  const parts: { part: string; offset: number }[] = [];
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'" || char === '/' || char === '`') quote = char;
    else if (char === '|') {
      parts.push({ part: text.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  if (quote) throw new QueryError('unterminated string or regular expression', start, text.length);
  parts.push({ part: text.slice(start), offset: start });
  return parts;
}

const FIELD = /^(@?[A-Za-z_][\w.@-]*|`[^`]+`)$/;
const fieldName = (raw: string) => (raw.startsWith('`') ? raw.slice(1, -1) : raw);

function fieldList(text: string, offset: number): string[] {
  const names = text.split(',').map((name) => name.trim());
  for (const name of names)
    if (!FIELD.test(name))
      throw new QueryError(`expected a field name, got "${name}"`, offset, offset + text.length);
  return names.map(fieldName);
}

/** Tokens of a filter expression. */
type Token =
  | { type: 'word'; value: string; at: number }
  | { type: 'string'; value: string; at: number }
  | { type: 'number'; value: number; at: number }
  | { type: 'regex'; value: RegExp; at: number }
  | { type: 'op'; value: string; at: number };

function tokenize(text: string, offset: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const at = offset + i;
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const string = /^(["'])((?:\\.|(?!\1).)*)\1/.exec(rest);
    const regex = /^\/((?:\\.|[^/\\])*)\/([imsx]*)/.exec(rest);
    const number = /^-?\d+(\.\d+)?(?![\w.])/.exec(rest);
    const op = /^(!=|<=|>=|=~|=|<|>|\(|\))/.exec(rest);
    const word = /^(@?[A-Za-z_][\w.@-]*|`[^`]+`)/.exec(rest);
    if (string) {
      tokens.push({ type: 'string', value: string[2]!.replace(/\\(.)/g, '$1'), at });
      i += string[0].length;
    } else if (regex) {
      let value: RegExp;
      try {
        value = new RegExp(regex[1]!, regex[2]!.replace('x', ''));
      } catch {
        throw new QueryError(`invalid regular expression /${regex[1]}/`, at, at + regex[0].length);
      }
      tokens.push({ type: 'regex', value, at });
      i += regex[0].length;
    } else if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), at });
      i += number[0].length;
    } else if (op) {
      tokens.push({ type: 'op', value: op[0], at });
      i += op[0].length;
    } else if (word) {
      tokens.push({ type: 'word', value: word[0], at });
      i += word[0].length;
    } else throw new QueryError(`unexpected character "${rest[0]}"`, at, at + 1);
  }
  return tokens;
}

/** A recursive-descent parser: or of ands of (not) comparisons. */
function parseFilter(text: string, offset: number): Condition {
  const tokens = tokenize(text, offset);
  let position = 0;
  const end = offset + text.length;
  const peek = () => tokens[position];
  const isWord = (token: Token | undefined, word: string) =>
    token?.type === 'word' && token.value.toLowerCase() === word;
  const fail = (expected: string): never => {
    const token = peek();
    throw new QueryError(
      `expected ${expected}${token ? ` at "${text.slice(token.at - offset).split(/\s/)[0]}"` : ' before the end'}`,
      token?.at ?? end,
      end,
    );
  };

  function orExpression(): Condition {
    let left = andExpression();
    while (isWord(peek(), 'or')) {
      position++;
      const right = andExpression();
      const previous = left;
      left = (record) => previous(record) || right(record);
    }
    return left;
  }
  function andExpression(): Condition {
    let left = unary();
    while (isWord(peek(), 'and')) {
      position++;
      const right = unary();
      const previous = left;
      left = (record) => previous(record) && right(record);
    }
    return left;
  }
  function unary(): Condition {
    if (isWord(peek(), 'not')) {
      position++;
      const inner = unary();
      return (record) => !inner(record);
    }
    const token = peek();
    if (token?.type === 'op' && token.value === '(') {
      position++;
      const inner = orExpression();
      const close = peek();
      if (close?.type !== 'op' || close.value !== ')') fail('")"');
      position++;
      return inner;
    }
    return comparison();
  }
  function comparison(): Condition {
    const token = peek();
    if (token?.type !== 'word') return fail('a field name');
    position++;
    if (token.value.toLowerCase() === 'ispresent') {
      const open = tokens[position];
      const field = tokens[position + 1];
      const close = tokens[position + 2];
      if (open?.value !== '(' || field?.type !== 'word' || close?.value !== ')')
        fail('ispresent(field)');
      position += 3;
      const name = fieldName(String(field!.value));
      return (record) => record[name] !== undefined;
    }
    const field = fieldName(token.value);
    let negate = false;
    if (isWord(peek(), 'not')) {
      negate = true;
      position++;
      if (!isWord(peek(), 'like')) fail('"like" after "not"');
    }
    const operator = peek();
    const isLike = isWord(operator, 'like') || (operator?.type === 'op' && operator.value === '=~');
    if (!isLike && operator?.type !== 'op') return fail('like, =, !=, <, >, <= or >=');
    position++;
    const value = peek();
    if (!value || (value.type !== 'string' && value.type !== 'number' && value.type !== 'regex'))
      return fail('a string, a number or a /regular expression/');
    position++;
    const text = (record: InsightsRecord) =>
      record[field] === undefined ? undefined : String(record[field]);
    if (isLike) {
      const test =
        value.type === 'regex'
          ? (s: string) => value.value.test(s)
          : (s: string) => s.includes(String(value.value));
      return (record) => {
        const s = text(record);
        return s !== undefined && test(s) !== negate;
      };
    }
    const compare = (record: InsightsRecord): number | undefined => {
      const actual = record[field];
      if (actual === undefined || value.type === 'regex') return undefined;
      if (value.type === 'number') {
        const n = Number(actual);
        return Number.isNaN(n) ? undefined : n - value.value;
      }
      const s = String(actual);
      return s < value.value ? -1 : s > value.value ? 1 : 0;
    };
    const op = String(operator!.value);
    if (value.type === 'regex') fail('a string or a number after ' + op);
    const accept: Record<string, (d: number) => boolean> = {
      '=': (d) => d === 0,
      '!=': (d) => d !== 0,
      '<': (d) => d < 0,
      '>': (d) => d > 0,
      '<=': (d) => d <= 0,
      '>=': (d) => d >= 0,
    };
    const check = accept[op];
    if (!check) return fail('like, =, !=, <, >, <= or >=');
    return (record) => {
      const difference = compare(record);
      return difference !== undefined && check(difference);
    };
  }

  const condition = orExpression();
  if (position < tokens.length) fail('"and", "or" or the end of the filter');
  return condition;
}

/** The query compiled, or the error Logs Insights would report. */
export function compileInsightsQuery(
  text: string,
): { ok: true; query: InsightsQuery } | { ok: false; error: CompileError } {
  try {
    const commands: Command[] = [];
    for (const { part, offset } of splitCommands(text)) {
      const trimmed = part.trim();
      if (trimmed === '') continue;
      const at = offset + part.indexOf(trimmed);
      const [, keyword = '', rest = ''] = /^(\S+)\s*([\s\S]*)$/.exec(trimmed) ?? [];
      const restAt = at + trimmed.length - rest.length;
      switch (keyword.toLowerCase()) {
        case 'fields':
        case 'display':
          commands.push({ kind: 'fields', names: fieldList(rest, restAt) });
          break;
        case 'filter':
          commands.push({ kind: 'filter', test: parseFilter(rest, restAt) });
          break;
        case 'sort': {
          const match = /^(@?[\w.@-]+|`[^`]+`)(?:\s+(asc|desc))?$/i.exec(rest.trim());
          if (!match)
            throw new QueryError('expected "sort field asc|desc"', restAt, restAt + rest.length);
          commands.push({
            kind: 'sort',
            field: fieldName(match[1]!),
            descending: match[2]?.toLowerCase() === 'desc',
          });
          break;
        }
        case 'limit': {
          const count = /^\d+$/.test(rest.trim()) ? Number(rest.trim()) : NaN;
          if (!(count >= 1 && count <= MAX_LIMIT))
            throw new QueryError(
              `limit must be a whole number from 1 to ${MAX_LIMIT}`,
              restAt,
              restAt + rest.length,
            );
          commands.push({ kind: 'limit', count });
          break;
        }
        default:
          throw new QueryError(
            `unexpected command "${keyword}": the sandbox runs ${COMMANDS.join(', ')}`,
            at,
            at + keyword.length,
          );
      }
    }
    return { ok: true, query: { commands } };
  } catch (error) {
    if (error instanceof QueryError)
      return { ok: false, error: { message: error.message, start: error.start, end: error.end } };
    throw error;
  }
}

/** The fields a query shows when it names none (Logs Insights' defaults). */
export const DEFAULT_FIELDS = ['@timestamp', '@message', '@logStream', '@log'];

/** Runs a compiled query over records (oldest first): the rows and the fields to show. */
export function runInsightsQuery(
  query: InsightsQuery,
  records: InsightsRecord[],
  limit = MAX_LIMIT,
): { rows: InsightsRecord[]; fields: string[]; matched: number } {
  let rows = records;
  let fields: string[] | undefined;
  let matched = records.length;
  for (const command of query.commands) {
    if (command.kind === 'fields') fields = command.names;
    else if (command.kind === 'filter') {
      rows = rows.filter(command.test);
      matched = rows.length;
    } else if (command.kind === 'sort') {
      const sign = command.descending ? -1 : 1;
      const key = (row: InsightsRecord) => row[command.field];
      rows = [...rows].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        if (x === y) return 0;
        if (x === undefined) return 1;
        if (y === undefined) return -1;
        return (x < y ? -1 : 1) * sign;
      });
    } else rows = rows.slice(0, command.count);
  }
  return { rows: rows.slice(0, limit), fields: fields ?? DEFAULT_FIELDS, matched };
}
