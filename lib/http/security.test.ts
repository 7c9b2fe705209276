import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, hostAllowed, hostName } from './security';

describe('hostName', () => {
  it.each([
    ['127.0.0.1:3177', '127.0.0.1'],
    ['LOCALHOST', 'localhost'],
    ['[::1]:3000', '[::1]'],
    ['berth.example.com.', 'berth.example.com'],
    ['evil.example:3120', 'evil.example'],
    [null, ''],
  ])('%j -> %j', (host, name) => {
    expect(hostName(host)).toBe(name);
  });
});

describe('hostAllowed', () => {
  const allowed = ['localhost', '127.0.0.1', '[::1]', 'berth.example.com'];
  it.each([
    ['127.0.0.1:3177', true],
    ['berth.example.com', true],
    ['evil.example:3120', false],
    ['127.0.0.1.evil.example', false],
    ['', false],
    [null, false],
  ])('%j -> %s', (host, ok) => {
    expect(hostAllowed(host, allowed)).toBe(ok);
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only scripts with the nonce and no framing', () => {
    expect(contentSecurityPolicy('abc')).toBe(
      "default-src 'self'; script-src 'self' 'nonce-abc' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
  });
});
