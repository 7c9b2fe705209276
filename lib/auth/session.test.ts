import { hkdfSync } from 'node:crypto';
import { EncryptJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { groupsFromClaim } from './claims';
import {
  cookieValue,
  fitsInCookie,
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

  it('hold only a real PKCE verifier and a path to return to', async () => {
    const sealed = async (claims: Partial<typeof signIn>) =>
      openSignIn(await sealSignIn({ ...signIn, ...claims }, SECRET), SECRET);
    expect(await sealed({ verifier: 'v'.repeat(42) })).toBeUndefined();
    expect(await sealed({ verifier: 'v'.repeat(129) })).toBeUndefined();
    expect(await sealed({ verifier: 'v'.repeat(128) })).toEqual({
      ...signIn,
      verifier: 'v'.repeat(128),
    });
    expect(await sealed({ next: 'https://evil.example/' })).toBeUndefined();
  });

  it('give a sign-in ten minutes', async () => {
    const started = await sealSignIn(signIn, SECRET, Date.now() - 601_000);
    expect(await openSignIn(started, SECRET)).toBeUndefined();
    const recent = await sealSignIn(signIn, SECRET, Date.now() - 590_000);
    expect(await openSignIn(recent, SECRET)).toEqual(signIn);
  });
});

describe('the cookie format', () => {
  // Sealed by this version of Berth (exp 2100). A change to the key derivation or the
  // algorithms would sign everyone out at the next release: this test says so first.
  const SEALED_IN_2026 =
    'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..owb5r9dn7IJcmOsm.QPZQjpOSnEgBkeg-TX673QD_pVFWpJWf4NiUQr6cTQbpaKfUqF5umjAzrlU9p9RI_UQvQr-710wT0qaS6yKcXV_U5ssfkV0_JDx0A1iPb-cLddHKsUJEdDiF5p784Aso.GERe-wxxafJ1N_TWYOGySw';

  it('opens a session sealed by an earlier Berth with the same secret', async () => {
    expect(await openSession(SEALED_IN_2026, 'f'.repeat(32))).toEqual({
      sub: 'fixture',
      email: 'fixture@example.com',
      groups: ['g'],
      exp: 4102444800,
    });
  });

  it('refuses a token wrapped another way, even with the same key (alg is dir only)', async () => {
    const key = new Uint8Array(
      hkdfSync('sha256', 'f'.repeat(32), 'berth', 'berth session cookie v1', 32),
    );
    const wrapped = await new EncryptJWT({ sub: 'fixture', groups: [] })
      .setProtectedHeader({ alg: 'A256KW', enc: 'A256GCM' })
      .setExpirationTime(4102444800)
      .encrypt(key);
    expect(await openSession(wrapped, 'f'.repeat(32))).toBeUndefined();
    const direct = await new EncryptJWT({ sub: 'fixture', groups: [] })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setExpirationTime(4102444800)
      .encrypt(key);
    expect(await openSession(direct, 'f'.repeat(32))).toEqual({
      sub: 'fixture',
      groups: [],
      exp: 4102444800,
    });
  });

  it('opens a session of exactly the size a browser keeps', async () => {
    // Base64 skips some lengths; a subject one character shorter shifts the steps.
    let sealed = '';
    let subject = '';
    search: for (const subjectLength of [255, 254, 253]) {
      for (let length = 0; length <= 256; length += 1) {
        subject = 'x'.repeat(subjectLength);
        const groups = [...Array.from({ length: 24 }, () => 'g'.repeat(100)), 'h'.repeat(length)];
        sealed = await sealSession({ sub: subject, groups, exp: now() + 60 }, SECRET);
        if (sealed.length >= MAX_COOKIE_BYTES) {
          if (sealed.length === MAX_COOKIE_BYTES) break search;
          break;
        }
      }
    }
    expect(sealed.length).toBe(MAX_COOKIE_BYTES);
    expect(fitsInCookie(sealed)).toBe(true);
    expect(fitsInCookie(`${sealed}x`)).toBe(false);
    expect((await openSession(sealed, SECRET))?.sub).toBe(subject);
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
    ['a=1; b= 2 ', 'b', '2'],
    ['bb', 'b', undefined],
    ['b', 'b', undefined],
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
