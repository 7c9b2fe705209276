/**
 * The ALB sign-in with real ES256 signatures: tokens signed here with a P-256 key whose public
 * half a loopback HTTP server hands out by kid, as AWS's regional key endpoint does.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALB,
  albToken as token,
  CLIENT,
  ISSUER,
  startKeyServer,
  stranger,
} from '../../test/alb-tokens';
import { callerFromAlb, type AlbSettings } from './alb';

let server: Server;
let settings: AlbSettings;
let keyRequests: () => number;

beforeAll(async () => {
  const keys = await startKeyServer();
  server = keys.server;
  keyRequests = keys.requests;
  settings = {
    albArn: ALB,
    issuer: ISSUER,
    clientId: CLIENT,
    groupsClaim: 'cognito:groups',
    keysUrl: keys.url,
  };
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

const ask = (jwt: string | undefined) =>
  callerFromAlb(new Headers(jwt ? { 'x-amzn-oidc-data': jwt } : {}), settings);

describe('callerFromAlb', () => {
  it('believes a token the ALB signed: email and groups from the configured claim', async () => {
    expect(await ask(token())).toEqual({
      id: 'dev@example.com',
      subject: '7f2c',
      groups: ['platform-team', 'dev'],
      mode: 'alb',
    });
  });

  it('reads the ALB padded base64url', async () => {
    expect((await ask(token({ pad: true })))?.id).toBe('dev@example.com');
  });

  it('falls back to sub without an email, and reads comma-separated groups', async () => {
    expect(await ask(token({ claims: { email: undefined, 'cognito:groups': 'a, b,a' } }))).toEqual({
      id: '7f2c',
      subject: '7f2c',
      groups: ['a', 'b'],
      mode: 'alb',
    });
  });

  it.each([
    ['no token', undefined],
    ['a bad signature', token({ key: stranger.privateKey })],
    ['another load balancer', token({ header: { signer: ALB.replace('berth', 'other') } })],
    ['another client', token({ header: { client: 'someone-else' } })],
    ['another issuer', token({ claims: { iss: 'https://evil.example' } })],
    ['an expired token', token({ claims: { exp: Math.floor(Date.now() / 1000) - 60 } })],
    ['a kid that is not a UUID', token({ header: { kid: '../../etc' } })],
    ['an unknown kid', token({ header: { kid: randomUUID() } })],
    ['no email and no sub', token({ claims: { email: undefined, sub: undefined } })],
    ['an empty email, though a sub', token({ claims: { email: '' } })],
    ['not a JWT', 'not.a.jwt'],
  ])('believes nobody with %s', async (_, jwt) => {
    expect(await ask(jwt)).toBeUndefined();
  });

  it.each(['error-status', 'oversized', 'redirect'] as const)(
    'believes nobody when the key endpoint answers with %s, though the key is in it',
    async (misbehave) => {
      const keys = await startKeyServer(0, misbehave);
      try {
        const plain = { ...settings, keysUrl: `${keys.url}/plain` };
        const bent = { ...settings, keysUrl: keys.url };
        const headers = new Headers({ 'x-amzn-oidc-data': token() });
        // The same key, served plainly, is believed: only the answer's shape refuses it.
        expect((await callerFromAlb(headers, plain))?.id).toBe('dev@example.com');
        expect(await callerFromAlb(headers, bent)).toBeUndefined();
      } finally {
        await new Promise<void>((done) => keys.server.close(() => done()));
      }
    },
  );

  it('believes a key of exactly 16 KiB, the most a key endpoint may answer', async () => {
    const keys = await startKeyServer(0, 'at-limit');
    try {
      const headers = new Headers({ 'x-amzn-oidc-data': token() });
      expect((await callerFromAlb(headers, { ...settings, keysUrl: keys.url }))?.id).toBe(
        'dev@example.com',
      );
    } finally {
      await new Promise<void>((done) => keys.server.close(() => done()));
    }
  });

  it('believes no one when neither email nor sub is a name', async () => {
    expect(await ask(token({ claims: { email: undefined, sub: undefined } }))).toBeUndefined();
    expect(await ask(token({ claims: { email: undefined, sub: 42 } }))).toBeUndefined();
  });

  it('leaves the subject out when sub is empty, and names the person by email', async () => {
    expect(await ask(token({ claims: { sub: '' } }))).toEqual({
      id: 'dev@example.com',
      groups: ['platform-team', 'dev'],
      mode: 'alb',
    });
  });

  it('fetches a key once and keeps it', async () => {
    const before = keyRequests();
    await ask(token());
    await ask(token());
    expect(keyRequests() - before).toBe(0);
    expect(before).toBeGreaterThan(0);
  });
});
