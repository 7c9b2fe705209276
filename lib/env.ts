/**
 * Berth's configuration, read once from the environment and checked with zod: bad values stop
 * start-up (instrumentation.ts) with a message that says what to set.
 */
import { z } from 'zod';
import type { AlbSettings } from './auth/alb';
import type { AuthMode } from './auth/identity';
import type { OidcSettings } from './auth/oidc';
import { loadPolicy, type Policy } from './auth/policy';
import { implicitTarget, loadTargets, placeNames, type Target } from './targets/config';

/**
 * A whole number from `min` to `max`, written as digits: a blank, `1.5` or `eight` is refused
 * by name (coercion would read a blank as 0 and report NaN without saying which variable).
 */
const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${name} must be at least ${min}`)
        .max(max, `${name} must be at most ${max}`),
    );

const EnvSchema = z.object({
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'AWS_REGION must be a region code such as us-east-1')
    .optional(),
  AWS_DEFAULT_REGION: z.string().optional(),
  AWS_ENDPOINT_URL: z
    .url({ message: 'AWS_ENDPOINT_URL must be a URL such as http://127.0.0.1:4566' })
    .optional(),
  BERTH_REFRESH_SECONDS: wholeNumber('BERTH_REFRESH_SECONDS', 1, 300).default(5),
  BERTH_READ_ONLY: z
    .enum(['0', '1', 'true', 'false', ''], { message: 'BERTH_READ_ONLY must be 1 or 0' })
    .optional(),
  BERTH_CLUSTERS: z
    .string()
    .regex(/^[A-Za-z0-9_,\s-]*$/, 'BERTH_CLUSTERS must be cluster names separated by commas')
    .optional(),
  BERTH_AUDIT_LOG_GROUP: z
    .string()
    .regex(
      /^[.\-_/#A-Za-z0-9]{1,512}$/,
      'BERTH_AUDIT_LOG_GROUP must be a CloudWatch Logs group name',
    )
    .default('/berth/audit'),
  BERTH_MAX_DESIRED_COUNT: wholeNumber('BERTH_MAX_DESIRED_COUNT', 1, 5000).default(100),
  BERTH_CACHE_TTL_MS: wholeNumber('BERTH_CACHE_TTL_MS', 0, 60_000).default(2000),
  BERTH_LIST_REUSE_SECONDS: wholeNumber('BERTH_LIST_REUSE_SECONDS', 0, 300).default(30),
  BERTH_LIVE_TAIL_LINGER_SECONDS: wholeNumber('BERTH_LIVE_TAIL_LINGER_SECONDS', 0, 600).default(30),
  BERTH_AUDIT_REQUIRED: z
    .enum(['0', '1', 'true', 'false'], { message: 'BERTH_AUDIT_REQUIRED must be 1 or 0' })
    .default('1'),
  BERTH_AUDIT_KEY: z
    .string()
    .min(32, 'BERTH_AUDIT_KEY must be at least 32 characters (e.g. openssl rand -hex 32)')
    .optional(),
  BERTH_PUBLIC_URL: z
    .url({ message: 'BERTH_PUBLIC_URL must be a URL such as https://berth.example.com' })
    .optional(),
  BERTH_ALLOWED_HOSTS: z
    .string()
    .regex(
      /^[A-Za-z0-9.:[\],\s-]*$/,
      'BERTH_ALLOWED_HOSTS must be host names separated by commas, e.g. berth.example.com',
    )
    .optional(),
  BERTH_TRUSTED_PROXIES: z
    .string()
    .regex(
      /^[0-9A-Fa-f.:,\s]*$/,
      'BERTH_TRUSTED_PROXIES must be IP addresses separated by commas, e.g. 10.0.0.5',
    )
    .optional(),
  BERTH_AUTH: z
    .enum(['none', 'proxy', 'alb', 'oidc'], {
      message: 'BERTH_AUTH must be none, proxy, alb or oidc (README: Running Berth for a team)',
    })
    .optional(),
  BERTH_ALB_ARN: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/app\/[^/]+\/[a-f0-9]+$/,
      'BERTH_ALB_ARN must be an Application Load Balancer ARN, arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<id>',
    )
    .optional(),
  BERTH_OIDC_ISSUER: z
    .url({
      message:
        "BERTH_OIDC_ISSUER must be the OpenID provider's issuer URL, e.g. https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123",
    })
    .optional(),
  BERTH_OIDC_CLIENT_ID: z
    .string()
    .min(1, 'BERTH_OIDC_CLIENT_ID must be the OIDC client id')
    .optional(),
  BERTH_OIDC_CLIENT_SECRET: z
    .string()
    .min(
      1,
      'BERTH_OIDC_CLIENT_SECRET must be the client secret (leave it unset for a public client)',
    )
    .optional(),
  BERTH_OIDC_SCOPES: z
    .string()
    .regex(
      /^openid( [A-Za-z0-9_:./-]+)*$/,
      'BERTH_OIDC_SCOPES must be scopes separated by single spaces, starting with openid, e.g. openid email profile',
    )
    .default('openid email profile'),
  BERTH_SESSION_SECRET: z
    .string()
    .min(32, 'BERTH_SESSION_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)')
    .optional(),
  BERTH_SESSION_HOURS: wholeNumber('BERTH_SESSION_HOURS', 1, 168).default(8),
  BERTH_ALB_KEYS_URL: z
    .url({
      message:
        'BERTH_ALB_KEYS_URL must be a URL such as https://public-keys.auth.elb.us-east-1.amazonaws.com',
    })
    .optional(),
  BERTH_GROUPS_CLAIM: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]{1,64}$/, 'BERTH_GROUPS_CLAIM must be a claim name such as groups')
    .default('groups'),
  BERTH_PROXY_SECRET: z
    .string()
    .min(32, 'BERTH_PROXY_SECRET must be at least 32 characters (e.g. openssl rand -hex 32)')
    .optional(),
  BERTH_POLICY_FILE: z.string().min(1, 'BERTH_POLICY_FILE must be a path').optional(),
  BERTH_TARGETS_FILE: z.string().min(1, 'BERTH_TARGETS_FILE must be a path').optional(),
});

/** Every variable Berth reads; each has a row in the README's settings table (env.test.ts). */
export const SETTING_NAMES = Object.keys(EnvSchema.shape);

/** Loopback names Berth answers to without configuration (a laptop, the demo, the tests). */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

export interface BerthEnv {
  /** Undefined lets the SDK resolve the region from AWS_PROFILE's config. */
  region: string | undefined;
  endpoint: string | undefined;
  refreshSeconds: number;
  /** How long a shared live tail session outlives its last viewer, in ms. */
  liveTailLingerMs: number;
  cacheTtlMs: number;
  /** How long a list of over one page is reused while it is listed again (lib/aws/kept-lists.ts). */
  listReuseMs: number;
  /** BERTH_READ_ONLY=1: no action buttons, and every action is refused server-side. */
  readOnly: boolean;
  /** BERTH_CLUSTERS: the only clusters actions may touch; undefined allows all. */
  clusterAllowList?: string[];
  auditLogGroup: string;
  maxDesiredCount: number;
  /** BERTH_AUDIT_REQUIRED (default on): an action whose audit line cannot be written is refused. */
  auditRequired: boolean;
  /** BERTH_AUDIT_KEY: signs audit lines; unsigned lines are then not shown. */
  auditKey?: string;
  /**
   * Host names (lower case, no port) requests may name in Host: the loopback names, the host of
   * BERTH_PUBLIC_URL and BERTH_ALLOWED_HOSTS. Anything else is refused (DNS rebinding).
   */
  allowedHosts: string[];
  /** BERTH_PUBLIC_URL: the address people use (HSTS when it is https). */
  publicUrl?: string;
  /** BERTH_TRUSTED_PROXIES: peers whose X-Forwarded-For is believed. */
  trustedProxies: string[];
  /** BERTH_AUTH: how a caller is identified (lib/auth/identity.ts); `none` when unset. */
  auth: AuthMode;
  /** Whether BERTH_AUTH was set: an open Berth off loopback must be chosen, not defaulted. */
  authChosen: boolean;
  proxySecret?: string;
  /** BERTH_AUTH=alb: the load balancer, issuer and client its tokens must name. */
  alb?: AlbSettings;
  /** BERTH_AUTH=oidc: the provider, client and session Berth signs people in with. */
  oidc?: OidcSettings;
  /**
   * BERTH_POLICY_FILE, read and checked at start-up. Without it: in `none` mode every caller
   * may do everything; signed in any other way, everyone is a viewer.
   */
  policy?: Policy;
  /**
   * BERTH_TARGETS_FILE's accounts and regions, checked at start-up; without it one implicit
   * target, the default credential chain in `region`.
   */
  targets: Target[];
}

export function parseEnv(source: Record<string, string | undefined>): BerthEnv {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.message}`);
    throw new Error(`Berth cannot start: fix these settings.\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const albMissing = ['BERTH_ALB_ARN', 'BERTH_OIDC_ISSUER', 'BERTH_OIDC_CLIENT_ID'].filter(
    (name) => !env[name as 'BERTH_ALB_ARN' | 'BERTH_OIDC_ISSUER' | 'BERTH_OIDC_CLIENT_ID'],
  );
  if (env.BERTH_AUTH === 'alb' && albMissing.length) {
    throw new Error(
      `Berth cannot start: fix these settings.\n  - BERTH_AUTH=alb needs ${albMissing.join(', ')}: the load balancer that signs the x-amzn-oidc-data header, and the issuer and client of its OIDC sign-in`,
    );
  }
  if (env.BERTH_AUTH === 'oidc') {
    const problem = oidcProblem(env);
    if (problem) throw new Error(`Berth cannot start: fix these settings.\n  - ${problem}`);
  }
  if (env.BERTH_AUTH === 'proxy' && !env.BERTH_PROXY_SECRET) {
    throw new Error(
      'Berth cannot start: fix these settings.\n  - BERTH_AUTH=proxy needs BERTH_PROXY_SECRET, the secret your proxy sends in X-Berth-Proxy-Secret (e.g. openssl rand -hex 32)',
    );
  }
  const region =
    env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (env.AWS_ENDPOINT_URL ? 'us-east-1' : undefined);
  const targets = env.BERTH_TARGETS_FILE
    ? loadTargets(env.BERTH_TARGETS_FILE)
    : [implicitTarget(region)];
  return {
    region,
    endpoint: env.AWS_ENDPOINT_URL,
    refreshSeconds: env.BERTH_REFRESH_SECONDS,
    liveTailLingerMs: env.BERTH_LIVE_TAIL_LINGER_SECONDS * 1000,
    cacheTtlMs: env.BERTH_CACHE_TTL_MS,
    listReuseMs: env.BERTH_LIST_REUSE_SECONDS * 1000,
    readOnly: env.BERTH_READ_ONLY === '1' || env.BERTH_READ_ONLY === 'true',
    clusterAllowList: env.BERTH_CLUSTERS?.trim()
      ? env.BERTH_CLUSTERS.split(',')
          .map((name) => name.trim())
          .filter(Boolean)
      : undefined,
    auditLogGroup: env.BERTH_AUDIT_LOG_GROUP,
    maxDesiredCount: env.BERTH_MAX_DESIRED_COUNT,
    auditRequired: env.BERTH_AUDIT_REQUIRED === '1' || env.BERTH_AUDIT_REQUIRED === 'true',
    auditKey: env.BERTH_AUDIT_KEY,
    allowedHosts: [
      ...new Set([
        ...LOOPBACK_HOSTS,
        ...(env.BERTH_PUBLIC_URL ? [new URL(env.BERTH_PUBLIC_URL).hostname.toLowerCase()] : []),
        ...list(env.BERTH_ALLOWED_HOSTS),
      ]),
    ],
    publicUrl: env.BERTH_PUBLIC_URL,
    trustedProxies: list(env.BERTH_TRUSTED_PROXIES),
    auth: env.BERTH_AUTH ?? 'none',
    authChosen: env.BERTH_AUTH !== undefined,
    proxySecret: env.BERTH_PROXY_SECRET,
    ...(env.BERTH_ALB_ARN && env.BERTH_OIDC_ISSUER && env.BERTH_OIDC_CLIENT_ID
      ? {
          alb: {
            albArn: env.BERTH_ALB_ARN,
            issuer: env.BERTH_OIDC_ISSUER,
            clientId: env.BERTH_OIDC_CLIENT_ID,
            groupsClaim: env.BERTH_GROUPS_CLAIM,
            ...(env.BERTH_ALB_KEYS_URL
              ? { keysUrl: env.BERTH_ALB_KEYS_URL.replace(/\/$/, '') }
              : {}),
          },
        }
      : {}),
    ...(env.BERTH_AUTH === 'oidc' &&
    env.BERTH_OIDC_ISSUER &&
    env.BERTH_OIDC_CLIENT_ID &&
    env.BERTH_SESSION_SECRET &&
    env.BERTH_PUBLIC_URL
      ? {
          oidc: {
            issuer: env.BERTH_OIDC_ISSUER,
            clientId: env.BERTH_OIDC_CLIENT_ID,
            ...(env.BERTH_OIDC_CLIENT_SECRET ? { clientSecret: env.BERTH_OIDC_CLIENT_SECRET } : {}),
            scopes: env.BERTH_OIDC_SCOPES,
            sessionSecret: env.BERTH_SESSION_SECRET,
            sessionHours: env.BERTH_SESSION_HOURS,
            publicUrl: env.BERTH_PUBLIC_URL,
            groupsClaim: env.BERTH_GROUPS_CLAIM,
          },
        }
      : {}),
    policy: env.BERTH_POLICY_FILE
      ? loadPolicy(env.BERTH_POLICY_FILE, placeNames(targets))
      : undefined,
    targets,
  };
}

/**
 * What BERTH_AUTH=oidc lacks, if anything: the provider and client, the key the session
 * cookie is sealed with, and the address people use (the callback is built from it, and the
 * Secure cookie needs https there, or a loopback address for a trial).
 */
function oidcProblem(env: z.infer<typeof EnvSchema>): string | undefined {
  const missing = [
    'BERTH_OIDC_ISSUER',
    'BERTH_OIDC_CLIENT_ID',
    'BERTH_SESSION_SECRET',
    'BERTH_PUBLIC_URL',
  ].filter((name) => !env[name as keyof typeof env]);
  if (missing.length) {
    return `BERTH_AUTH=oidc needs ${missing.join(', ')}: the provider and client Berth signs in with, the secret its session cookie is sealed with, and the URL people open (the provider sends them back to <BERTH_PUBLIC_URL>/auth/callback)`;
  }
  const publicUrl = new URL(env.BERTH_PUBLIC_URL!);
  if (publicUrl.protocol !== 'https:' && !isLoopback(publicUrl.hostname)) {
    return `BERTH_AUTH=oidc needs an https BERTH_PUBLIC_URL (${publicUrl.origin} is plain http): the session cookie is Secure, so browsers keep it only over TLS`;
  }
  return undefined;
}

const isLoopback = (host: string) =>
  ['localhost', '::1', '[::1]'].includes(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);

/**
 * Why Berth must not start listening on `bindHost`, if it must not: anyone who reaches a
 * non-loopback address could act on production, so running without sign-in there has to be
 * asked for (BERTH_AUTH=none), never the default.
 */
export function startupRefusal(config: BerthEnv, bindHost: string): string | undefined {
  if (config.authChosen || isLoopback(bindHost)) return undefined;
  return `Berth will not listen on ${bindHost} without sign-in: anyone who reaches it could change your services. Set BERTH_AUTH=proxy behind a sign-in proxy (README: Running Berth for a team), or BERTH_AUTH=none to run it open on purpose.`;
}

let cached: BerthEnv | undefined;

/** The parsed configuration of this process. */
export function env(): BerthEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change the environment between cases; servers never call this. */
export function resetEnvForTests() {
  cached = undefined;
}
