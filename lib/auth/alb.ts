/**
 * BERTH_AUTH=alb: behind an Application Load Balancer that signs people in with OIDC. The ALB
 * forwards `x-amzn-oidc-data`, a JWT signed ES256 whose header names the key (`kid`), the
 * load balancer (`signer`), the issuer and the client. AWS Labs' aws-jwt-verify checks all of
 * it (signature with the key fetched by kid and cached, signer, issuer, client, expiry); the
 * ALB's padded base64url is its concern, not ours.
 */
import { AlbJwksCache } from 'aws-jwt-verify/alb-cache';
import { AlbJwtVerifier } from 'aws-jwt-verify/alb-verifier';
import { groupsFromClaim } from './claims';
import type { Caller } from './identity';

export interface AlbSettings {
  albArn: string;
  issuer: string;
  clientId: string;
  /** The claim holding the person's groups (a list, or a comma-separated string). */
  groupsClaim: string;
  /** Where the keys are: AWS's regional endpoint unless set (GovCloud, the tests' own). */
  keysUrl?: string;
}

/**
 * Key fetches over plain HTTP as well as HTTPS: the tests serve their own keys on loopback.
 * (aws-jwt-verify's own fetcher speaks HTTPS only.) Bounded: a key is a few hundred bytes.
 */
const fetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000), redirect: 'error' });
    if (response.status !== 200) throw new Error(`${uri} answered ${response.status}`);
    const body = await response.arrayBuffer();
    if (body.byteLength > 16_384) throw new Error(`${uri} answered more than a key`);
    return body;
  },
};

type Verifier = ReturnType<
  typeof AlbJwtVerifier.create<{ albArn: string; issuer: string; clientId: string }>
>;
const verifiers = new Map<string, Verifier>();

function verifierFor(settings: AlbSettings): Verifier {
  const key = JSON.stringify(settings);
  let verifier = verifiers.get(key);
  if (!verifier) {
    verifier = AlbJwtVerifier.create(
      {
        albArn: settings.albArn,
        issuer: settings.issuer,
        clientId: settings.clientId,
        ...(settings.keysUrl ? { jwksUri: settings.keysUrl } : {}),
      },
      { jwksCache: new AlbJwksCache({ fetcher }) },
    );
    verifiers.set(key, verifier);
  }
  return verifier;
}

/** The person the ALB vouches for, or undefined when the token is missing or does not verify. */
export async function callerFromAlb(
  headers: Headers,
  settings: AlbSettings,
): Promise<Caller | undefined> {
  const token = headers.get('x-amzn-oidc-data');
  if (!token) return undefined;
  let claims: Record<string, unknown>;
  try {
    claims = await verifierFor(settings).verify(token);
  } catch {
    return undefined;
  }
  const id = typeof claims.email === 'string' ? claims.email : claims.sub;
  if (typeof id !== 'string' || id === '') return undefined;
  return {
    id,
    ...(typeof claims.sub === 'string' && claims.sub ? { subject: claims.sub } : {}),
    groups: groupsFromClaim(claims[settings.groupsClaim]),
    mode: 'alb',
  };
}
