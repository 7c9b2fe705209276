/**
 * The ALB sign-in with real ES256 signatures: tokens signed here with a P-256 key whose public
 * half a loopback HTTP server hands out by kid, as AWS's regional key endpoint does.
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerFromAlb, type AlbSettings } from './alb';

const ALB =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/berth/50dc6c495c0c9188';
const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example';
const CLIENT = 'berth-client';

const trusted = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const KID = randomUUID();
let server: Server;
let settings: AlbSettings;
let keyRequests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    keyRequests += 1;
    if (request.url === `/${KID}`) {
      response.end(trusted.publicKey.export({ type: 'spki', format: 'pem' }));
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  settings = {
    albArn: ALB,
    issuer: ISSUER,
    clientId: CLIENT,
    groupsClaim: 'cognito:groups',
    keysUrl: `http://127.0.0.1:${port}`,
  };
});

afterAll(() => new Promise<void>((done) => server.close(() => done())));

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token as the ALB makes it; `change` bends one part of it. */
function token({
  key = trusted.privateKey,
  header = {},
  claims = {},
  pad = false,
}: {
  key?: KeyObject;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  pad?: boolean;
} = {}) {
  const exp = Math.floor(Date.now() / 1000) + 120;
  const encode = (value: object) => {
    const text = b64(value);
    // The ALB pads its base64url with "=" and signs the padded text.
    return pad ? text.padEnd(Math.ceil(text.length / 4) * 4, '=') : text;
  };
  const head = encode({
    alg: 'ES256',
    kid: KID,
    signer: ALB,
    iss: ISSUER,
    client: CLIENT,
    exp,
    ...header,
  });
  const body = encode({
    sub: '7f2c',
    email: 'dev@example.com',
    'cognito:groups': ['platform-team', 'dev'],
    iss: ISSUER,
    exp,
    ...claims,
  });
  const signature = sign('sha256', Buffer.from(`${head}.${body}`), {
    key,
    dsaEncoding: 'ieee-p1363',
  }).toString('base64url');
  return `${head}.${body}.${signature}`;
}

const ask = (jwt: string | undefined) =>
  callerFromAlb(new Headers(jwt ? { 'x-amzn-oidc-data': jwt } : {}), settings);

describe('callerFromAlb', () => {
  it('believes a token the ALB signed: email and groups from the configured claim', async () => {
    expect(await ask(token())).toEqual({
      id: 'dev@example.com',
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
    ['not a JWT', 'not.a.jwt'],
  ])('believes nobody with %s', async (_, jwt) => {
    expect(await ask(jwt)).toBeUndefined();
  });

  it('fetches a key once and keeps it', async () => {
    keyRequests = 0;
    await ask(token());
    await ask(token());
    expect(keyRequests).toBe(0);
  });
});
