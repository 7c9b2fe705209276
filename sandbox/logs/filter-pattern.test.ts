import { describe, expect, it } from 'vitest';
import { compileFilterPattern } from './filter-pattern.js';

const flask = '10.0.1.23 - - [26/Nov/2026 14:12:01] "GET /api/activities/home HTTP/1.1" 200 -';
const matches = (pattern: string | undefined, message: string) =>
  compileFilterPattern(pattern)(message);

describe('compileFilterPattern: terms', () => {
  it.each([
    ['ERROR', 'an ERROR here', true],
    ['ERROR', 'an error here', false],
    ['ERROR timeout', 'ERROR: timeout', true],
    ['ERROR timeout', 'ERROR only', false],
    ['?ERROR ?WARN', 'WARN disk', true],
    ['?ERROR ?WARN', 'ERROR disk', true],
    ['?ERROR ?WARN', 'INFO ok', false],
    ['GET -health', 'GET /health', false],
    ['GET -health', 'GET /home', true],
    ['-health', 'GET /home', true],
    ['-health -ping', 'GET /ping', false],
    ['"HTTP/1.1\\" 200"', flask, true],
    ['"HTTP/1.1\\" 404"', flask, false],
    ['?"disk full" ?"out of memory"', 'out of memory: killed', true],
    ['?"disk full" ?"out of memory"', 'disk is full', false],
    ['-"GET /health"', 'GET /healthz', false],
    ['-"GET /health"', 'GET /home health', true],
    ['  ERROR  ', 'ERROR', true],
  ])('%j on %j -> %s', (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  it('matches every event for no pattern, a blank one and "" (what CDK allEvents() sends)', () => {
    for (const pattern of [undefined, '', '   ', '""']) {
      expect(matches(pattern, 'Stryker was here')).toBe(true);
      expect(matches(pattern, '')).toBe(true);
    }
  });

  it.each(['"unterminated', '"', '?"', '-', '?', 'ERROR -'])('refuses %j', (pattern) => {
    expect(() => compileFilterPattern(pattern)).toThrow(`Invalid filter pattern: ${pattern}`);
  });
});

describe('compileFilterPattern: JSON', () => {
  const json = (value: unknown) => JSON.stringify({ value });

  it.each([
    ['=', [false, true, false]],
    ['!=', [true, false, true]],
    ['<', [true, false, false]],
    ['<=', [true, true, false]],
    ['>', [false, false, true]],
    ['>=', [false, true, true]],
  ])('compares numbers with %s (4, 5, 6 against 5)', (op, expected) => {
    const matcher = compileFilterPattern(`{ $.value ${op} 5 }`);
    expect([4, 5, 6].map((value) => matcher(json(value)))).toEqual(expected);
  });

  it.each([
    ['{ $.value = 5 }', json('5'), true],
    ['{ $.value = 5 }', json(' 5 '), true],
    ['{ $.value = 0 }', json(null), false],
    ['{ $.value = 0 }', json(''), false],
    // Blank text is no number (Number(' ') would read it as 0).
    ['{ $.value = 0 }', json(' '), false],
    ['{ $.value = "" }', json(''), true],
    ['{ $.value = 1 }', json(true), false],
    ['{ $.value = 0 }', json('zero'), false],
    ['{ $.value != 5 }', '{}', false],
    ['{ $.value != "x" }', '{}', false],
    ['{ $.value != "x" }', json(null), false],
    ['{ $.value != "x" }', json('y'), true],
    ['{ $.value != "x" }', json('x'), false],
    ['{ $.level = "error" }', '{"level":"error","msg":"x"}', true],
    ['{ $.level = "err*" }', '{"level":"error"}', true],
    ['{ $.level = "err*" }', '{"level":"an error"}', false],
    ['{ $.level = "*or" }', '{"level":"error"}', true],
    ['{ $.level = "Error" }', '{"level":"error"}', false],
    ['{ $.level = error }', '{"level":"error"}', true],
    ['{ $.path = "/api.v1" }', '{"path":"/apixv1"}', false],
    ['{ $.path = "/api.v1" }', '{"path":"/api.v1"}', true],
    ['{ $.ok = "true" }', '{"ok":true}', true],
    ['{ $.value=5 }', json(5), true],
    ['{$.value>=5}', json(5), true],
    ['{ $.items[1].id = 7 }', '{"items":[{"id":1},{"id":7}]}', true],
    ['{ $.items[10] = 7 }', `{"items":${JSON.stringify([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7])}}`, true],
    ['{ $.a.b.c = "deep" }', '{"a":{"b":{"c":"deep"}}}', true],
    ['{ $.name.length = 3 }', '{"name":"abc"}', false],
    ['{ $.a.b = 1 }', '{"a":null}', false],
    ['{ $.status >= 500 && $.path = "/api*" }', '{"status":503,"path":"/api/x"}', true],
    ['{ $.status >= 500 && $.path = "/api*" }', '{"status":404,"path":"/api/x"}', false],
    ['{ $.status >= 500 || $.level = "error" }', '{"status":200,"level":"error"}', true],
    ['{ $.status >= 500 || $.level = "error" }', '{"status":200,"level":"info"}', false],
    ['{ $.a = 1 && $.b = 2 || $.c = 3 }', '{"a":1,"b":0,"c":3}', true],
    ['{ $.a = 1 && $.b = 2 || $.c = 3 }', '{"a":1,"b":0,"c":0}', false],
    ['{ $.level = "error" }', 'not json', false],
    ['{ $.level != "error" }', 'not json', false],
  ])('%s on %s -> %s', (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  it('reads a pattern with spaces around it', () => {
    expect(matches('  { $.value = 5 }', json(5))).toBe(true);
  });

  it.each([
    '{ $.level =',
    '{ $.value = 12',
    '{ value = 1 }',
    '{ $value = 1 }',
    '{ $.value < "x" }',
    '{ $.value >= "x" }',
    '{ $.value = "x }',
    '{ $.value = " }',
    '{ $.value }',
  ])('refuses %j', (pattern) => {
    expect(() => compileFilterPattern(pattern)).toThrow(`Invalid filter pattern: ${pattern}`);
  });
});

describe('compileFilterPattern: space-delimited', () => {
  it.each([
    ['[ip, dash, user, timestamp, request, status = 200, size]', flask, true],
    ['[ip, dash, user, timestamp, request, status = 404, size]', flask, false],
    ['[ip, dash, user, timestamp, request, status = 5*, size]', flask, false],
    ['[ip, dash, user, timestamp, request, status = 2*, size]', flask, true],
    ['[ip, dash, user, timestamp, request = "GET /api*", status, size]', flask, true],
    ['[ip, dash, user, timestamp = 26/Nov*, request, status, size]', flask, true],
    ['[ip, dash, user, timestamp, request, status, size = 0]', flask, false],
    ['[ip, ..., status = 200, size]', flask, true],
    ['[..., status = 200, size]', flask, true],
    ['[..., status = 404, size]', flask, false],
    ['[ip = 10.0.*, ...]', flask, true],
    ['[ip = 10.1.*, ...]', flask, false],
    ['[a, b]', 'x y z', false],
    ['[a, b, c]', 'x y z', true],
    ['[a, b, c, d]', 'x y z', false],
    ['[a]', '', false],
    ['[a, ..., b, c]', 'x y', false],
    ['[a, ..., b, c]', 'x y z', true],
    ['[..., b, c]', 'x', false],
    ['[a = x, ..., c = z]', 'x m n z', true],
    ['[a = x, ..., c = z]', 'x m z n', false],
    ['[a, b = m, ..., c = n, d]', 'x m q r n z', true],
    ['[a, b = m, ..., c = n, d]', 'x m q n r z', false],
    ['[a, b = "two words"]', 'x "two words"', true],
    ['[a, b = two]', 'x "two words"', false],
    ['[a, b = "[bracketed]"]', 'x [bracketed]', false],
    ['[a, b = bracketed]', 'x [bracketed]', true],
    ['[a, b = q"]', 'x q"', true],
  ])('%s on %j -> %s', (pattern, message, expected) => {
    expect(matches(pattern, message)).toBe(expected);
  });

  it.each(['[a, b', '[a, bc', '[a, x y = 1]', '[a, = 1]', '[a, b = ]'])('refuses %j', (pattern) => {
    expect(() => compileFilterPattern(pattern)).toThrow(`Invalid filter pattern: ${pattern}`);
  });
});
