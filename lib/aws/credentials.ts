import 'server-only';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { LRUCache } from 'lru-cache';
import { processWide } from '../process-wide';

/** The SDK's AwsCredentialIdentity (its types package is versioned apart from the clients). */
interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}
type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

/**
 * Credentials of a role Berth assumes for a target (sts:AssumeRole), one session per target and
 * session name, shared by every client of that target and refreshed before it expires.
 *
 * Berth keeps these itself rather than through fromTemporaryCredentials: a session AWS refuses
 * before its Expiration (revoked, or a clock that disagrees) must be dropped at once, so the
 * retry that follows assumes the role again (see `forgetOnExpiry` in clients.ts).
 */
export interface RoleSession {
  roleArn: string;
  externalId?: string;
  /** Shown in CloudTrail as the assumed role's session: `berth`, or `berth-<user>` for actions. */
  sessionName: string;
  /** The target's name, for the message when the role cannot be assumed. */
  targetName: string;
  /** Where STS is called: the target's first region, and the endpoint override if any. */
  region: string | undefined;
  endpoint: string | undefined;
}

/** One hour: AWS's default and every role's smallest MaxSessionDuration. */
export const ROLE_SESSION_SECONDS = 3600;

/** The role could not be assumed: AWS's reason, with the role and target it was for. */
export class RoleAssumptionError extends Error {
  constructor(
    readonly roleArn: string,
    message: string,
  ) {
    super(message);
    this.name = 'RoleAssumptionError';
  }
}

/**
 * Refresh when less than this is left: five minutes, or a quarter of the session when that is
 * shorter, so a request signed just before never reaches AWS with a key that has expired.
 */
export function refreshMargin(lifetimeMs: number): number {
  return Math.min(5 * 60_000, lifetimeMs / 4);
}

interface Held {
  credentials: AwsCredentialIdentity;
  issuedAt: number;
  expiresAt: number;
}

export interface RoleCredentials {
  provider: AwsCredentialIdentityProvider;
  /** Drop the session: the next request assumes the role again. */
  forget(): void;
}

function roleCredentials(session: RoleSession, now: () => number): RoleCredentials {
  let held: Held | undefined;
  let pending: Promise<Held> | undefined;
  const sts = new STSClient({
    ...(session.region ? { region: session.region } : {}),
    ...(session.endpoint ? { endpoint: session.endpoint } : {}),
    maxAttempts: 3,
  });

  async function assume(): Promise<Held> {
    const issuedAt = now();
    try {
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: session.roleArn,
          RoleSessionName: session.sessionName,
          DurationSeconds: ROLE_SESSION_SECONDS,
          ...(session.externalId ? { ExternalId: session.externalId } : {}),
        }),
      );
      if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.Expiration) {
        throw new Error('STS answered without credentials');
      }
      return {
        credentials: {
          accessKeyId: Credentials.AccessKeyId,
          secretAccessKey: Credentials.SecretAccessKey,
          sessionToken: Credentials.SessionToken,
          expiration: Credentials.Expiration,
        },
        issuedAt,
        expiresAt: Credentials.Expiration.getTime(),
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RoleAssumptionError(
        session.roleArn,
        `Berth could not assume ${session.roleArn} for target ${session.targetName}: ${reason.replace(/\.?$/, '.')} Check the role's trust policy, and that externalId in BERTH_TARGETS_FILE matches its sts:ExternalId condition.`,
      );
    }
  }

  const fresh = (h: Held) => h.expiresAt - now() > refreshMargin(h.expiresAt - h.issuedAt);

  const provider: AwsCredentialIdentityProvider = async () => {
    if (held && fresh(held)) return held.credentials;
    // Concurrent requests share one AssumeRole.
    pending ??= assume().finally(() => {
      pending = undefined;
    });
    held = await pending;
    return held.credentials;
  };
  // The SDK wraps providers in its own cache unless they say they cache themselves.
  (provider as { memoized?: boolean }).memoized = true;
  return {
    provider,
    forget: () => {
      held = undefined;
    },
  };
}

const sessions = processWide(
  'role-sessions',
  () => new LRUCache<string, RoleCredentials>({ max: 500 }),
);

/** The shared credentials of `session`; `now` is for tests of the refresh rule. */
export function assumedRole(session: RoleSession, now: () => number = Date.now): RoleCredentials {
  const key = [session.roleArn, session.externalId ?? '', session.sessionName].join('\n');
  let found = sessions.get(key);
  if (!found) {
    found = roleCredentials(session, now);
    sessions.set(key, found);
  }
  return found;
}

/**
 * A RoleSessionName naming `user` (AWS: 2–64 of [\w+=,.@-]): other characters become '-', and a
 * long name is cut, so CloudTrail still shows who acted.
 */
export function sessionNameFor(user: string | undefined): string {
  if (!user) return 'berth';
  return `berth-${user.replace(/[^\w+=,.@-]/g, '-')}`.slice(0, 64);
}
