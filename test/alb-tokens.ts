/**
 * Tokens as an Application Load Balancer signs them (ES256, header kid/signer/iss/client/exp),
 * and a loopback key endpoint that hands out the public key by kid as AWS's regional one does.
 * For the unit tests (lib/auth/alb.test.ts) and the e2e sign-in (e2e/alb-sign-in.spec.ts).
 */
import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ALB =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/berth/50dc6c495c0c9188';
export const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example';
export const CLIENT = 'berth-client';
export const KID = randomUUID();

export const trusted = generateKeyPairSync('ec', { namedCurve: 'P-256' });
export const stranger = generateKeyPairSync('ec', { namedCurve: 'P-256' });

/**
 * Serves the trusted public key at /<KID>; counts requests. `misbehave` bends the answer at
 * /<KID> (the key itself stays at /plain/<KID>): an error status with the key as its body, the
 * key padded past 16 KiB (or to exactly 16 KiB, which is still a key), or a redirect to it.
 */
export async function startKeyServer(
  port = 0,
  misbehave?: 'error-status' | 'oversized' | 'at-limit' | 'redirect',
): Promise<{ url: string; server: Server; requests: () => number }> {
  let requests = 0;
  const pem = trusted.publicKey.export({ type: 'spki', format: 'pem' }) as string;
  const server = createServer((request, response) => {
    requests += 1;
    if (request.url === `/plain/${KID}` || (request.url === `/${KID}` && !misbehave)) {
      response.end(pem);
    } else if (request.url === `/${KID}` && misbehave === 'error-status') {
      response.statusCode = 500;
      response.end(pem);
    } else if (request.url === `/${KID}` && misbehave === 'oversized') {
      response.end(pem + '\n'.repeat(16_384));
    } else if (request.url === `/${KID}` && misbehave === 'at-limit') {
      response.end(pem.padEnd(16_384, '\n'));
    } else if (request.url === `/${KID}` && misbehave === 'redirect') {
      response.writeHead(302, { location: `/plain/${KID}` }).end();
    } else {
      response.statusCode = 404;
      response.end();
    }
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const address = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}`, server, requests: () => requests };
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A signed token; each option bends one part of it. The ALB pads its base64url with "=". */
export function albToken({
  key = trusted.privateKey,
  header = {},
  claims = {},
  pad = false,
}: {
  key?: KeyObject;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  pad?: boolean;
} = {}): string {
  const exp = Math.floor(Date.now() / 1000) + 120;
  const encode = (value: object) => {
    const text = b64(value);
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
