import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  hostAllowed,
  hostName,
  STATIC_SECURITY_HEADERS,
  transportSecurity,
  WRONG_HOST_MESSAGE,
} from './security';

describe('hostName', () => {
  it.each([
    ['127.0.0.1:3177', '127.0.0.1'],
    ['LOCALHOST', 'localhost'],
    ['[::1]:3000', '[::1]'],
    ['berth.example.com.', 'berth.example.com'],
    ['evil.example:3120', 'evil.example'],
    ['  Berth.Example.COM:443  ', 'berth.example.com'],
    ['[2001:db8::1]', '[2001:db8::1]'],
    ['[::1', '[::1'],
    [':3000', ':3000'],
    ['', ''],
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

  it('never lets a request without a host name through, even past an empty allow-list entry', () => {
    expect(hostAllowed('', ['', 'localhost'])).toBe(false);
    expect(hostAllowed(':80', ['', 'localhost'])).toBe(false);
  });
});

describe('contentSecurityPolicy', () => {
  it('allows only scripts with the nonce and no framing', () => {
    expect(contentSecurityPolicy('abc')).toBe(
      "default-src 'self'; script-src 'self' 'nonce-abc' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
  });
});

describe('what every response carries', () => {
  it('allows eval only in development (React Refresh needs it)', () => {
    expect(contentSecurityPolicy('abc', true)).toContain(
      "script-src 'self' 'nonce-abc' 'strict-dynamic' 'unsafe-eval';",
    );
    expect(contentSecurityPolicy('abc', false)).not.toContain('unsafe-eval');
  });

  it('sends the fixed headers exactly', () => {
    expect(STATIC_SECURITY_HEADERS).toEqual({
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'X-Frame-Options': 'DENY',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    });
  });

  it('tells a refused host how to get in', () => {
    expect(WRONG_HOST_MESSAGE).toMatch(/BERTH_ALLOWED_HOSTS or BERTH_PUBLIC_URL/);
  });
});

describe('transportSecurity', () => {
  it('asks browsers for HTTPS only when Berth is served over it', () => {
    expect(transportSecurity('https://berth.example.com')).toEqual({
      'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    });
    expect(transportSecurity('http://berth.internal:3000')).toEqual({});
    expect(transportSecurity(undefined)).toEqual({});
  });
});
