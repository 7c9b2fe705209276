import { describe, expect, it } from 'vitest';
import { groupsFromClaim } from './claims';
import {
  cookieValue,
  MAX_COOKIE_BYTES,
  openSession,
  openSignIn,
  safeNext,
  sealSession,
  sealSignIn,
} from './session';

const SECRET = 'a'.repeat(32);
const now = () => Math.floor(Date.now() / 1000);
const person = { sub: 'sub-1', email: 'ops@example.com', groups: ['platform-team'] };
const signIn = { verifier: 'v'.repeat(43), state: 'st', nonce: 'no', next: '/clusters/prod' };

describe('session cookies', () => {
  it('open with the secret they were sealed with, unchanged', async () => {
    const exp = now() + 3600;
    const sealed = await sealSession({ ...person, exp }, SECRET);
    expect(await openSession(sealed, SECRET)).toEqual({ ...person, exp });
    // Sealed, not signed: nothing of the person shows in the cookie.
    expect(sealed.split('.')).toHaveLength(5);
    expect(sealed).not.toContain(Buffer.from('ops@example.com').toString('base64url'));
  });

  it('keep a session without an email (the provider gave only a subject)', async () => {
    const exp = now() + 60;
    const sealed = await sealSession({ sub: 's', groups: [], exp }, SECRET);
    expect(await openSession(sealed, SECRET)).toEqual({ sub: 's', groups: [], exp });
  });

  it('do not open with another secret, once expired, tampered with, or when absent', async () => {
    const sealed = await sealSession({ ...person, exp: now() + 3600 }, SECRET);
    expect(await openSession(sealed, 'b'.repeat(32))).toBeUndefined();
    expect(await openSession(undefined, SECRET)).toBeUndefined();
    expect(await openSession('', SECRET)).toBeUndefined();
    expect(await openSession('a.b.c.d.e', SECRET)).toBeUndefined();
    const parts = sealed.split('.');
    const ciphertext = parts[3]!;
    parts[3] = `${ciphertext[0] === 'A' ? 'B' : 'A'}${ciphertext.slice(1)}`;
    expect(await openSession(parts.join('.'), SECRET)).toBeUndefined();
    const expired = await sealSession({ ...person, exp: now() - 1 }, SECRET);
    expect(await openSession(expired, SECRET)).toBeUndefined();
  });

  it('are not sign-in cookies, and sign-in cookies are not sessions', async () => {
    const session = await sealSession({ ...person, exp: now() + 3600 }, SECRET);
    const started = await sealSignIn(signIn, SECRET);
    expect(await openSignIn(started, SECRET)).toEqual(signIn);
    expect(await openSession(started, SECRET)).toBeUndefined();
    expect(await openSignIn(session, SECRET)).toBeUndefined();
  });

  it('refuse a sealed session whose claims are not a person', async () => {
    // @ts-expect-error: what a bug or an old Berth could have sealed
    const noSubject = await sealSession({ groups: [], exp: now() + 60 }, SECRET);
    expect(await openSession(noSubject, SECRET)).toBeUndefined();
  });

  it('refuse anything longer than a browser keeps, without trying to open it', async () => {
    expect(await openSession('x'.repeat(MAX_COOKIE_BYTES + 1), SECRET)).toBeUndefined();
    const many = Array.from({ length: 400 }, (_, index) => `group-${index}-of-many`);
    const big = await sealSession({ ...person, groups: many, exp: now() + 60 }, SECRET);
    expect(big.length).toBeGreaterThan(MAX_COOKIE_BYTES);
    expect(await openSession(big, SECRET)).toBeUndefined();
  });

  it('give a sign-in ten minutes', async () => {
    const started = await sealSignIn(signIn, SECRET, Date.now() - 601_000);
    expect(await openSignIn(started, SECRET)).toBeUndefined();
    const recent = await sealSignIn(signIn, SECRET, Date.now() - 590_000);
    expect(await openSignIn(recent, SECRET)).toEqual(signIn);
  });
});

describe('cookieValue', () => {
  it.each([
    ['a=1; b=2', 'b', '2'],
    ['a=1;b=2', 'b', '2'],
    ['b=x=y; a=1', 'b', 'x=y'],
    ['ab=1; b=2', 'b', '2'],
    ['b=first; b=second', 'b', 'first'],
    ['a=1', 'b', undefined],
    ['=1; b', 'b', undefined],
    ['', 'b', undefined],
  ])('%j has %s = %j', (header, name, value) => {
    expect(cookieValue(header, name)).toBe(value);
  });

  it('reads nothing from no header', () => {
    expect(cookieValue(null, 'b')).toBeUndefined();
  });
});

describe('safeNext', () => {
  it.each([
    ['/clusters/prod?tab=events', '/clusters/prod?tab=events'],
    ['/', '/'],
    [null, '/'],
    [undefined, '/'],
    ['', '/'],
    ['clusters', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/x', '/'],
    ['/\\evil.example', '/'],
    ['/a\\b', '/'],
    ['/a\nb', '/'],
    ['/a\u007fb', '/'],
    ['/auth/sign-in', '/'],
    ['/auth/callback?code=x', '/'],
    [`/${'a'.repeat(2048)}`, '/'],
    [`/${'a'.repeat(2047)}`, `/${'a'.repeat(2047)}`],
  ])('%j goes to %j', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });
});

describe('groupsFromClaim', () => {
  it.each([
    [
      ['a', 'b', 'a'],
      ['a', 'b'],
    ],
    [
      ['a', 7, null, '', 'b'],
      ['a', 'b'],
    ],
    ['a, b,,a', ['a', 'b']],
    ['', []],
    [undefined, []],
    [{ a: 1 }, []],
    [42, []],
  ])('%j is %j', (claim, groups) => {
    expect(groupsFromClaim(claim)).toEqual(groups);
  });
});
