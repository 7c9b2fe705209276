import { describe, expect, it } from 'vitest';
import { compileFilterPattern } from './filter-pattern.js';

const flask = '10.0.1.23 - - [26/Nov/2026 14:12:01] "GET /api/activities/home HTTP/1.1" 200 -';

describe('compileFilterPattern', () => {
  it.each([
    ['', 'anything', true],
    ['ERROR', 'an ERROR here', true],
    ['ERROR', 'an error here', false],
    ['ERROR timeout', 'ERROR: timeout', true],
    ['ERROR timeout', 'ERROR only', false],
    ['?ERROR ?WARN', 'WARN disk', true],
    ['?ERROR ?WARN', 'INFO ok', false],
    ['GET -health', 'GET /health', false],
    ['GET -health', 'GET /home', true],
    ['"HTTP/1.1\\" 200"', flask, true],
    ['{ $.level = "error" }', '{"level":"error","msg":"x"}', true],
    ['{ $.level = "err*" }', '{"level":"error"}', true],
    ['{ $.status >= 500 && $.path = "/api*" }', '{"status":503,"path":"/api/x"}', true],
    ['{ $.status >= 500 && $.path = "/api*" }', '{"status":404,"path":"/api/x"}', false],
    ['{ $.status >= 500 || $.level = "error" }', '{"status":200,"level":"error"}', true],
    ['{ $.level = "error" }', 'not json', false],
    ['[ip, dash, user, timestamp, request, status = 200, size]', flask, true],
    ['[ip, dash, user, timestamp, request, status = 5*, size]', flask, false],
    ['[ip, ..., status = 200, size]', flask, true],
  ])('%s on %s -> %s', (pattern, message, expected) => {
    expect(compileFilterPattern(pattern)(message)).toBe(expected);
  });

  it('rejects a malformed pattern', () => {
    expect(() => compileFilterPattern('{ $.level = ')).toThrow(/Invalid filter pattern/);
    expect(() => compileFilterPattern('"unterminated')).toThrow(/Invalid filter pattern/);
  });
});
