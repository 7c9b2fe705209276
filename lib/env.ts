/**
 * Berth's configuration, read once from the environment and checked with zod: bad values stop
 * start-up (instrumentation.ts) with a message that says what to set.
 */
import { z } from 'zod';
import type { AlbSettings } from './auth/alb';
import type { AuthMode } from './auth/identity';
import { loadPolicy, type Policy } from './auth/policy';

const EnvSchema = z.object({
  AWS_REGION: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'AWS_REGION must be a region code such as us-east-1')
    .optional(),
  AWS_DEFAULT_REGION: z.string().optional(),
  AWS_ENDPOINT_URL: z
    .url({ message: 'AWS_ENDPOINT_URL must be a URL such as http://127.0.0.1:4566' })
    .optional(),
  BERTH_REFRESH_SECONDS: z.coerce
    .number()
    .int()
    .min(1, 'BERTH_REFRESH_SECONDS must be at least 1')
    .max(300, 'BERTH_REFRESH_SECONDS must be at most 300')
    .default(5),
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
  BERTH_MAX_DESIRED_COUNT: z.coerce
    .number()
    .int()
    .min(1, 'BERTH_MAX_DESIRED_COUNT must be at least 1')
    .max(5000, 'BERTH_MAX_DESIRED_COUNT must be at most 5000')
    .default(100),
  BERTH_CACHE_TTL_MS: z.coerce
    .number()
    .int()
    .min(0, 'BERTH_CACHE_TTL_MS must be 0 or more')
    .max(60_000, 'BERTH_CACHE_TTL_MS must be at most 60000')
    .default(2000),
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
    .enum(['none', 'proxy', 'alb'], {
      message:
        'BERTH_AUTH must be none, proxy or alb (oidc is not available yet: put Berth behind an ALB with OIDC, or oauth2-proxy)',
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
    .url({ message: 'BERTH_OIDC_ISSUER must be the issuer URL the ALB signs in with' })
    .optional(),
  BERTH_OIDC_CLIENT_ID: z
    .string()
    .min(1, 'BERTH_OIDC_CLIENT_ID must be the OIDC client id')
    .optional(),
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
  cacheTtlMs: number;
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
  /**
   * BERTH_POLICY_FILE, read and checked at start-up. Without it: in `none` mode every caller
   * may do everything; signed in any other way, everyone is a viewer.
   */
  policy?: Policy;
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
  if (env.BERTH_AUTH === 'proxy' && !env.BERTH_PROXY_SECRET) {
    throw new Error(
      'Berth cannot start: fix these settings.\n  - BERTH_AUTH=proxy needs BERTH_PROXY_SECRET, the secret your proxy sends in X-Berth-Proxy-Secret (e.g. openssl rand -hex 32)',
    );
  }
  const region =
    env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (env.AWS_ENDPOINT_URL ? 'us-east-1' : undefined);
  return {
    region,
    endpoint: env.AWS_ENDPOINT_URL,
    refreshSeconds: env.BERTH_REFRESH_SECONDS,
    cacheTtlMs: env.BERTH_CACHE_TTL_MS,
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
    policy: env.BERTH_POLICY_FILE ? loadPolicy(env.BERTH_POLICY_FILE) : undefined,
  };
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
